package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// envAdminKey names the environment variable holding the Admin API key of
// --apisix-admin-url (never a flag: flags show in process lists and CI logs).
const envAdminKey = "APISIX_ADMIN_KEY"

// finding is one line of validate's output.
type finding struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	Severity  string `json:"severity"` // error or warning
	Field     string `json:"field,omitempty"`
	Message   string `json:"message"`
	// APIServer marks what the API server itself refuses (before admission).
	APIServer bool `json:"apiServer,omitempty"`
}

// runValidate checks manifests as `kubectl apply` would: first what the API
// server itself refuses (CRD schemas and CEL, Kubernetes' rules for
// built-in kinds), then the admission webhook's checks, with references
// resolved among the given files. Exit 0 valid, 1 invalid, 2
// usage or I/O error.
func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", stderr)
	var files multiFlag
	fs.VarP(&files, "filename", "f", "file, directory (recursive) or - for stdin; repeatable")
	ns := fs.StringP("namespace", "n", "default", "namespace of objects that name none")
	output := fs.StringP("output", "o", "text", "output format: text, json, sarif (code scanning) or github (workflow annotations)")
	schemasDir := fs.String("schemas", "", "directory of APISIX's JSON schemas, to check plugin configurations offline")
	adminURL := fs.String("apisix-admin-url", "", "APISIX Admin API URL(s), comma separated, to check plugin configurations against its schemas and the translated objects with its configs/validate (key in $"+envAdminKey+")")
	policy := fs.String("legacy-annotations", string(webhook.PolicyConvert), "policy for nginx.ingress.kubernetes.io annotations: convert, warn or reject")
	class := fs.String("ingress-class", translator.DefaultIngressClass, "IngressClass name this controller serves")
	extra := fs.String("extra-ingress-classes", "", "further class names to take over, comma separated (e.g. nginx)")
	quiet := fs.BoolP("quiet", "q", false, "print errors only, no warnings")
	var gw gatewayFlags
	gw.register(fs, false)
	if code, done := parseFlags(fs, "validate", args, stdout, stderr); done {
		return code
	}
	if len(files) == 0 || fs.NArg() > 0 || !slices.Contains(validateFormats, *output) {
		fmt.Fprintln(stderr, "usage: apisix-ingress validate -f FILE|DIR|- [-o text|json|sarif|github] [--schemas DIR | --apisix-admin-url URL]")
		return 2
	}
	pol, err := webhook.ParsePolicy(*policy)
	if err != nil {
		fmt.Fprintln(stderr, "validate:", err)
		return 2
	}
	opts := webhook.Options{
		Translator: translator.Options{IngressClass: *class, ExtraIngressClasses: splitList(*extra)},
		Policy:     pol,
		Deadline:   time.Minute,
	}
	gw.apply(&opts.Translator, nil)
	if *schemasDir != "" {
		if opts.Schemas, err = schema.Load(*schemasDir, schema.Options{}); err != nil {
			fmt.Fprintln(stderr, "validate:", err)
			return 2
		}
	} else if *adminURL != "" {
		opts.APISIX, err = apisix.NewClient(apisix.Config{BaseURLs: splitList(*adminURL), APIKey: os.Getenv(envAdminKey), MaxRetries: 1})
		if err != nil {
			fmt.Fprintln(stderr, "validate:", err)
			return 2
		}
		opts.APISIXTimeout = 5 * time.Second
		opts.ConfigsValidate = true // offline, so APISIX may also check the translated objects
	}
	docs, err := manifestio.ReadPaths(files, stdin)
	if err != nil {
		fmt.Fprintln(stderr, "validate:", err)
		return 2
	}
	refused, docs, err := apiServerChecks(docs, *ns, true)
	if err != nil {
		fmt.Fprintln(stderr, "validate:", err)
		return 1
	}
	findings, objects, err := validateDocs(docs, *ns, opts)
	if err != nil {
		fmt.Fprintln(stderr, "validate:", err)
		return 1
	}
	findings = append(refused, findings...)
	objects += len(refused)
	if *quiet {
		findings = onlyErrors(findings)
	}
	code := 0
	for _, f := range findings {
		if f.Severity == "error" {
			code = 1
		}
	}
	switch *output {
	case "sarif":
		if err := writeSARIF(stdout, findings, version); err != nil {
			fmt.Fprintln(stderr, "validate:", err)
			return 2
		}
		return code
	case "github":
		writeGitHub(stdout, findings)
		return code
	}
	if *output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if findings == nil {
			findings = []finding{}
		}
		_ = enc.Encode(struct {
			Valid    bool      `json:"valid"`
			Objects  int       `json:"objects"`
			Findings []finding `json:"findings"`
		}{code == 0, objects, findings})
		return code
	}
	for _, f := range findings {
		fmt.Fprintln(stdout, f.text())
	}
	return code
}

func (f finding) text() string {
	obj := f.object()
	if f.Severity == "warning" {
		return fmt.Sprintf("%s:%d: %s: warning: %s", f.Path, f.Line, obj, f.Message)
	}
	if f.Field == "" {
		return fmt.Sprintf("%s:%d: %s: %s", f.Path, f.Line, obj, f.Message)
	}
	return fmt.Sprintf("%s:%d: %s: %s: %s", f.Path, f.Line, obj, f.Field, f.Message)
}

func onlyErrors(in []finding) []finding {
	var out []finding
	for _, f := range in {
		if f.Severity == "error" {
			out = append(out, f)
		}
	}
	return out
}

// validateDocs decodes the documents and validates every Ingress and
// apisix.apache.org/v2 object in file order, as the cluster would admit
// them one after the other.
func validateDocs(docs []manifestio.Document, ns string, opts webhook.Options) ([]finding, int, error) {
	dec, err := snapshotio.Decode(docs, ns)
	if err != nil {
		return nil, 0, err
	}
	store := webhook.NewMemoryStore(dec.Snapshot, nil)
	v := webhook.NewValidator(store, opts)
	// With --apisix-admin-url, APISIX's plugin schemas; when it does not
	// answer, each plugin it would have checked gets a "not checked" warning.
	_ = v.RefreshSchemas(context.Background())
	type item struct {
		obj client.Object
		ref translator.ObjectRef
		src snapshotio.Source
	}
	var items []item
	for _, o := range admittable(dec.Snapshot) {
		ref := translator.ObjectRef{Kind: kindName(o), Namespace: o.GetNamespace(), Name: o.GetName()}
		items = append(items, item{o, ref, dec.Sources[ref]})
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].src, items[j].src
		return a.Path < b.Path || (a.Path == b.Path && a.Line < b.Line)
	})
	var out []finding
	ctx := context.Background()
	for _, it := range items {
		vd := v.Validate(ctx, webhook.Create, it.obj, nil)
		if vd.Ignored {
			continue
		}
		base := finding{Path: it.src.Path, Line: it.src.Line, Kind: it.ref.Kind, Namespace: it.ref.Namespace, Name: it.ref.Name}
		for _, e := range vd.Errors {
			f := base
			f.Severity, f.Field, f.Message = "error", e.Field, e.ErrorBody()
			out = append(out, f)
		}
		for _, w := range vd.Warnings {
			f := base
			f.Severity, f.Message = "warning", w
			out = append(out, f)
		}
		if len(vd.Errors) == 0 {
			store.Admit(it.obj)
		}
	}
	return out, len(items), nil
}

// admittable lists the objects the webhook validates: those of the source
// kinds of translator.SnapshotKinds.
func admittable(s *translator.Snapshot) []client.Object {
	var out []client.Object
	for _, k := range translator.SnapshotKinds() {
		if k.Source {
			for _, o := range k.Objects(s) {
				out = append(out, o.(client.Object))
			}
		}
	}
	return out
}

func kindName(o client.Object) string {
	k, _ := translator.SnapshotKindFor(o)
	return k.GVK.Kind
}
