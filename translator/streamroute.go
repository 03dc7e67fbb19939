package translator

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// streamKey identifies what a stream rule listens to: APISIX's stream port
// (TCP and UDP ports are distinct listeners) and the TLS SNI.
type streamKey struct {
	protocol string
	port     int32
	sni      string
}

// streamClaim is the ApisixRoute stream rule that serves a streamKey.
type streamClaim struct {
	ref  ObjectRef
	rule string
}

// claimStreams decides, before any route is translated, which stream rule
// serves each port and SNI: the oldest ApisixRoute's first rule. APISIX
// would pick one of several stream routes for the same port and SNI
// unpredictably, so the others are errors.
func (t *translation) claimStreams() map[streamKey]streamClaim {
	claims := map[streamKey]streamClaim{}
	var withStreams []*apiv2.ApisixRoute
	for _, ar := range t.ix.apisixRoutes {
		if len(ar.Spec.Stream) > 0 && t.ownsCRD(ar.Spec.IngressClassName) {
			withStreams = append(withStreams, ar)
		}
	}
	for _, ar := range oldestFirst(withStreams) {
		ref := ObjectRef{Kind: kindApisixRoute, Namespace: ar.Namespace, Name: ar.Name}
		for _, rule := range ar.Spec.Stream {
			k := streamKeyOf(&rule)
			if _, taken := claims[k]; !taken {
				claims[k] = streamClaim{ref: ref, rule: rule.Name}
			}
		}
	}
	return claims
}

func streamKeyOf(rule *apiv2.ApisixRouteStream) streamKey {
	return streamKey{protocol: rule.Protocol, port: rule.Match.IngressPort, sni: strings.ToLower(rule.Match.Host)}
}

// streamRule translates a TCP or UDP rule into a stream route on APISIX's
// stream port ingressPort (APISIX must listen on it: stream_proxy.tcp or
// .udp in its configuration), optionally for one TLS SNI.
func (b *routeBuilder) streamRule(rule *apiv2.ApisixRouteStream, fp *field.Path) {
	if rule.Protocol != "TCP" && rule.Protocol != "UDP" {
		b.e.err(field.NotSupported(fp.Child("protocol"), rule.Protocol, []string{"TCP", "UDP"}))
		return
	}
	if p := rule.Match.IngressPort; p < 1 || p > 65535 {
		b.e.err(field.Invalid(fp.Child("match", "ingressPort"), p, "must be a port number 1-65535"))
		return
	}
	if c := b.st.streams[streamKeyOf(rule)]; c.ref != b.e.ref || c.rule != rule.Name {
		what := fmt.Sprintf("%s port %d", rule.Protocol, rule.Match.IngressPort)
		if rule.Match.Host != "" {
			what += " SNI " + rule.Match.Host
		}
		b.e.err(field.Duplicate(fp.Child("match"), fmt.Sprintf("%s is already served by rule %s of %s", what, c.rule, c.ref)))
		return
	}
	ns, name := b.ar.Namespace, b.ar.Name
	plugins, complete := b.t.crdPlugins(b.e, ns, rule.Plugins, lazyPath{fp, "plugins", -1})
	be := &rule.Backend
	up := b.backendUpstream(be.ServiceName, be.ServicePort, be.ResolveGranularity, be.Subset, rule.Protocol, lazyPath{fp, "backend", -1})
	if up == nil || !complete {
		return
	}
	b.e.add(&apisix.StreamRoute{
		ID:         makeID(tagApisixRoute, "s", ns, name, rule.Name),
		Name:       makeName(ns, name, rule.Name),
		Labels:     b.e.labels,
		ServerPort: int(rule.Match.IngressPort),
		SNI:        rule.Match.Host,
		UpstreamID: up.ID,
		Plugins:    plugins,
	})
}
