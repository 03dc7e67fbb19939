package translator

import (
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/intstr"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// gwRouteBuilder holds what translating one Gateway API route shares: its
// emitter, the upstreams emitted so far and its first reference problem.
type gwRouteBuilder struct {
	t      *translation
	e      *emitter
	at     *gwAttachment // the route's parents (see startRoute)
	kind   string        // HTTPRoute, GRPCRoute, ...
	tag    string
	ns     string
	name   string
	digest sourceDigest
	refs   refState
	// scheme of the upstreams ("grpc" for GRPCRoutes, "tcp"/"udp" for
	// stream routes; "" lets a Service port's appProtocol say https).
	scheme string
	ups    map[string]*apisix.Upstream
	// age of the route (see routeAges), for priorities.
	age uint32
	// emit is false for a route served nowhere: its references are
	// resolved for its status, but no upstream is emitted.
	emit bool
}

func (t *translation) newRouteBuilder(e *emitter, kind, tag, ns, name, scheme string) *gwRouteBuilder {
	return &gwRouteBuilder{t: t, e: e, kind: kind, tag: tag, ns: ns, name: name, digest: digestOf(ns, name), scheme: scheme, ups: map[string]*apisix.Upstream{}}
}

// weighted is a backendRef with its weight (default 1).
type weighted struct {
	ref    gwv1.BackendObjectReference
	weight int32
}

func weightOf(w *int32) int32 {
	if w == nil {
		return 1
	}
	return *w
}

// resolveBackend resolves a backendRef to a Service: an unknown kind is
// InvalidKind, a Service in another namespace without a ReferenceGrant
// RefNotPermitted, a missing Service or port BackendNotFound (each a
// ResolvedRefs problem of the route, reported in its status only).
func (b *gwRouteBuilder) resolveBackend(r gwv1.BackendObjectReference) (resolved, string, bool) {
	if (r.Group != nil && *r.Group != "") || (r.Kind != nil && *r.Kind != KindService) {
		b.refs.fail(string(gwv1.RouteReasonInvalidKind), fmt.Sprintf("backendRef %s/%s %s: only core Services are supported", groupOf(r.Group), kindOf2(r.Kind, KindService), r.Name))
		return resolved{}, "", false
	}
	ns := b.ns
	if r.Namespace != nil && *r.Namespace != "" {
		ns = string(*r.Namespace)
	}
	if !b.t.referenceGranted(gatewayGroup, b.kind, b.ns, "", KindService, ns, string(r.Name)) {
		b.refs.fail(string(gwv1.RouteReasonRefNotPermitted), fmt.Sprintf("Service %s/%s is in another namespace and no ReferenceGrant there allows %ss of %s to use it", ns, r.Name, b.kind, b.ns))
		return resolved{}, "", false
	}
	if r.Port == nil {
		b.refs.fail(string(gwv1.RouteReasonBackendNotFound), fmt.Sprintf("backendRef Service %s/%s needs a port", ns, r.Name))
		return resolved{}, "", false
	}
	res, rerr := b.t.resolve(serviceTarget{namespace: ns, name: string(r.Name), port: intstr.FromInt32(*r.Port)})
	if rerr != nil {
		b.refs.fail(string(gwv1.RouteReasonBackendNotFound), rerr.detail)
		return resolved{}, "", false
	}
	return res, ns, true
}

// upstream returns the upstream of a backendRef, emitting it the first
// time the route uses that Service and port; nil when it does not resolve.
func (b *gwRouteBuilder) upstream(r gwv1.BackendObjectReference) *apisix.Upstream {
	res, ns, ok := b.resolveBackend(r)
	if !ok {
		return nil
	}
	port := strconv.Itoa(int(*r.Port))
	key := ns + "/" + string(r.Name) + ":" + port
	if up := b.ups[key]; up != nil {
		return up
	}
	up := &apisix.Upstream{Labels: b.e.labels, Type: apisix.UpstreamRoundRobin, Nodes: res.nodes}
	if res.scheme == "https" {
		up.Scheme = "https"
	}
	if b.scheme != "" {
		up.Scheme = b.scheme
	}
	up.ID, up.Name = childIDName(b.tag, "u", &b.digest, []string{ns, string(r.Name), port}, b.ns, b.name, ns, string(r.Name), port)
	b.ups[key] = up
	if b.emit {
		b.e.add(up)
	}
	return up
}

// backends turns weighted backendRefs into a route's upstream and plugins.
// Weight 0 sends nothing. The valid backends share traffic by weight
// (traffic-split, the first being the route's own upstream); the share of
// the invalid ones is answered 500 by fault-injection (which runs before
// traffic-split), so two equal backends with one invalid give 50% 500s.
// No backend at all, or only invalid or zero-weight ones, answers 500.
func (b *gwRouteBuilder) backends(refs []weighted) (upstreamID string, plugins apisix.Plugins) {
	var valid []apisix.WeightedUpstream
	var total, invalid int64
	for _, r := range refs {
		up := b.upstream(r.ref)
		w := int64(r.weight)
		total += w
		if up == nil {
			invalid += w
			continue
		}
		if w > 0 {
			valid = append(valid, apisix.WeightedUpstream{UpstreamID: up.ID, Weight: apisix.Ptr(int(w))})
		}
	}
	if len(valid) == 0 {
		setPlugin(&plugins, "fault-injection", abort500(0, noBackend))
		return "", plugins
	}
	upstreamID = valid[0].UpstreamID
	if len(valid) > 1 {
		split := append([]apisix.WeightedUpstream{{Weight: valid[0].Weight}}, valid[1:]...)
		if len(split) > maxWeightedUpstreams {
			split = split[:maxWeightedUpstreams]
		}
		setPlugin(&plugins, "traffic-split", &apisix.TrafficSplit{Rules: []apisix.TrafficSplitRule{{WeightedUpstreams: split}}})
	}
	if invalid > 0 {
		pct := int((invalid*100 + total/2) / total)
		setPlugin(&plugins, "fault-injection", abort500(max(pct, 1), noBackend))
	}
	return upstreamID, plugins
}

// Bodies of the 500 answers of a rule that cannot be served.
const (
	noBackend        = "no valid backend\n"
	filterUnresolved = "a filter of this route does not resolve\n"
)

// abort500 answers 500 with body to pct percent of requests (all with 0).
func abort500(pct int, body string) *apisix.FaultInjection {
	a := &apisix.FaultAbort{HTTPStatus: apisix.Ptr(500), Body: body}
	if pct > 0 && pct < 100 {
		a.Percentage = apisix.Ptr(pct)
	}
	return &apisix.FaultInjection{Abort: a}
}

// websocketBackend reports whether a backendRef's Service port says its
// protocol is WebSocket (appProtocol kubernetes.io/ws, extended feature
// HTTPRouteBackendProtocolWebSocket): the rule's routes then let APISIX
// upgrade the connection (enable_websocket).
func (b *gwRouteBuilder) websocketBackend(r gwv1.BackendObjectReference) bool {
	if (r.Group != nil && *r.Group != "") || (r.Kind != nil && *r.Kind != KindService) || r.Port == nil {
		return false
	}
	ns := b.ns
	if r.Namespace != nil && *r.Namespace != "" {
		ns = string(*r.Namespace)
	}
	svc, _, ok := b.t.service(ns, string(r.Name))
	if !ok {
		return false
	}
	sp, rerr := findServicePort(svc, intstr.FromInt32(*r.Port))
	return rerr == nil && sp.AppProtocol != nil && *sp.AppProtocol == "kubernetes.io/ws"
}
