package translator

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// The ssl-passthrough claims of conflicts.go: an Ingress with
// ssl-passthrough becomes a stream route for each rule host on the
// passthrough port (Options.SSLPassthroughPort), as does an ApisixRoute
// TCP stream rule with that port and an SNI host. APISIX would pick one of
// two stream routes with the same port and SNI unpredictably, so the
// oldest object keeps the SNI. Two ApisixRoutes are resolved by
// claimStreams.

// claimPassthrough claims the passthrough SNIs of the owned Ingresses and
// of routes.
func (t *translation) claimPassthrough(owned []*parsedIngress, routes []*apiv2.ApisixRoute) {
	cs := t.cross
	add := func(c *claim) {
		if cs.passthrough == nil {
			cs.passthrough = map[string]*claim{}
		}
		if prev, ok := cs.passthrough[c.key]; !ok || c.older(prev) {
			cs.passthrough[c.key] = c
		}
	}
	for _, p := range owned {
		if passthroughIngress(p) {
			forPassthroughClaims(p, add)
		}
	}
	if cs.passthrough == nil {
		return // no Ingress with ssl-passthrough: nothing to contest
	}
	for _, ar := range routes {
		if t.ownsCRD(ar.Spec.IngressClassName) {
			t.forStreamSNIClaims(ar, add)
		}
	}
}

func passthroughIngress(p *parsedIngress) bool {
	return p.cfg != nil && !p.cfg.Canary.Enabled && p.cfg.Redirect.SSLPassthrough
}

func forPassthroughClaims(p *parsedIngress, f func(*claim)) {
	for i, r := range p.ing.Spec.Rules {
		if r.HTTP == nil || len(r.HTTP.Paths) == 0 || r.Host == "" {
			continue
		}
		f(&claim{ref: p.ref(), ts: p.ing.CreationTimestamp, pos: claimPos{posIngressHost, i, 0}, key: HostKey(r.Host), raw: r.Host})
	}
}

// forStreamSNIClaims calls f with each TCP stream rule of ar on the
// passthrough port with an SNI.
func (t *translation) forStreamSNIClaims(ar *apiv2.ApisixRoute, f func(*claim)) {
	ref := ObjectRef{Kind: kindApisixRoute, Namespace: ar.Namespace, Name: ar.Name}
	for i, r := range ar.Spec.Stream {
		if r.Protocol != "TCP" || int(r.Match.IngressPort) != t.opts.sslPassthroughPort() || r.Match.Host == "" {
			continue
		}
		f(&claim{ref: ref, ts: ar.CreationTimestamp, pos: claimPos{posStreamHost, i, 0}, key: HostKey(r.Match.Host), raw: r.Match.Host})
	}
}

// lostPassthrough reports c's conflict when another object holds its SNI.
func (t *translation) lostPassthrough(c *claim, e *emitter) {
	w := t.cross.passthrough[c.key]
	if w == nil || w.ref == c.ref || (w.ref.Kind == kindApisixRoute && c.ref.Kind == kindApisixRoute) {
		return
	}
	ferr := field.Invalid(c.field(), c.raw, fmt.Sprintf("SNI %q on the ssl-passthrough port %d is already served by %s; remove it from one of them", c.raw, t.opts.sslPassthroughPort(), w.ref))
	e.err(ferr)
	e.conflicts = append(e.conflicts, Conflict{Winner: w.ref, WinnerField: w.field().String(), WinnerValue: w.raw, Loser: c.ref, Error: ferr})
}
