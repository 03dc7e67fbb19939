package translator

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// gwBind is where a route is served: a programmed listener of a Gateway,
// with the hostnames the route and the listener have in common (nil: any).
type gwBind struct {
	g     *gwGateway
	l     *gwListener
	hosts []string
}

// key identifies what a bind matches in APISIX: the hostnames and, with an
// address pool, the Gateway's address and the listener's port; without a
// pool, the listener's scheme (two listeners of one protocol with the same
// hostnames match the same requests).
func (b gwBind) key(pool bool) string {
	k := strings.Join(b.hosts, ",")
	if pool {
		return fmt.Sprintf("%s:%d|%s", b.g.address, b.l.l.Port, k)
	}
	return b.scheme() + "|" + k
}

// scheme is the request scheme the bind's listener serves: without an
// address pool the listener's port is not matched, but an HTTP listener's
// routes still answer plain HTTP only and an HTTPS listener's TLS only (else
// an HTTP listener's redirect to https would answer HTTPS requests too).
func (b gwBind) scheme() string {
	if b.l.l.Protocol == gwv1.HTTPSProtocolType {
		return "https"
	}
	return "http"
}

// gwAttachment is how a route attaches to its parents: one entry per
// parentRef naming a Gateway of a class this controller serves.
type gwAttachment struct {
	parents []gwParent
}

type gwParent struct {
	ref gwv1.ParentReference
	// reason is "" when the route attaches (Accepted), else why not.
	reason, msg string
	binds       []gwBind
	listeners   []*gwListener // attached (programmed or not)
}

// attach resolves a route's parentRefs. It returns nil when no parentRef
// names a Gateway of a class this controller serves: the route is not
// this controller's.
func (t *translation) attach(gs *gwState, kind, ns string, refs []gwv1.ParentReference, hostnames []gwv1.Hostname) *gwAttachment {
	var at *gwAttachment
	for _, pr := range refs {
		if (pr.Group != nil && *pr.Group != gatewayGroup) || (pr.Kind != nil && *pr.Kind != KindGateway) {
			continue
		}
		gns := ns
		if pr.Namespace != nil && *pr.Namespace != "" {
			gns = string(*pr.Namespace)
		}
		g := gs.byName[nsName{gns, string(pr.Name)}]
		if g == nil {
			continue
		}
		if at == nil {
			at = &gwAttachment{}
		}
		at.parents = append(at.parents, t.attachParent(g, kind, ns, pr, hostnames))
	}
	return at
}

// attachParent attaches a route to the listeners of one Gateway that its
// parentRef selects (by sectionName and port), allow its kind and
// namespace, and share a hostname with it.
func (t *translation) attachParent(g *gwGateway, kind, ns string, pr gwv1.ParentReference, hostnames []gwv1.Hostname) gwParent {
	p := gwParent{ref: pr}
	selected, allowed := 0, 0
	for _, l := range g.listeners {
		if (pr.SectionName != nil && *pr.SectionName != l.l.Name) || (pr.Port != nil && *pr.Port != l.l.Port) {
			continue
		}
		selected++
		if !slices.ContainsFunc(l.kinds, func(k gwv1.RouteGroupKind) bool { return string(k.Kind) == kind }) || !t.namespaceAllowed(g, l, ns) {
			continue
		}
		allowed++
		hosts, ok := intersectHosts(l.hostname, hostnames)
		if !ok {
			continue
		}
		p.listeners = append(p.listeners, l)
		if l.programmed() {
			p.binds = append(p.binds, gwBind{g: g, l: l, hosts: hosts})
		}
	}
	switch {
	case selected == 0:
		p.reason = string(gwv1.RouteReasonNoMatchingParent)
		p.msg = fmt.Sprintf("Gateway %s/%s has no listener", g.gw.Namespace, g.gw.Name)
		if pr.SectionName != nil {
			p.msg += fmt.Sprintf(" named %s", *pr.SectionName)
		}
		if pr.Port != nil {
			p.msg += fmt.Sprintf(" on port %d", *pr.Port)
		}
	case allowed == 0:
		p.reason = string(gwv1.RouteReasonNotAllowedByListeners)
		p.msg = fmt.Sprintf("no listener of Gateway %s/%s allows %ss from namespace %s", g.gw.Namespace, g.gw.Name, kind, ns)
	case len(p.listeners) == 0:
		p.reason = string(gwv1.RouteReasonNoMatchingListenerHostname)
		p.msg = fmt.Sprintf("no hostname of the route matches a listener of Gateway %s/%s", g.gw.Namespace, g.gw.Name)
	}
	return p
}

// namespaceAllowed reports whether the listener's allowedRoutes.namespaces
// admits routes of namespace ns (Same by default).
func (t *translation) namespaceAllowed(g *gwGateway, l *gwListener, ns string) bool {
	from := gwv1.NamespacesFromSame
	var sel *metav1.LabelSelector
	if ar := l.l.AllowedRoutes; ar != nil && ar.Namespaces != nil {
		if ar.Namespaces.From != nil {
			from = *ar.Namespaces.From
		}
		sel = ar.Namespaces.Selector
	}
	switch from {
	case gwv1.NamespacesFromAll:
		return true
	case gwv1.NamespacesFromSame:
		return ns == g.gw.Namespace
	case gwv1.NamespacesFromSelector:
		if sel == nil {
			return false
		}
		s, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil {
			return false
		}
		// The API server labels every Namespace with its name.
		set := labels.Set{corev1.LabelMetadataName: ns}
		if o := t.namespace(ns); o != nil {
			for k, v := range o.Labels {
				set[k] = v
			}
		}
		return s.Matches(set)
	}
	return false
}

// namespace returns the Namespace name, nil when the snapshot lacks it.
func (t *translation) namespace(name string) *corev1.Namespace {
	t.use(KindNamespace, "", name)
	return t.ix.namespaces[name]
}

// intersectHosts returns the hostnames a route serves on a listener: the
// route's hostnames the listener's matches (a wildcard route hostname
// narrowed to the listener's, the more specific of two wildcards), the
// listener's when the route has none, nil (any) when neither has any. ok
// is false when both have hostnames and none intersect.
func intersectHosts(listener string, route []gwv1.Hostname) ([]string, bool) {
	if len(route) == 0 {
		if listener == "" {
			return nil, true
		}
		return []string{listener}, true
	}
	var out []string
	for _, h := range route {
		r := strings.ToLower(string(h))
		var got string
		switch {
		case listener == "" || listener == r:
			got = r
		case coversHost(listener, r):
			got = r
		case coversHost(r, listener):
			got = listener
		default:
			continue
		}
		if !slices.Contains(out, got) {
			out = append(out, got)
		}
	}
	slices.Sort(out)
	return out, len(out) > 0
}

// coversHost reports whether the wildcard w ("*.example.com") matches h, a
// hostname or a narrower wildcard; never the apex ("example.com").
func coversHost(w, h string) bool {
	if !strings.HasPrefix(w, "*.") {
		return false
	}
	suffix := w[1:] // ".example.com"
	return len(h) > len(suffix) && strings.HasSuffix(h, suffix) && h != w
}

// parentStatuses builds the route's status.parents: Accepted per parent
// (False with routeReason for every parent when the route itself is not
// valid), ResolvedRefs for the route's references, and counts the route
// on the listeners it attaches to when it is accepted there.
func (t *translation) parentStatuses(at *gwAttachment, routeReason, routeMsg string, refs *refState) []gwv1.RouteParentStatus {
	var out []gwv1.RouteParentStatus
	counted := map[*gwListener]bool{}
	for _, p := range at.parents {
		ps := gwv1.RouteParentStatus{ParentRef: p.ref, ControllerName: gwv1.GatewayController(t.opts.GatewayControllerName)}
		switch {
		case routeReason != "":
			ps.Conditions = append(ps.Conditions, condition(string(gwv1.RouteConditionAccepted), false, routeReason, routeMsg))
		case p.reason != "":
			ps.Conditions = append(ps.Conditions, condition(string(gwv1.RouteConditionAccepted), false, p.reason, p.msg))
		default:
			ps.Conditions = append(ps.Conditions, condition(string(gwv1.RouteConditionAccepted), true, string(gwv1.RouteReasonAccepted), "accepted"))
			for _, l := range p.listeners {
				if !counted[l] {
					counted[l] = true
					l.attached++
				}
			}
		}
		if refs.reason == "" {
			ps.Conditions = append(ps.Conditions, condition(string(gwv1.RouteConditionResolvedRefs), true, string(gwv1.RouteReasonResolvedRefs), "references resolved"))
		} else {
			ps.Conditions = append(ps.Conditions, condition(string(gwv1.RouteConditionResolvedRefs), false, refs.reason, refs.msg))
		}
		out = append(out, ps)
	}
	return out
}

// binds returns where an accepted route is served, without repeats.
func (at *gwAttachment) binds(pool bool) []gwBind {
	var out []gwBind
	seen := map[string]bool{}
	for _, p := range at.parents {
		if p.reason != "" {
			continue
		}
		for _, b := range p.binds {
			if k := b.key(pool); !seen[k] {
				seen[k] = true
				out = append(out, b)
			}
		}
	}
	return out
}

// refState is the first reference problem of a route (ResolvedRefs).
type refState struct{ reason, msg string }

func (r *refState) fail(reason, msg string) {
	if r.reason == "" {
		r.reason, r.msg = reason, msg
	}
}

// routeRefusal returns why a route is not accepted (Accepted False,
// UnsupportedValue): a value it cannot serve as written, or an error that
// withholds its APISIX objects (what the webhook refuses, for a route
// that exists anyway): none of its rules is served.
func routeRefusal(e *emitter, unsupported string) (reason, msg string) {
	if unsupported == "" && e.blocking() {
		for _, x := range e.errs {
			if x.Type != field.ErrorTypeNotFound {
				unsupported = x.Error()
				break
			}
		}
	}
	if unsupported == "" {
		return "", ""
	}
	return string(gwv1.RouteReasonUnsupportedValue), unsupported
}

// startRoute attaches the route ref (obj) to its parents and returns the
// builder of its APISIX objects, the places it is served and whether
// Gateways have pool addresses; a nil builder when no parent is a Gateway
// this controller serves (the route is not this controller's: no status).
func (t *translation) startRoute(gs *gwState, ref ObjectRef, obj metav1.Object, tag, scheme string,
	parents []gwv1.ParentReference, hostnames []gwv1.Hostname) (*gwRouteBuilder, []gwBind, bool) {
	at := t.attach(gs, ref.Kind, ref.Namespace, parents, hostnames)
	if at == nil {
		return nil, nil, false
	}
	b := t.newRouteBuilder(t.newEmitter(ref, obj.GetGeneration()), ref.Kind, tag, ref.Namespace, ref.Name, scheme)
	b.at = at
	b.age = gs.ages[obj.GetCreationTimestamp().Unix()]
	pool := t.opts.GatewayAddressPool != ""
	binds := at.binds(pool)
	b.emit = len(binds) > 0
	return b, binds, pool
}
