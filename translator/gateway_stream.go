package translator

import (
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// streamGatewayRoute translates a TLSRoute, TCPRoute or UDPRoute into
// APISIX stream routes: one per rule and listener it attaches to, on the
// listener's port (APISIX must listen on it: stream_proxy.tcp or .udp),
// with the Gateway's address when there is an address pool, and for a
// TLSRoute (Passthrough listeners) one per SNI hostname. A stream route
// has one upstream: the rule's first backend of non-zero weight that
// resolves; the others are reported (APISIX cannot split a stream). A
// rule without a valid backend gets no stream route, so its connections
// are refused.
func (t *translation) streamGatewayRoute(gs *gwState, ref ObjectRef) {
	k := nsName{ref.Namespace, ref.Name}
	var meta metav1.Object
	var parents []gwv1.ParentReference
	var hostnames []gwv1.Hostname
	var rules [][]gwv1.BackendRef
	tag, scheme := tagTCPRoute, "tcp"
	switch ref.Kind {
	case KindTLSRoute:
		r := t.ix.tlsRoutes[k]
		if r == nil {
			return
		}
		meta, parents, hostnames, tag = r, r.Spec.ParentRefs, r.Spec.Hostnames, tagTLSRoute
		for _, rule := range r.Spec.Rules {
			rules = append(rules, rule.BackendRefs)
		}
	case KindTCPRoute:
		r := t.ix.tcpRoutes[k]
		if r == nil {
			return
		}
		meta, parents = r, r.Spec.ParentRefs
		for _, rule := range r.Spec.Rules {
			rules = append(rules, rule.BackendRefs)
		}
	case KindUDPRoute:
		r := t.ix.udpRoutes[k]
		if r == nil {
			return
		}
		meta, parents, tag, scheme = r, r.Spec.ParentRefs, tagUDPRoute, "udp"
		for _, rule := range r.Spec.Rules {
			rules = append(rules, rule.BackendRefs)
		}
	}
	b, binds, pool := t.startRoute(gs, ref, meta, tag, scheme, parents, hostnames)
	if b == nil {
		return
	}
	e := b.e
	for i, refs := range rules {
		fp := field.NewPath("spec", "rules").Index(i).Child("backendRefs")
		var up *apisix.Upstream
		for j, br := range refs {
			if weightOf(br.Weight) == 0 {
				continue
			}
			u := b.upstream(br.BackendObjectReference)
			if u == nil {
				continue
			}
			if up != nil {
				e.warn(fp.Index(j), "APISIX stream routes have one upstream: this backend gets no traffic")
				continue
			}
			up = u
		}
		if up == nil || !b.emit {
			continue
		}
		for _, bind := range binds {
			snis := bind.hosts
			if ref.Kind != KindTLSRoute || len(snis) == 0 {
				snis = []string{""}
			}
			for _, sni := range snis {
				sr := &apisix.StreamRoute{Labels: e.labels, ServerPort: int(bind.l.l.Port), SNI: sni, UpstreamID: up.ID}
				if pool {
					sr.ServerAddr = bind.g.address
				}
				sr.ID, sr.Name = childIDName(tag, "s", &b.digest, []string{strconv.Itoa(i), bind.key(pool), sni},
					ref.Namespace, ref.Name, strconv.Itoa(i), bind.g.gw.Name, string(bind.l.l.Name))
				e.add(sr)
			}
		}
	}
	t.commitGateway(e, &GatewayAPIStatus{Parents: t.parentStatuses(b.at, "", "", &b.refs)})
}
