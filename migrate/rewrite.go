package migrate

import (
	"fmt"
	"sync/atomic"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// rewriteAll decides what replaces each document: ingress-nginx's Ingresses
// that are not blocked are rewritten (ModeIngress) or converted (ModeCRD);
// every other document passes through.
func (r *run) rewriteAll(expected *translator.Result) ([]Output, error) {
	outs := make([]Output, len(r.docs))
	var order []translator.ObjectRef
	for i, d := range r.docs {
		outs[i].Doc = d
		ref := r.refs[i]
		if ref.Kind != "Ingress" || r.nginx[ref] == nil {
			continue
		}
		outs[i].Ingress = true
		if r.blocked[ref] {
			r.reports[ref].Output = "unchanged (blocked)"
			continue
		}
		order = append(order, ref)
	}
	var plan *crdPlan
	if r.opts.Mode == ModeCRD {
		plan = r.planCRD(expected, order)
	}
	if r.opts.Mode == ModeGateway {
		return r.rewriteGateway(outs, order)
	}
	// Plans are shared between Ingresses with the same annotations: make
	// them all first, then rewrite the documents concurrently.
	plans := make(map[translator.ObjectRef]*annotationPlan, len(order))
	for _, ref := range order {
		plans[ref] = r.planFor(r.nginx[ref].Annotations)
	}
	errs := make([]error, len(outs))
	var done atomic.Int64
	parallel(len(outs), func(i int) {
		ref := r.refs[i]
		if !outs[i].Ingress || r.blocked[ref] {
			return
		}
		outs[i].Docs, errs[i] = r.rewriteOne(outs[i].Doc, ref, plans[ref], plan)
		if n := done.Add(1); len(r.docs) >= progressMin && n%progressEvery == 0 {
			r.opts.progress("rewrote %d of %d Ingresses", n, len(order))
		}
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", outs[i].Doc.Path, outs[i].Doc.Line, err)
		}
	}
	return outs, nil
}

// rewriteOne returns the documents that replace one Ingress.
// It runs concurrently: it only reads the run, and writes the Ingress's own
// report.
func (r *run) rewriteOne(d manifestio.Document, ref translator.ObjectRef, p *annotationPlan, plan *crdPlan) ([][]byte, error) {
	rep := r.reports[ref]
	if plan != nil {
		if ir := plan.routes[ref]; ir != nil {
			rep.Output = "ApisixRoute"
			objs := []any{ir.route}
			for _, au := range plan.upstreamAt[ref] {
				objs = append(objs, au)
			}
			for _, t := range ir.tls {
				objs = append(objs, t)
			}
			return marshalObjectsWith(objs, &plan.scalars)
		}
	}
	for i := range rep.Annotations {
		rep.Annotations[i].Rewritten = p.describe(rep.Annotations[i].Key)
	}
	rep.Output = "rewritten"
	if plan != nil {
		rep.Output = "kept as Ingress: " + plan.kept[ref]
	}
	out, err := editIngressYAML(d.Raw, d.Node, p, r.opts.IngressClass)
	if err != nil {
		return nil, err
	}
	return [][]byte{out}, nil
}

// docNamespace is the namespace the Ingress's document names ("" when it
// names none and takes the default).
func (r *run) docNamespace(ref translator.ObjectRef) string {
	if i, ok := r.docOf[ref]; ok {
		return r.docs[i].Head.Metadata.Namespace
	}
	return ""
}
