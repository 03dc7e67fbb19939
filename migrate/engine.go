package migrate

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Result is the outcome of Run.
type Result struct {
	Report *Report
	// Outputs has one entry per input document, in input order.
	Outputs []Output
	// Expected is the APISIX state the migrated manifests must translate to:
	// the input translated with ingress-nginx's classes taken over, without
	// the blocked Ingresses (which are left to ingress-nginx).
	Expected *translator.Result
}

// Output is what replaces one input document.
type Output struct {
	Doc manifestio.Document
	// Docs replace Doc; nil means Doc passes through unchanged.
	Docs [][]byte
	// Ingress is set when Doc is an Ingress that ingress-nginx serves.
	Ingress bool
	// Gateway is set on the output that is no input document: the Gateway
	// that --to gateway-api writes (Doc.Path is its file name).
	Gateway bool
}

// Changed reports whether the document is replaced.
func (o Output) Changed() bool { return o.Docs != nil }

// run is the working state of one Run.
type run struct {
	opts Options
	docs []manifestio.Document
	dec  *snapshotio.Decoded
	// refs is the object of each document (zero when not decoded), and
	// docOf the document of each object.
	refs  []translator.ObjectRef
	docOf map[translator.ObjectRef]int
	// nginx are the Ingresses ingress-nginx serves, by ref.
	nginx map[translator.ObjectRef]*networkingv1.Ingress
	// topts are the translator options that take over ingress-nginx's classes.
	topts translator.Options
	orig  *translator.Result
	// blocked are the Ingresses left as they are.
	blocked map[translator.ObjectRef]bool
	reports map[translator.ObjectRef]*IngressReport
	cache   map[string]*annotationPlan
}

// Run migrates the documents: it reports on every Ingress that
// ingress-nginx serves and rewrites those it can.
func Run(docs []manifestio.Document, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	if len(docs) >= progressMin {
		opts.progress("read %d documents", len(docs))
	}
	dec, err := decode(docs, opts.Namespace)
	if err != nil {
		return nil, err
	}
	r := &run{
		opts: opts, docs: docs, dec: dec,
		blocked: map[translator.ObjectRef]bool{},
		reports: map[translator.ObjectRef]*IngressReport{},
		cache:   map[string]*annotationPlan{},
	}
	r.indexDocs()
	r.selectNginx()
	if len(docs) >= progressMin {
		opts.progress("translating %d Ingresses of ingress-nginx", len(r.nginx))
	}
	r.orig = translator.Translate(r.snapshot(nil), r.topts)
	r.classifyAll()
	expected := r.orig
	if len(r.blocked) > 0 {
		expected = translator.Translate(r.snapshot(r.blocked), r.topts)
	}
	res := &Result{Expected: expected}
	res.Outputs, err = r.rewriteAll(expected)
	if err != nil {
		return nil, err
	}
	res.Report = r.report(res.Outputs)
	return res, nil
}

// indexDocs finds the object each document holds.
func (r *run) indexDocs() {
	type at struct {
		path string
		line int
	}
	byPos := make(map[at]translator.ObjectRef, len(r.dec.Sources))
	for ref, s := range r.dec.Sources {
		byPos[at{s.Path, s.Line}] = ref
	}
	r.refs = make([]translator.ObjectRef, len(r.docs))
	r.docOf = make(map[translator.ObjectRef]int, len(r.docs))
	for i, d := range r.docs {
		ref, ok := byPos[at{d.Path, d.Line}]
		r.refs[i] = ref
		if ok {
			r.docOf[ref] = i
		}
	}
}

// snapshot returns the input snapshot without ingress-nginx's
// IngressClasses (so that their class names can be taken over) and without
// the Ingresses in drop.
func (r *run) snapshot(drop map[translator.ObjectRef]bool) *translator.Snapshot {
	s := *r.dec.Snapshot
	s.IngressClasses = nil
	for _, c := range r.dec.Snapshot.IngressClasses {
		if !r.isNginxClass(c) {
			s.IngressClasses = append(s.IngressClasses, c)
		}
	}
	if len(drop) > 0 {
		s.Ingresses = nil
		for _, ing := range r.dec.Snapshot.Ingresses {
			if !drop[ingressRef(ing)] {
				s.Ingresses = append(s.Ingresses, ing)
			}
		}
	}
	return &s
}

func ingressRef(ing *networkingv1.Ingress) translator.ObjectRef {
	return translator.ObjectRef{Kind: "Ingress", Namespace: ing.Namespace, Name: ing.Name}
}

// source is the "file:line" of an object.
func (r *run) source(ref translator.ObjectRef) string {
	s, ok := r.dec.Sources[ref]
	if !ok {
		return ""
	}
	if s.Path == clusterPath {
		return "cluster"
	}
	return fmt.Sprintf("%s:%d", s.Path, s.Line)
}
