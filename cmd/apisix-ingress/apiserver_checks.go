package main

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/apicheck"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
)

// apiServerChecks applies, before anything else, what the API server would
// refuse at `kubectl apply` (internal/apicheck). It returns one error finding
// per refusal, and the documents the API server would accept (with the
// defaults it would store filled in when asStored); refused documents are left out, as a
// cluster never holds them. With asStored false the accepted documents are
// returned as written (migrate rewrites what the user wrote, not what the
// API server would store).
func apiServerChecks(docs []manifestio.Document, ns string, asStored bool) ([]finding, []manifestio.Document, error) {
	checker, err := apicheck.New()
	if err != nil {
		return nil, nil, err
	}
	var out []finding
	kept := make([]manifestio.Document, 0, len(docs))
	for _, d := range docs {
		js := d.JSON
		if js == nil {
			if js, err = yaml.YAMLToJSON(d.Raw); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", d.Path, d.Line, err)
			}
		}
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(js); err != nil || !checker.Knows(obj.GroupVersionKind()) {
			kept = append(kept, d) // the decoder reports what it cannot read
			continue
		}
		errs := checker.Check(obj)
		if len(errs) == 0 {
			if asStored {
				if d.JSON, err = obj.MarshalJSON(); err != nil {
					return nil, nil, err
				}
			}
			kept = append(kept, d)
			continue
		}
		objNS := obj.GetNamespace()
		if objNS == "" && obj.GetKind() != "IngressClass" {
			objNS = ns
		}
		for _, e := range errs {
			f := finding{Path: d.Path, Line: d.Line, Kind: obj.GetKind(), Namespace: objNS, Name: obj.GetName(),
				Severity: "error", Field: e.Field, Message: e.ErrorBody(), APIServer: true}
			if f.Field == "<nil>" {
				f.Field = ""
			}
			out = append(out, f)
		}
	}
	return out, kept, nil
}

// printAPIServerRefusals writes findings as translate and migrate report
// errors ("path:line: Kind ns/name: field: message").
func printAPIServerRefusals(w io.Writer, findings []finding) {
	for _, f := range findings {
		fmt.Fprintln(w, f.text())
	}
}
