package translator

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Id tags of the objects emitted for Gateway API sources.
const (
	tagGateway   = "gw"
	tagHTTPRoute = "hr"
	tagGRPCRoute = "gr"
	tagTLSRoute  = "tlsr"
	tagTCPRoute  = "tcpr"
	tagUDPRoute  = "udpr"
)

// gwState is what the translation of the Gateway API group shares: the
// Gateways of the classes this controller serves, with their listeners
// (and, as routes are translated, the routes attached to each).
type gwState struct {
	byName map[nsName]*gwGateway
	list   []*gwGateway // by namespace and name
	// ranks orders routes of the same kind created in the same second by
	// namespace and name (see routeRank).
	ranks map[ObjectRef]int
	// ages orders the routes by creation second, older larger (routeAges).
	ages map[int64]uint32
}

// gwGateway is a Gateway being translated.
type gwGateway struct {
	gw  *gwv1.Gateway
	ref ObjectRef
	e   *emitter
	// address is the Gateway's own address from Options.GatewayAddressPool
	// ("" without a pool, or when the pool is exhausted).
	address   string
	addresses []gwv1.GatewayStatusAddress
	listeners []*gwListener
}

// gwListener is a listener of a Gateway and what was decided about it.
type gwListener struct {
	l        *gwv1.Listener
	hostname string // "" when the listener has none
	kinds    []gwv1.RouteGroupKind
	// accepted is false for an unsupported protocol or value; conflicted
	// for a listener indistinct from another; refsOK is false when a
	// certificate or route kind does not resolve.
	accepted, conflicted, refsOK bool
	acceptReason, acceptMsg      string
	conflictReason, conflictMsg  string
	refsReason, refsMsg          string
	attached                     int32
}

// programmed reports whether the listener's routes are served.
func (l *gwListener) programmed() bool { return l.accepted && !l.conflicted && l.refsOK }

var gatewayGroup = gwv1.Group(gwv1.GroupName)

// gateways translates, without their status, the Gateways of the classes
// this controller serves.
func (t *translation) gateways() *gwState {
	gs := &gwState{byName: map[nsName]*gwGateway{}}
	var mine []*gwv1.Gateway
	for _, g := range t.ix.gateways {
		if c := t.ix.gatewayClasses[string(g.Spec.GatewayClassName)]; c != nil && t.ownsGatewayClass(c) {
			mine = append(mine, g)
		}
	}
	slices.SortFunc(mine, func(a, b *gwv1.Gateway) int {
		return compareNsName(nsName{a.Namespace, a.Name}, nsName{b.Namespace, b.Name})
	})
	pool := t.addressPool(mine)
	for _, g := range mine {
		ref := ObjectRef{Kind: KindGateway, Namespace: g.Namespace, Name: g.Name}
		t.begin(ref)
		gg := &gwGateway{gw: g, ref: ref, e: t.newEmitter(ref, g.Generation), address: pool[nsName{g.Namespace, g.Name}]}
		gg.addresses = t.gatewayAddresses(gg.address)
		for i := range g.Spec.Listeners {
			gg.listeners = append(gg.listeners, t.listener(gg, &g.Spec.Listeners[i]))
		}
		markConflicts(gg.listeners)
		for _, l := range gg.listeners {
			if l.programmed() {
				t.listenerCertificates(gg, l)
			}
		}
		gs.byName[nsName{g.Namespace, g.Name}] = gg
		gs.list = append(gs.list, gg)
	}
	gs.ranks = routeRanks(t.ix)
	gs.ages = routeAges(t.ix)
	return gs
}

// gatewayAddresses returns the status addresses of a Gateway: its own
// address from the pool, else Options.GatewayAddresses (an IP address is
// typed IPAddress, anything else Hostname).
func (t *translation) gatewayAddresses(own string) []gwv1.GatewayStatusAddress {
	ip, host := gwv1.IPAddressType, gwv1.HostnameAddressType
	if t.opts.GatewayAddressPool != "" {
		if own == "" {
			return nil
		}
		return []gwv1.GatewayStatusAddress{{Type: &ip, Value: own}}
	}
	var out []gwv1.GatewayStatusAddress
	for _, a := range t.opts.GatewayAddresses {
		typ := &host
		if _, err := netip.ParseAddr(a); err == nil {
			typ = &ip
		}
		out = append(out, gwv1.GatewayStatusAddress{Type: typ, Value: a})
	}
	return out
}

// routeKindsFor returns the route kinds a listener of the protocol serves.
func routeKindsFor(p gwv1.ProtocolType) []gwv1.Kind {
	switch p {
	case gwv1.HTTPProtocolType, gwv1.HTTPSProtocolType:
		return []gwv1.Kind{KindHTTPRoute, KindGRPCRoute}
	case gwv1.TLSProtocolType:
		return []gwv1.Kind{KindTLSRoute}
	case gwv1.TCPProtocolType:
		return []gwv1.Kind{KindTCPRoute}
	case gwv1.UDPProtocolType:
		return []gwv1.Kind{KindUDPRoute}
	}
	return nil
}

// listener validates a listener: its protocol (and TLS mode) and the
// route kinds it allows. Certificates are resolved once conflicts are
// known (see listenerCertificates).
func (t *translation) listener(g *gwGateway, l *gwv1.Listener) *gwListener {
	out := &gwListener{l: l, accepted: true, refsOK: true, kinds: []gwv1.RouteGroupKind{}}
	if l.Hostname != nil {
		out.hostname = strings.ToLower(string(*l.Hostname))
	}
	valid := routeKindsFor(l.Protocol)
	if valid == nil {
		out.accepted, out.acceptReason = false, string(gwv1.ListenerReasonUnsupportedProtocol)
		out.acceptMsg = fmt.Sprintf("protocol %s is not supported (HTTP, HTTPS, TLS, TCP and UDP are)", l.Protocol)
		return out
	}
	mode := gwv1.TLSModeTerminate
	if l.TLS != nil && l.TLS.Mode != nil {
		mode = *l.TLS.Mode
	}
	switch {
	case l.Protocol == gwv1.HTTPSProtocolType && mode != gwv1.TLSModeTerminate:
		out.accepted, out.acceptReason, out.acceptMsg = false, string(gwv1.ListenerReasonUnsupportedValue), "an HTTPS listener terminates TLS: tls.mode must be Terminate"
	case l.Protocol == gwv1.TLSProtocolType && mode != gwv1.TLSModePassthrough:
		out.accepted, out.acceptReason, out.acceptMsg = false, string(gwv1.ListenerReasonUnsupportedValue), "TLS listeners support tls.mode Passthrough only"
	}
	if l.AllowedRoutes == nil || len(l.AllowedRoutes.Kinds) == 0 {
		for _, k := range valid {
			out.kinds = append(out.kinds, gwv1.RouteGroupKind{Group: &gatewayGroup, Kind: k})
		}
		return out
	}
	var invalid []string
	for _, k := range l.AllowedRoutes.Kinds {
		group := gatewayGroup
		if k.Group != nil {
			group = *k.Group
		}
		if group != gatewayGroup || !slices.Contains(valid, k.Kind) {
			invalid = append(invalid, string(group)+"/"+string(k.Kind))
			continue
		}
		if !slices.ContainsFunc(out.kinds, func(x gwv1.RouteGroupKind) bool { return x.Kind == k.Kind }) {
			out.kinds = append(out.kinds, gwv1.RouteGroupKind{Group: &gatewayGroup, Kind: k.Kind})
		}
	}
	if len(invalid) > 0 {
		out.refsOK, out.refsReason = false, string(gwv1.ListenerReasonInvalidRouteKinds)
		out.refsMsg = fmt.Sprintf("route kinds %s are not supported on a %s listener", strings.Join(invalid, ", "), l.Protocol)
	}
	return out
}

// portFamily groups protocols that can share a port: HTTP alone, HTTPS
// with TLS (both select by SNI), TCP alone, and UDP (another transport).
func portFamily(p gwv1.ProtocolType) string {
	switch p {
	case gwv1.HTTPSProtocolType, gwv1.TLSProtocolType:
		return "tls"
	case gwv1.UDPProtocolType:
		return "udp"
	}
	return string(p)
}

// markConflicts marks the listeners that are not distinct: sharing a port
// with a listener of another protocol family (ProtocolConflict), or with
// one of the same protocol and hostname (HostnameConflict; TCP and UDP
// listeners have no hostname, so any two on a port). No listener wins: all
// of them are conflicted, and the distinct rest are served.
func markConflicts(ls []*gwListener) {
	for i, a := range ls {
		if !a.accepted {
			continue
		}
		for j, b := range ls {
			if i == j || !b.accepted || a.l.Port != b.l.Port {
				continue
			}
			fa, fb := portFamily(a.l.Protocol), portFamily(b.l.Protocol)
			if fa == "udp" || fb == "udp" {
				if fa != fb {
					continue
				}
				a.conflicted, a.conflictReason = true, string(gwv1.ListenerReasonHostnameConflict)
				a.conflictMsg = fmt.Sprintf("listener %s uses UDP port %d too", b.l.Name, b.l.Port)
				continue
			}
			if fa != fb {
				a.conflicted, a.conflictReason = true, string(gwv1.ListenerReasonProtocolConflict)
				a.conflictMsg = fmt.Sprintf("listener %s uses port %d with protocol %s", b.l.Name, b.l.Port, b.l.Protocol)
				break
			}
			sameHost := a.hostname == b.hostname || a.l.Protocol == gwv1.TCPProtocolType
			if a.l.Protocol == b.l.Protocol && sameHost && !a.conflicted {
				a.conflicted, a.conflictReason = true, string(gwv1.ListenerReasonHostnameConflict)
				a.conflictMsg = fmt.Sprintf("listener %s uses port %d and the same hostname", b.l.Name, b.l.Port)
			}
		}
	}
}

// listenerCertificates resolves an HTTPS listener's certificateRefs and
// emits an ssl for each (its SNI is the listener's hostname, or "*"). A
// Secret in another namespace needs a ReferenceGrant (RefNotPermitted); a
// reference to anything but a Secret, a missing Secret or one without a
// valid kubernetes.io/tls pair is InvalidCertificateRef.
func (t *translation) listenerCertificates(g *gwGateway, l *gwListener) {
	if l.l.Protocol != gwv1.HTTPSProtocolType {
		return
	}
	var refs []gwv1.SecretObjectReference
	if l.l.TLS != nil {
		refs = l.l.TLS.CertificateRefs
	}
	fail := func(reason, msg string) {
		if l.refsOK {
			l.refsOK, l.refsReason, l.refsMsg = false, reason, msg
		}
	}
	if len(refs) == 0 {
		fail(string(gwv1.ListenerReasonInvalidCertificateRef), "an HTTPS listener needs tls.certificateRefs")
		return
	}
	sni := l.hostname
	if sni == "" {
		sni = "*"
	}
	var ssls []*apisix.SSL
	for _, r := range refs {
		if (r.Group != nil && *r.Group != "") || (r.Kind != nil && *r.Kind != KindSecret) {
			fail(string(gwv1.ListenerReasonInvalidCertificateRef), fmt.Sprintf("certificateRef %s/%s %s: only core Secrets are supported", groupOf(r.Group), kindOf2(r.Kind, KindSecret), r.Name))
			continue
		}
		ns := g.gw.Namespace
		if r.Namespace != nil && *r.Namespace != "" {
			ns = string(*r.Namespace)
		}
		if !t.referenceGranted(gatewayGroup, KindGateway, g.gw.Namespace, "", KindSecret, ns, string(r.Name)) {
			fail(string(gwv1.ListenerReasonRefNotPermitted), fmt.Sprintf("Secret %s/%s is in another namespace and no ReferenceGrant there allows Gateways of %s to use it", ns, r.Name, g.gw.Namespace))
			continue
		}
		cert, key, ferr := t.tlsPair(ns, string(r.Name), nil)
		if ferr != nil {
			fail(string(gwv1.ListenerReasonInvalidCertificateRef), ferr.Detail)
			continue
		}
		if cert == "" { // contents not read (admission)
			continue
		}
		ssl := &apisix.SSL{
			ID:     makeID(tagGateway, "s", g.gw.Namespace, g.gw.Name, string(l.l.Name), ns, string(r.Name)),
			Labels: g.e.labels,
			Type:   apisix.SSLTypeServer,
			SNIs:   []string{sni},
			Cert:   cert,
			Key:    key,
		}
		if sni == "*" {
			// APISIX's SNI router serves any name only for a lone "sni": "*";
			// "snis": ["*"] matches a name without a dot only.
			ssl.SNI, ssl.SNIs = sni, nil
		}
		ssls = append(ssls, ssl)
	}
	if l.refsOK {
		for _, s := range ssls {
			g.e.add(s)
		}
	}
}

func groupOf(g *gwv1.Group) string {
	if g == nil || *g == "" {
		return "core"
	}
	return string(*g)
}

func kindOf2(k *gwv1.Kind, def string) string {
	if k == nil {
		return def
	}
	return string(*k)
}

// referenceGranted reports whether an object of fromGroup/fromKind in
// fromNS may reference toGroup/toKind toNS/toName: always within a
// namespace, else when a ReferenceGrant in toNS allows it.
func (t *translation) referenceGranted(fromGroup gwv1.Group, fromKind, fromNS string, toGroup gwv1.Group, toKind, toNS, toName string) bool {
	if fromNS == toNS {
		return true
	}
	t.use(KindReferenceGrant, toNS, "*")
	for k, rg := range t.ix.referenceGrants {
		if k.ns != toNS {
			continue
		}
		from := slices.ContainsFunc(rg.Spec.From, func(f gwv1.ReferenceGrantFrom) bool {
			return f.Group == fromGroup && string(f.Kind) == fromKind && string(f.Namespace) == fromNS
		})
		to := slices.ContainsFunc(rg.Spec.To, func(x gwv1.ReferenceGrantTo) bool {
			return x.Group == toGroup && string(x.Kind) == toKind && (x.Name == nil || *x.Name == "" || string(*x.Name) == toName)
		})
		if from && to {
			return true
		}
	}
	return false
}

func condition(typ string, ok bool, reason, msg string) metav1.Condition {
	st := metav1.ConditionTrue
	if !ok {
		st = metav1.ConditionFalse
	}
	return metav1.Condition{Type: typ, Status: st, Reason: reason, Message: msg}
}

// status is the Gateway's status: Accepted (True Accepted when every
// listener is valid; True ListenersNotValid when some are; False
// ListenersNotValid when none is accepted), Programmed (False
// AddressNotAssigned without an address, False Invalid when no listener is
// programmed), its addresses and each listener's conditions and attached
// route count.
func (g *gwGateway) status() *GatewayAPIStatus {
	st := &GatewayAPIStatus{Addresses: g.addresses, Listeners: []gwv1.ListenerStatus{}}
	valid, accepted, programmed := 0, 0, 0
	for _, l := range g.listeners {
		ls := gwv1.ListenerStatus{Name: l.l.Name, SupportedKinds: l.kinds, AttachedRoutes: l.attached}
		switch {
		case !l.accepted:
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionAccepted), false, l.acceptReason, l.acceptMsg))
		case l.conflicted:
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionAccepted), false, l.conflictReason, l.conflictMsg))
		default:
			accepted++
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionAccepted), true, string(gwv1.ListenerReasonAccepted), "listener accepted"))
		}
		if l.programmed() {
			programmed++
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionProgrammed), true, string(gwv1.ListenerReasonProgrammed), "listener programmed"))
		} else {
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionProgrammed), false, string(gwv1.ListenerReasonInvalid), "listener not programmed: see its other conditions"))
		}
		if l.refsOK {
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionResolvedRefs), true, string(gwv1.ListenerReasonResolvedRefs), "references resolved"))
		} else {
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionResolvedRefs), false, l.refsReason, l.refsMsg))
		}
		if l.conflicted {
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionConflicted), true, l.conflictReason, l.conflictMsg))
		} else {
			ls.Conditions = append(ls.Conditions, condition(string(gwv1.ListenerConditionConflicted), false, string(gwv1.ListenerReasonNoConflicts), "no conflicts"))
		}
		if l.programmed() {
			valid++
		}
		st.Listeners = append(st.Listeners, ls)
	}
	switch {
	case valid == len(g.listeners):
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionAccepted), true, string(gwv1.GatewayReasonAccepted), "gateway accepted"))
	case accepted > 0:
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionAccepted), true, string(gwv1.GatewayReasonListenersNotValid), "some listeners are not valid: see their conditions"))
	default:
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionAccepted), false, string(gwv1.GatewayReasonListenersNotValid), "no listener is valid: see their conditions"))
	}
	switch {
	case len(g.addresses) == 0:
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionProgrammed), false, string(gwv1.GatewayReasonAddressNotAssigned), "no address: set the controller's gateway addresses or address pool"))
	case programmed == 0:
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionProgrammed), false, string(gwv1.GatewayReasonInvalid), "no listener is programmed"))
	default:
		st.Conditions = append(st.Conditions, condition(string(gwv1.GatewayConditionProgrammed), true, string(gwv1.GatewayReasonProgrammed), "gateway programmed"))
	}
	return st
}
