package migrate

import (
	"fmt"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// hostIngresses are the ingress-nginx Ingresses of each host, in input order.
func (r *run) hostIngresses() (map[string][]translator.ObjectRef, []string) {
	byHost := map[string][]translator.ObjectRef{}
	var hosts []string
	for _, ref := range r.refs {
		ing := r.nginx[ref]
		if ref.Kind != "Ingress" || ing == nil {
			continue
		}
		seen := map[string]bool{}
		for _, h := range ingressHosts(ing) {
			if seen[h] {
				continue
			}
			seen[h] = true
			if byHost[h] == nil {
				hosts = append(hosts, h)
			}
			byHost[h] = append(byHost[h], ref)
		}
	}
	sort.Strings(hosts)
	return byHost, hosts
}

// traps finds the effects that only show when Ingresses are looked at
// together.
func (r *run) traps() []Trap {
	byHost, hosts := r.hostIngresses()
	var out []Trap
	for _, h := range hosts {
		out = append(out, r.regexTrap(h, byHost[h])...)
		out = append(out, r.affinityTrap(h, byHost[h])...)
	}
	out = append(out, r.canaryTraps(byHost)...)
	return out
}

func names(refs []translator.ObjectRef) []string {
	out := make([]string, len(refs))
	for i, ref := range refs {
		out[i] = ref.Namespace + "/" + ref.Name
	}
	return out
}

func hostLabel(h string) string {
	if h == "" {
		return "(any host)"
	}
	return h
}

// regexTrap: use-regex or rewrite-target on one Ingress makes every path of
// the host, on every Ingress, a case-insensitive prefix regex.
func (r *run) regexTrap(h string, refs []translator.ObjectRef) []Trap {
	var setters, others []translator.ObjectRef
	strict := false
	for _, ref := range refs {
		ing := r.nginx[ref]
		switch {
		case setsRegex(ing):
			setters = append(setters, ref)
		case !isCanary(ing):
			others = append(others, ref)
		}
		strict = strict || hasStrictPaths(ing, h)
	}
	if len(setters) == 0 || (len(others) == 0 && !strict) {
		return nil
	}
	text := fmt.Sprintf("use-regex or rewrite-target on %s makes every path of host %s a case-insensitive prefix regex (Exact and Prefix paths too)",
		strings.Join(names(setters), ", "), hostLabel(h))
	if len(others) > 0 {
		text += ", also on " + strings.Join(names(others), ", ")
	}
	text += "; translated the same way, as ingress-nginx did"
	var lost []string
	for _, ref := range setters {
		if r.blocked[ref] {
			lost = append(lost, ref.Namespace+"/"+ref.Name)
		}
	}
	if len(lost) > 0 && len(others) > 0 {
		text += fmt.Sprintf(". %s is blocked and not migrated: without it these paths stop being regexes", strings.Join(lost, ", "))
	}
	return []Trap{{Kind: "use-regex", Host: h, Ingresses: names(append(setters, others...)), Text: text}}
}

// hasStrictPaths reports whether an Ingress has Exact or Prefix paths on h.
func hasStrictPaths(ing *networkingv1.Ingress, h string) bool {
	for _, rule := range ing.Spec.Rules {
		if strings.ToLower(rule.Host) != h || rule.HTTP == nil {
			continue
		}
		for _, p := range rule.HTTP.Paths {
			if p.PathType != nil && *p.PathType != networkingv1.PathTypeImplementationSpecific {
				return true
			}
		}
	}
	return false
}

// affinityTrap: cookie affinity is per Ingress, so Ingresses of one host
// that differ in it give a client stickiness on some paths only.
func (r *run) affinityTrap(h string, refs []translator.ObjectRef) []Trap {
	cookies := map[string][]translator.ObjectRef{}
	var keys []string
	for _, ref := range refs {
		ing := r.nginx[ref]
		if isCanary(ing) {
			continue
		}
		c := "none"
		if name, on := annotations.AffinityCookie(ing.Annotations); on {
			c = name
		}
		if cookies[c] == nil {
			keys = append(keys, c)
		}
		cookies[c] = append(cookies[c], ref)
	}
	if len(keys) < 2 || (len(keys) == 1 && keys[0] == "none") {
		return nil
	}
	sort.Strings(keys)
	var parts []string
	var all []translator.ObjectRef
	for _, c := range keys {
		label := "cookie " + c
		if c == "none" {
			label = "no affinity"
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(names(cookies[c]), ", "), label))
		all = append(all, cookies[c]...)
	}
	return []Trap{{Kind: "affinity", Host: h, Ingresses: names(all), Text: fmt.Sprintf(
		"session affinity differs between the Ingresses of host %s: %s; each keeps its own, so a client is sticky on some paths only, as with ingress-nginx",
		hostLabel(h), strings.Join(parts, "; "))}}
}
