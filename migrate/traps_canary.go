package migrate

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// canaryTraps pairs each canary Ingress with its primary: the Ingress that
// serves the same host and path without being a canary.
func (r *run) canaryTraps(byHost map[string][]translator.ObjectRef) []Trap {
	var out []Trap
	for _, ref := range r.refs {
		ing := r.nginx[ref]
		if ref.Kind != "Ingress" || ing == nil || !isCanary(ing) {
			continue
		}
		primaries := r.primariesOf(ing, byHost)
		if len(primaries) == 0 {
			out = append(out, Trap{Kind: "canary", Ingresses: names([]translator.ObjectRef{ref}), Text: fmt.Sprintf(
				"canary %s/%s has no primary Ingress serving the same host and path: it receives no traffic", ref.Namespace, ref.Name)})
			continue
		}
		all := append([]translator.ObjectRef{}, primaries...)
		all = append(all, ref)
		text := fmt.Sprintf("%s/%s is the canary of %s: merged into the primary's routes as traffic-split rules (%s)",
			ref.Namespace, ref.Name, strings.Join(names(primaries), ", "), canaryOrder(ing))
		for _, p := range primaries {
			if _, on := annotations.AffinityCookie(r.nginx[p].Annotations); on {
				text += fmt.Sprintf("; %s/%s uses cookie affinity: ingress-nginx kept a client on the canary once chosen (sticky canary), APISIX decides per request", p.Namespace, p.Name)
			}
		}
		if r.opts.Mode == ModeCRD {
			text += "; both stay Ingresses with --to crd"
		}
		out = append(out, Trap{Kind: "canary", Host: firstHost(ing), Ingresses: names(all), Text: text})
	}
	return out
}

func canaryOrder(ing *networkingv1.Ingress) string {
	by := annotations.CanaryRouting(ing.Annotations)
	if len(by) == 0 {
		return "no header, cookie or weight: no traffic"
	}
	return "by " + strings.Join(by, ", then ")
}

func firstHost(ing *networkingv1.Ingress) string {
	if len(ing.Spec.Rules) > 0 {
		return strings.ToLower(ing.Spec.Rules[0].Host)
	}
	return ""
}

// primariesOf returns the non-canary Ingresses serving a path of the canary.
func (r *run) primariesOf(canary *networkingv1.Ingress, byHost map[string][]translator.ObjectRef) []translator.ObjectRef {
	var out []translator.ObjectRef
	seen := map[translator.ObjectRef]bool{}
	for _, rule := range canary.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		h := strings.ToLower(rule.Host)
		for _, cp := range rule.HTTP.Paths {
			for _, ref := range byHost[h] {
				ing := r.nginx[ref]
				if seen[ref] || isCanary(ing) || !servesPath(ing, h, cp) {
					continue
				}
				seen[ref] = true
				out = append(out, ref)
			}
		}
	}
	return out
}

// servesPath reports whether ing serves the same host, path and path type.
func servesPath(ing *networkingv1.Ingress, h string, want networkingv1.HTTPIngressPath) bool {
	norm := func(p networkingv1.HTTPIngressPath) string {
		pt := networkingv1.PathTypeImplementationSpecific
		if p.PathType != nil {
			pt = *p.PathType
		}
		path := p.Path
		if path == "" {
			path = "/"
		}
		if pt == networkingv1.PathTypePrefix && path != "/" {
			path = strings.TrimRight(path, "/")
		}
		return string(pt) + " " + path
	}
	for _, rule := range ing.Spec.Rules {
		if strings.ToLower(rule.Host) != h || rule.HTTP == nil {
			continue
		}
		for _, p := range rule.HTTP.Paths {
			if norm(p) == norm(want) {
				return true
			}
		}
	}
	return false
}
