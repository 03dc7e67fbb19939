// Package apicheck_test holds internal/apicheck to a real kube-apiserver:
// every manifest of manifests/samples (valid) and manifests/samples/invalid,
// and a generated corpus of invalid Ingresses and CRD objects (one mutation
// per rule), is checked offline and sent to the API server as a server-side
// dry run with strict field validation (what `kubectl apply
// --dry-run=server` does); the verdicts and the field paths must agree.
package apicheck_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/apicheck"
	"github.com/apisix-ingress/apisix-ingress/tests/corpus"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Main(m, &env, testenv.Options{}) }

func TestVerdictsMatchTheAPIServer(t *testing.T) {
	checker, err := apicheck.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	docs := append(corpus.Samples(t), corpus.Generated(t)...)
	var agree, rejected int
	for _, d := range docs {
		offline := paths(checker.Check(d.Obj.DeepCopy()))
		server := serverPaths(ctx, t, d.Obj.DeepCopy())
		if strings.Join(offline, " ") != strings.Join(server, " ") {
			t.Errorf("%s: offline %q, API server %q", d.Name, offline, server)
			continue
		}
		agree++
		if len(server) > 0 {
			rejected++
		}
	}
	t.Logf("%d objects, %d agree (%d rejected by both)", len(docs), agree, rejected)
}

// paths are the sorted, distinct field paths of errs ("" for an unknown
// field, which the API server reports without one).
func paths(errs field.ErrorList) []string {
	set := map[string]bool{}
	for _, e := range errs {
		f := e.Field
		if e.Origin == "unknownField" {
			f = ""
		}
		set[f] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func serverPaths(ctx context.Context, t *testing.T, obj *unstructured.Unstructured) []string {
	if obj.GetNamespace() == "" && obj.GetKind() != "IngressClass" {
		obj.SetNamespace("default")
	}
	err := env.Client.Create(ctx, obj, client.DryRunAll, client.FieldValidation("Strict"))
	if err == nil {
		return nil
	}
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("%s: %v", obj.GetName(), err)
	}
	set := map[string]bool{}
	if se.ErrStatus.Details != nil {
		for _, c := range se.ErrStatus.Details.Causes {
			f := c.Field
			if strings.HasPrefix(c.Message, "unknown field") || c.Type == "FieldValueUnknown" {
				f = ""
			}
			set[f] = true
		}
	}
	if len(set) == 0 {
		set[""] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
