package translator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// hostAliases are the server-alias names of a host and the Ingress whose
// annotation set them.
type hostAliases struct {
	owner *parsedIngress
	names []string
}

// serverAliases resolves server-alias as ingress-nginx does: the aliases
// belong to the host's server, so they serve every Ingress of the host; the
// oldest Ingress of a host that sets them wins; an alias that is the host of
// some Ingress is not added (that host keeps its own rules). owned is
// visited in order (oldest first). It returns nil when no Ingress sets one.
func serverAliases(owned []*parsedIngress) map[string]hostAliases {
	if !slices.ContainsFunc(owned, func(p *parsedIngress) bool { return p.cfg != nil && len(p.cfg.Route.ServerAliases) > 0 }) {
		return nil
	}
	ruleHosts := map[string]bool{}
	for _, p := range owned {
		if p.cfg != nil && !p.cfg.Canary.Enabled {
			for _, r := range p.ing.Spec.Rules {
				ruleHosts[strings.ToLower(r.Host)] = true
			}
		}
	}
	out := map[string]hostAliases{}
	for _, p := range owned {
		if p.cfg == nil || p.cfg.Canary.Enabled || len(p.cfg.Route.ServerAliases) == 0 {
			continue
		}
		var names []string
		for _, a := range p.cfg.Route.ServerAliases {
			if !ruleHosts[strings.ToLower(a)] && !slices.Contains(names, a) {
				names = append(names, a)
			}
		}
		for _, r := range p.ing.Spec.Rules {
			if _, set := out[r.Host]; !set && r.Host != "" {
				out[r.Host] = hostAliases{owner: p, names: names}
			}
		}
	}
	return out
}

// aliasNotices warns about this Ingress's server-alias names that are not
// added: names that are some Ingress's host, and hosts whose aliases an
// older Ingress set.
func (b *ingressBuilder) aliasNotices() {
	own := b.p.cfg.Route.ServerAliases
	if len(own) == 0 {
		return
	}
	fp := annotations.FieldPath(annotations.NginxPrefix + "server-alias")
	for _, h := range b.hosts {
		ha, ok := b.st.aliases[h]
		if !ok {
			continue
		}
		if ha.owner != b.p {
			b.e.warn(fp, fmt.Sprintf("host %q already has the server aliases of the older %s; these are not added", h, ha.owner.ref()))
			continue
		}
		for _, a := range own {
			if !slices.Contains(ha.names, a) {
				b.e.warn(fp, fmt.Sprintf("%q is the host of an Ingress, which keeps its own rules; it is not added as an alias", a))
			}
		}
		return
	}
}

// hostRegex is the vars condition a route needs when one of its hosts is a
// wildcard: APISIX matches "*.example.com" against any number of leading
// labels, the Ingress API against exactly one. nil when no host is a
// wildcard.
func hostRegex(hosts []string) []any {
	wild := false
	for _, h := range hosts {
		wild = wild || strings.HasPrefix(h, "*.")
	}
	if !wild {
		return nil
	}
	alts := make([]string, len(hosts))
	for i, h := range hosts {
		if rest, ok := strings.CutPrefix(h, "*."); ok {
			alts[i] = `[^.]+\.` + regexp.QuoteMeta(strings.ToLower(rest))
		} else {
			alts[i] = regexp.QuoteMeta(strings.ToLower(h))
		}
	}
	return []any{"host", "~~", "^(" + strings.Join(alts, "|") + ")$"}
}
