package migrate

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// gwPlan is the --to gateway-api conversion: which Ingresses become
// HTTPRoutes (and with what), which stay Ingresses and why, which canaries
// are merged into their primary's routes, and the Gateway.
type gwPlan struct {
	units  map[translator.ObjectRef][]*gwUnit
	kept   map[translator.ObjectRef]string
	merged map[translator.ObjectRef]bool
	// forms are the forms of each annotation, by Ingress and key.
	forms map[translator.ObjectRef]map[string][]carried
	// objects are the documents written instead of each converted Ingress.
	objects map[translator.ObjectRef][]any
	names   map[translator.ObjectRef][]string
	// gateway are the documents of the Gateway (nil with Options.Gateway).
	gateway  []any
	messages map[translator.ObjectRef][]Message
	scalars  scalarCache
}

// gwGroup is the conversion of one group of Ingresses that share hosts.
type gwGroup struct {
	refs  []translator.ObjectRef
	units map[translator.ObjectRef][]*gwUnit
	kept  map[translator.ObjectRef]string
	forms map[translator.ObjectRef]map[string][]carried
}

// planGateway converts the Ingresses in order (those not blocked). The
// translator says what each annotation does: each group of Ingresses that
// share a host is translated, then translated again without each
// annotation in turn, and what changes is that annotation's effect (plugins
// of routes, or the route's match, timeouts, upstream). Plugins no
// annotation made are ingress-nginx's defaults and are not carried.
func (r *run) planGateway(order []translator.ObjectRef) *gwPlan {
	services := map[nsName]*corev1.Service{}
	for _, s := range r.dec.Snapshot.Services {
		services[nsName{s.Namespace, s.Name}] = s
	}
	groups := hostGroups(order, r.nginx)
	ix := r.newRefIndex()
	out := make([]*gwGroup, len(groups))
	parallel(len(groups), func(i int) {
		out[i] = r.convertGroup(groups[i], services, ix)
	})
	p := &gwPlan{
		units: map[translator.ObjectRef][]*gwUnit{}, kept: map[translator.ObjectRef]string{},
		merged: map[translator.ObjectRef]bool{}, forms: map[translator.ObjectRef]map[string][]carried{},
		objects: map[translator.ObjectRef][]any{}, names: map[translator.ObjectRef][]string{},
		messages: map[translator.ObjectRef][]Message{},
	}
	for _, g := range out {
		for _, ref := range g.refs {
			p.forms[ref] = g.forms[ref]
			if why, ok := g.kept[ref]; ok {
				p.kept[ref] = why
				continue
			}
			if isCanary(r.nginx[ref]) {
				p.merged[ref] = true
				continue
			}
			p.units[ref] = g.units[ref]
		}
	}
	r.buildGatewayObjects(p, order)
	return p
}

// convertGroup converts the Ingresses of one group, or keeps them all as
// Ingresses when one of them cannot be converted (an HTTPRoute and an
// Ingress on one host would no longer order their paths as ingress-nginx
// did, and a canary follows its primary).
func (r *run) convertGroup(group []translator.ObjectRef, services map[nsName]*corev1.Service, ix refIndex) *gwGroup {
	base, effects := r.groupEffects(group, ix)
	g := &gwGroup{refs: group, units: map[translator.ObjectRef][]*gwUnit{}, kept: map[translator.ObjectRef]string{},
		forms: map[translator.ObjectRef]map[string][]carried{}}
	// annotated[route][plugin]: the plugins annotations made ("" = all of
	// the route's, for a route an annotation adds).
	annotated := map[string]map[string]bool{}
	for _, ref := range group {
		for _, effs := range effects[ref] {
			for _, e := range effs {
				if e.route == "" || (!e.plugin && e.what != effRoute) {
					continue
				}
				if annotated[e.route] == nil {
					annotated[e.route] = map[string]bool{}
				}
				if e.plugin {
					annotated[e.route][e.what] = true
				} else {
					annotated[e.route][""] = true
				}
			}
		}
	}
	own := ownedBy(base.State)
	ups := r.backendIndex(base.State, services)
	sslsOf := map[translator.ObjectRef][]*apisix.SSL{}
	for _, s := range base.State.SSLs {
		ref := translator.ObjectRef{Kind: s.Labels[apisix.LabelSourceKind], Namespace: s.Labels[apisix.LabelSourceNamespace], Name: s.Labels[apisix.LabelSourceName]}
		sslsOf[ref] = append(sslsOf[ref], s)
	}
	routeForms := map[string]map[string]carried{}
	why := ""
	for _, ref := range group {
		ing := r.nginx[ref]
		o := own[ref]
		if o == nil {
			o = &owned{}
		}
		if isCanary(ing) {
			if len(o.streams) > 0 || o.consumers > 0 {
				g.kept[ref] = keepWhy(ing, o, nil)
			}
			continue
		}
		if w := keepWhy(ing, o, sslsOf[ref]); w != "" {
			g.kept[ref] = w
			continue
		}
		routes := append([]*apisix.Route(nil), o.routes...)
		sort.Slice(routes, func(i, j int) bool {
			if routes[i].Priority != routes[j].Priority {
				return routes[i].Priority > routes[j].Priority
			}
			return routes[i].ID < routes[j].ID
		})
		for _, rt := range routes {
			u, forms, w := convertRoute(rt, annotated[rt.ID], ups)
			if w != "" {
				g.kept[ref] = w
				break
			}
			g.units[ref] = append(g.units[ref], u)
			routeForms[rt.ID] = forms
		}
	}
	for _, ref := range group {
		if w, ok := g.kept[ref]; ok && why == "" {
			why = w
		}
	}
	if why != "" {
		for _, ref := range group {
			if _, ok := g.kept[ref]; !ok {
				g.kept[ref] = "another Ingress of its host is kept (" + why + "), and the Ingresses of a host move together"
			}
		}
		for _, ref := range group {
			g.forms[ref] = map[string][]carried{}
			for k := range effects[ref] {
				g.forms[ref][k] = []carried{{FormIngress, "kept as Ingress"}}
			}
		}
		return g
	}
	for _, ref := range group {
		g.forms[ref] = map[string][]carried{}
		for k, effs := range effects[ref] {
			g.forms[ref][k] = effectForms(effs, routeForms)
		}
	}
	return g
}

// effectForms is the form of each effect of an annotation.
func effectForms(effs []effect, routeForms map[string]map[string]carried) []carried {
	var out []carried
	shared := ""
	for _, e := range effs {
		effectForm(&out, e, routeForms)
		shared = e.shared
	}
	if shared != "" && len(out) > 0 {
		f, t := combine(out)
		return []carried{{f, "with the other " + shared + " annotations: " + t}}
	}
	return out
}

// effectForm appends the form of one effect.
func effectForm(out *[]carried, e effect, routeForms map[string]map[string]carried) {
	{
		switch e.what {
		case effTimeout:
			*out = append(*out, notCarried(timeoutWhy))
			return
		case effWebsocket:
			*out = append(*out, notCarried("the route's WebSocket switch has no HTTPRoute field"))
			return
		case effUpstream:
			for _, f := range e.fields {
				*out = append(*out, notCarried(upstreamWhy(f)))
			}
			return
		case effTLS, effConsumer, effStream:
			*out = append(*out, notCarried("its "+e.what+" objects have no Gateway API form here"))
			return
		}
		rf := routeForms[e.route]
		c, ok := rf[e.what]
		switch {
		case ok:
			*out = append(*out, c)
		case e.plugin:
			*out = append(*out, carried{FormNone, "nothing to carry: it turns off a plugin the HTTPRoute does not have"})
		}
	}
}

const timeoutWhy = "route timeouts (connect, send, read per attempt) have no HTTPRoute field (timeouts.request bounds the whole request)"

// upstreamWhy says why an upstream field is not carried.
func upstreamWhy(field string) string {
	const none = " has no HTTPRoute field and an ApisixPluginConfig holds plugins only"
	switch field {
	case "scheme":
		return "upstream scheme" + none + ": set the Service port's appProtocol (kubernetes.io/h2c, https)"
	case "type", "hash_on", "key":
		return "load balancing (upstream " + field + ")" + none
	case "retries", "retry_timeout":
		return "upstream " + field + none
	case "timeout":
		return timeoutWhy
	case "pass_host", "upstream_host":
		return "upstream " + field + none
	}
	return "upstream " + field + none
}

// annotationForms fills the Gateway API form of every annotation of a
// report.
func (p *gwPlan) annotationForms(ref translator.ObjectRef, rep *IngressReport) {
	forms := p.forms[ref]
	for i := range rep.Annotations {
		a := &rep.Annotations[i]
		parts, known := forms[a.Key]
		if a.Key == legacyClassAnnotation {
			a.Form, a.GatewayAPI = FormNone, "nothing to carry: the HTTPRoutes attach to the Gateway instead"
			continue
		}
		if !known {
			continue
		}
		if len(parts) == 0 {
			why := "no effect of its own in APISIX (ingress-nginx's default, or another annotation decides)"
			if a.Outcome == Ignored || a.Outcome == Blocked {
				why = a.Reason
			}
			a.Form, a.GatewayAPI = FormNone, "nothing to carry: "+why
			continue
		}
		a.Form, a.GatewayAPI = combine(parts)
	}
}

// outputText is what the report says was written for a converted Ingress.
func (p *gwPlan) outputText(ref translator.ObjectRef) string {
	return strings.Join(p.names[ref], ", ")
}

// gatewayPath is the file the Gateway's documents are written to.
const gatewayPath = "gateway.yaml"

// rewriteGateway decides, for --to gateway-api, what replaces each
// Ingress: its HTTPRoutes and ApisixPluginConfigs, nothing for a canary
// merged into its primary's routes, or the Ingress rewritten as with
// --to ingress when it is kept. The Gateway's documents come last, as a
// document of their own (gateway.yaml).
func (r *run) rewriteGateway(outs []Output, order []translator.ObjectRef) ([]Output, error) {
	p := r.planGateway(order)
	for _, ref := range order {
		i := r.docOf[ref]
		rep := r.reports[ref]
		p.annotationForms(ref, rep)
		rep.Messages = append(rep.Messages, p.messages[ref]...)
		switch {
		case p.merged[ref]:
			rep.Output = "merged into its primary's HTTPRoute rules"
			outs[i].Docs = [][]byte{}
		case p.objects[ref] != nil:
			rep.Output = p.outputText(ref)
			docs, err := marshalObjectsWith(p.objects[ref], &p.scalars)
			if err != nil {
				return nil, err
			}
			outs[i].Docs = docs
		default:
			plan := r.planFor(r.nginx[ref].Annotations)
			for j := range rep.Annotations {
				rep.Annotations[j].Rewritten = plan.describe(rep.Annotations[j].Key)
			}
			rep.Output = "kept as Ingress: " + p.kept[ref]
			out, err := editIngressYAML(outs[i].Doc.Raw, outs[i].Doc.Node, plan, r.opts.IngressClass)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", outs[i].Doc.Path, outs[i].Doc.Line, err)
			}
			outs[i].Docs = [][]byte{out}
		}
	}
	if p.gateway != nil {
		docs, err := marshalObjectsWith(p.gateway, &p.scalars)
		if err != nil {
			return nil, err
		}
		outs = append(outs, Output{Doc: manifestio.Document{Path: gatewayPath}, Docs: docs, Gateway: true})
	}
	return outs, nil
}
