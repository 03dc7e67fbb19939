package translator

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// canaryIngress merges a canary Ingress into the routes of the primary
// Ingress serving the same host+path, with traffic-split rules in
// ingress-nginx's order: header, then cookie, then weight. The canary's own
// non-canary annotations are ignored (it inherits the primary's), except the
// upstream's load balancing and hashing. A canary whose annotations have
// errors is not merged at all: it gets the errors, its primary is unchanged.
func (t *translation) canaryIngress(st *ingressState, p *parsedIngress, e *emitter) {
	startIngress(p, e)
	if p.cfg == nil || len(p.shared.errs) > 0 {
		return
	}
	b := &ingressBuilder{t: t, st: st, p: p, e: e, digest: digestOf(p.ing.Namespace, p.ing.Name)}
	for i, rule := range p.ing.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for j := range rule.HTTP.Paths {
			hp := &rule.HTTP.Paths[j]
			fref := ingressPathField(i, j)
			fp := fref.fp()
			pt := networkingv1.PathTypeImplementationSpecific
			if hp.PathType != nil {
				pt = *hp.PathType
			}
			claim, ok := st.claimed(normalizedPathKey(rule.Host, hp.Path, pt))
			if !ok {
				e.warn(fp, fmt.Sprintf("no primary Ingress serves host %q path %q (%s); this canary receives no traffic", rule.Host, hp.Path, pt))
				continue
			}
			up := b.backendUpstream(&hp.Backend, fref.child("backend"))
			if up == nil {
				continue
			}
			if up.ID == claim.route.UpstreamID {
				e.warn(fp.Child("backend"), "the canary sends to the same Service and port as its primary; nothing to split")
				continue
			}
			if claim.route.Plugins["traffic-split"] != nil {
				e.warn(fp, fmt.Sprintf("%s already has a canary for this path; ingress-nginx uses only one", claim.owner.ref()))
				continue
			}
			split := canarySplit(p.cfg.Canary, up.ID)
			if len(split.Rules) == 0 {
				e.warn(fp, "the canary sets no header, cookie or weight, so it receives no traffic")
				continue
			}
			// Plugin maps may be shared between routes: copy before adding.
			ps := make(apisix.Plugins, len(claim.route.Plugins)+1)
			for k, v := range claim.route.Plugins {
				ps[k] = v
			}
			setPlugin(&ps, "traffic-split", split)
			claim.route.Plugins = ps
		}
	}
}

// canarySplit builds the traffic-split rules of a canary.
func canarySplit(c annotations.Canary, canaryUpstream string) *apisix.TrafficSplit {
	toCanary := []apisix.WeightedUpstream{{UpstreamID: canaryUpstream, Weight: apisix.Ptr(1)}}
	toPrimary := []apisix.WeightedUpstream{{Weight: apisix.Ptr(1)}}
	var rules []apisix.TrafficSplitRule
	match := func(v ...any) []apisix.TrafficSplitMatch { return []apisix.TrafficSplitMatch{{Vars: []any{v}}} }
	if c.Header != "" {
		h := headerVar(c.Header)
		switch {
		case c.HeaderValue != "":
			rules = append(rules, apisix.TrafficSplitRule{Match: match(h, "==", c.HeaderValue), WeightedUpstreams: toCanary})
		case c.HeaderPattern != "":
			rules = append(rules, apisix.TrafficSplitRule{Match: match(h, "~~", c.HeaderPattern), WeightedUpstreams: toCanary})
		default:
			rules = append(rules,
				apisix.TrafficSplitRule{Match: match(h, "==", "always"), WeightedUpstreams: toCanary},
				apisix.TrafficSplitRule{Match: match(h, "==", "never"), WeightedUpstreams: toPrimary})
		}
	}
	if c.Cookie != "" {
		ck := "cookie_" + c.Cookie
		rules = append(rules,
			apisix.TrafficSplitRule{Match: match(ck, "==", "always"), WeightedUpstreams: toCanary},
			apisix.TrafficSplitRule{Match: match(ck, "==", "never"), WeightedUpstreams: toPrimary})
	}
	total := c.WeightTotal
	if total < annotations.DefaultCanaryWeightTotal {
		total = annotations.DefaultCanaryWeightTotal
	}
	if c.Weight > 0 {
		rules = append(rules, apisix.TrafficSplitRule{WeightedUpstreams: []apisix.WeightedUpstream{
			{UpstreamID: canaryUpstream, Weight: apisix.Ptr(c.Weight)},
			{Weight: apisix.Ptr(total - c.Weight)},
		}})
	}
	return &apisix.TrafficSplit{Rules: rules}
}

// headerVar is nginx's variable for a request header: http_ + lower case,
// dashes as underscores.
func headerVar(h string) string {
	out := []byte("http_")
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == '-':
			c = '_'
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}
