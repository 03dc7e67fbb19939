package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/corpus"
)

// TestValidateAgreesWithKubectlApply: every manifest of manifests/samples
// and manifests/samples/invalid, and the generated corpus of tests/corpus
// (one mutation per API server rule), one object per run, is given to
// `apisix-ingress validate` offline and to this API server (webhook
// installed) as a server-side dry run with strict field validation, which
// is what `kubectl apply --dry-run=server` sends. Both must accept it, or
// both refuse it naming the same fields.
func TestValidateAgreesWithKubectlApply(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "apisix-ingress")
	build := exec.Command("go", "build", "-o", bin, "./cmd/apisix-ingress")
	build.Dir = testutil.ModuleRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	schemas := testutil.SchemasDir(t)
	namespace(t, "parity")
	agree, refused := 0, 0
	docs := append(corpus.Samples(t), corpus.Generated(t)...)
	for _, d := range docs {
		obj := d.Obj
		if obj.GetNamespace() != "" {
			obj.SetNamespace("parity")
		}
		one := filepath.Join(t.TempDir(), "object.yaml")
		single, _ := yaml.JSONToYAML(mustJSON(t, obj))
		if err := os.WriteFile(one, single, 0o600); err != nil {
			t.Fatal(err)
		}
		offline := validateFields(t, bin, schemas, one)
		server := dryRunFields(t, obj.DeepCopy())
		if strings.Join(offline, " | ") != strings.Join(server, " | ") {
			t.Errorf("%s: validate %q, kubectl apply %q", d.Name, offline, server)
			continue
		}
		agree++
		if len(server) > 0 {
			refused++
		}
	}
	t.Logf("%d objects: validate and kubectl apply agree on %d (%d refused by both)", len(docs), agree, refused)
}

func mustJSON(t *testing.T, obj *unstructured.Unstructured) []byte {
	b, err := obj.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// validateFields runs validate on one file and returns the sorted fields of
// its errors ("" for an error without a field or an unknown field).
func validateFields(t *testing.T, bin, schemas, file string) []string {
	cmd := exec.Command(bin, "validate", "-q", "-o", "json", "-n", "parity", "--schemas", schemas, "-f", file)
	out, err := cmd.Output()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		t.Fatalf("validate %s: %v\n%s", file, err, out)
	}
	var res struct {
		Findings []struct {
			Field, Message string
			APIServer      bool `json:"apiServer"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("validate %s: %v\n%s", file, err, out)
	}
	set := map[string]bool{}
	for _, f := range res.Findings {
		field := f.Field
		if f.APIServer && strings.HasPrefix(f.Message, "Invalid value: \"<omitted>\"") || strings.Contains(f.Message, "unknown field") {
			field = ""
		}
		set[field] = true
	}
	return sortedKeys(set)
}

func dryRunFields(t *testing.T, obj *unstructured.Unstructured) []string {
	err := cl.Client.Create(context.Background(), obj, client.DryRunAll, client.FieldValidation("Strict"))
	if err == nil {
		return nil
	}
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("%s: %v", obj.GetName(), err)
	}
	set := map[string]bool{}
	if d := se.ErrStatus.Details; d != nil {
		for _, c := range d.Causes {
			f := c.Field
			if f == "<nil>" || strings.HasPrefix(c.Message, "unknown field") {
				f = ""
			}
			set[f] = true
		}
	}
	if len(set) == 0 {
		set[""] = true
	}
	return sortedKeys(set)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
