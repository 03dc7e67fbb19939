package translator

import (
	"maps"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// The Gateway API (gateway.networking.k8s.io/v1) is translated as one
// group: a Gateway's status counts the routes attached to it, a route's
// attachment depends on its Gateways' listeners and on ReferenceGrants, so
// any change to a Gateway API object (or to what one of them looked up)
// translates every Gateway API source again. Its cost grows with the
// number of Gateway API objects, not with the rest of the cluster.

// gatewaySupportedFeatures are the Gateway API features a GatewayClass's
// status.supportedFeatures claims: those implemented whose conformance
// tests pass (docs/conformance), and the route kinds translated. Not
// claimed: retries (APISIX retries on errors and timeouts only),
// misdirected-request detection (its test needs HTTP/2); not implemented:
// static addresses, infrastructure, ListenerSets, BackendTLSPolicy.
// GatewayPort8080 depends on the ports APISIX listens on.
var gatewaySupportedFeatures = []gwv1.FeatureName{
	"Gateway",
	"GatewayHTTPListenerIsolation",
	"GRPCRoute",
	"GRPCRouteNamedRouteRule",
	"HTTPRoute",
	"HTTPRoute303RedirectStatusCode",
	"HTTPRoute307RedirectStatusCode",
	"HTTPRoute308RedirectStatusCode",
	"HTTPRouteBackendProtocolWebSocket",
	"HTTPRouteBackendRequestHeaderModification",
	"HTTPRouteBackendTimeout",
	"HTTPRouteCORS",
	"HTTPRouteHostRewrite",
	"HTTPRouteMethodMatching",
	"HTTPRouteNamedRouteRule",
	"HTTPRouteParentRefPort",
	"HTTPRoutePathRedirect",
	"HTTPRoutePathRewrite",
	"HTTPRoutePortRedirect",
	"HTTPRouteQueryParamMatching",
	"HTTPRouteRequestMirror",
	"HTTPRouteRequestMultipleMirrors",
	"HTTPRouteRequestPercentageMirror",
	"HTTPRouteRequestTimeout",
	"HTTPRouteResponseHeaderModification",
	"HTTPRouteSchemeRedirect",
	"ReferenceGrant",
	"TCPRoute",
	"TLSRoute",
	"UDPRoute",
}

// gatewayWork returns the Gateway API sources to translate again after the
// changes (every one, or none), and adds them to redo.
func (tr *Translator) gatewayWork(changed []ObjectRef, dirty, redo map[ObjectRef]bool) []ObjectRef {
	touched := false
	for _, r := range changed {
		touched = touched || isGatewayKind(r.Kind)
	}
	for r := range dirty {
		touched = touched || isGatewaySource(r.Kind)
	}
	if !touched {
		return nil
	}
	refs := tr.ix.gatewaySources()
	for _, r := range changed { // deleted ones too
		if isGatewaySource(r.Kind) {
			refs = append(refs, r)
		}
	}
	slices.SortFunc(refs, ObjectRef.compare)
	refs = slices.Compact(refs)
	for _, r := range refs {
		redo[r] = true
	}
	return refs
}

// gatewaySources returns the Gateway API sources of the index.
func (ix *index) gatewaySources() []ObjectRef {
	var refs []ObjectRef
	for name := range ix.gatewayClasses {
		refs = append(refs, ObjectRef{Kind: KindGatewayClass, Name: name})
	}
	add := func(kind string, keys func(yield func(nsName) bool)) {
		for k := range keys {
			refs = append(refs, ObjectRef{Kind: kind, Namespace: k.ns, Name: k.name})
		}
	}
	add(KindGateway, maps.Keys(ix.gateways))
	add(KindHTTPRoute, maps.Keys(ix.httpRoutes))
	add(KindGRPCRoute, maps.Keys(ix.grpcRoutes))
	add(KindTLSRoute, maps.Keys(ix.tlsRoutes))
	add(KindTCPRoute, maps.Keys(ix.tcpRoutes))
	add(KindUDPRoute, maps.Keys(ix.udpRoutes))
	return refs
}

// gatewayAPI translates the Gateway API sources refs (sorted): all of
// them or none (see gatewayWork). The Gateways go first, without their
// status: which routes attach depends on their listeners. Then each route,
// counting its attachments on the listeners, and last each Gateway's status
// with those counts.
func (t *translation) gatewayAPI(refs []ObjectRef) {
	if len(refs) == 0 {
		return
	}
	for _, ref := range refs {
		if ref.Kind != KindGatewayClass {
			continue
		}
		t.begin(ref)
		if c := t.ix.gatewayClasses[ref.Name]; c != nil && t.ownsGatewayClass(c) {
			t.gatewayClass(c)
		}
	}
	gs := t.gateways()
	for _, ref := range refs {
		k := nsName{ref.Namespace, ref.Name}
		switch ref.Kind {
		case KindHTTPRoute:
			t.begin(ref)
			if r := t.ix.httpRoutes[k]; r != nil {
				t.httpRoute(gs, r)
			}
		case KindGRPCRoute:
			t.begin(ref)
			if r := t.ix.grpcRoutes[k]; r != nil {
				t.grpcRoute(gs, r)
			}
		case KindTLSRoute, KindTCPRoute, KindUDPRoute:
			t.begin(ref)
			t.streamGatewayRoute(gs, ref)
		}
	}
	for _, g := range gs.list {
		t.begin(g.ref)
		t.commitGateway(g.e, g.status())
	}
	t.deps = nil
}

// ownsGatewayClass reports whether this controller serves the class.
func (t *translation) ownsGatewayClass(c *gwv1.GatewayClass) bool {
	return string(c.Spec.ControllerName) == t.opts.GatewayControllerName
}

// gatewayClass accepts a class this controller serves. A parametersRef is
// not read: the class takes no parameters.
func (t *translation) gatewayClass(c *gwv1.GatewayClass) {
	ref := ObjectRef{Kind: KindGatewayClass, Name: c.Name}
	e := t.newEmitter(ref, c.Generation)
	st := &GatewayAPIStatus{}
	st.Conditions = append(st.Conditions, metav1.Condition{
		Type: string(gwv1.GatewayClassConditionStatusAccepted), Status: metav1.ConditionTrue,
		Reason: string(gwv1.GatewayClassReasonAccepted), Message: "served by " + t.opts.GatewayControllerName,
	})
	for _, f := range gatewaySupportedFeatures {
		st.SupportedFeatures = append(st.SupportedFeatures, gwv1.SupportedFeature{Name: f})
	}
	slices.SortFunc(st.SupportedFeatures, func(a, b gwv1.SupportedFeature) int { return strings.Compare(string(a.Name), string(b.Name)) })
	t.commitGateway(e, st)
}

// commitGateway commits the emitter of a Gateway API source with the status
// it should show.
func (t *translation) commitGateway(e *emitter, st *GatewayAPIStatus) {
	t.commit(e)
	if !t.record {
		t.all.Statuses[len(t.all.Statuses)-1].GatewayAPI = st
		return
	}
	t.outs[e.ref].status.GatewayAPI = st
}
