package webhook

import (
	"fmt"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// claimant is another object serving a key.
type claimant struct{ kind, ns, name string }

func (c claimant) String() string { return c.kind + " " + c.ns + "/" + c.name }

// hostPathClaimants returns the objects of this controller, other than
// (kind, ns, name), that serve key; canary Ingresses never claim a path.
// With wantPrimaries the Ingresses are returned instead of reported.
func (c *check) hostPathClaimants(key, kind, ns, name string, classes []*networkingv1.IngressClass) ([]claimant, []*networkingv1.Ingress) {
	var out []claimant
	var ings []*networkingv1.Ingress
	list, err := c.v.store.IngressesByHostPath(c.ctx, key)
	if err != nil {
		c.lookupFailed("host+path index", err)
	}
	for _, o := range list {
		if (kind == "Ingress" && o.Namespace == ns && o.Name == name) || isCanary(o) || !translator.OwnsIngress(o, classes, c.v.opts.Translator) {
			continue
		}
		out = append(out, claimant{"Ingress", o.Namespace, o.Name})
		ings = append(ings, o)
	}
	routes, err := c.v.store.ApisixRoutesByHostPath(c.ctx, key)
	if err != nil {
		c.lookupFailed("host+path index", err)
	}
	for _, o := range routes {
		if (kind == apiv2.KindApisixRoute && o.Namespace == ns && o.Name == name) || !c.ownsClassName(o.Spec.IngressClassName, classes) {
			continue
		}
		out = append(out, claimant{apiv2.KindApisixRoute, o.Namespace, o.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, ings
}

// ingressPathConflicts rejects each host+path another object already
// serves. A canary shares its primary's paths on purpose: for it the
// primaries are returned, to translate the canary against them.
func (c *check) ingressPathConflicts(ing *networkingv1.Ingress, classes []*networkingv1.IngressClass, canary bool) []*networkingv1.Ingress {
	var primaries []*networkingv1.Ingress
	seen := map[string]bool{}
	for i, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for j, p := range r.HTTP.Paths {
			key := ingressPathKey(r.Host, p.Path, p.PathType)
			if seen[key] {
				continue
			}
			seen[key] = true
			others, ings := c.hostPathClaimants(key, "Ingress", ing.Namespace, ing.Name, classes)
			if canary {
				primaries = append(primaries, ings...)
				continue
			}
			if len(others) > 0 {
				fp := field.NewPath("spec", "rules").Index(i).Child("http", "paths").Index(j).Child("path")
				c.fail(field.Invalid(fp, p.Path, pathTakenMsg(r.Host, others[0])))
			}
		}
	}
	return uniqueIngresses(primaries)
}

func pathTakenMsg(host string, by claimant) string {
	if host == "" {
		host = "*"
	}
	return fmt.Sprintf("host %q already serves this path in %s; remove it from one of them", host, by)
}

// tlsClaimants returns the objects of this controller with a certificate
// for host from a Secret other than secretNS/secretName.
func (c *check) tlsClaimants(host, kind, ns, name, secretNS, secretName string, classes []*networkingv1.IngressClass) []string {
	var out []string
	ings, err := c.v.store.IngressesByTLSHost(c.ctx, host)
	if err != nil {
		c.lookupFailed("TLS host index", err)
	}
	for _, o := range ings {
		if (kind == "Ingress" && o.Namespace == ns && o.Name == name) || !translator.OwnsIngress(o, classes, c.v.opts.Translator) {
			continue
		}
		for _, t := range o.Spec.TLS {
			if t.SecretName != "" && containsFold(t.Hosts, host) && (o.Namespace != secretNS || t.SecretName != secretName) {
				out = append(out, fmt.Sprintf("Secret %s/%s of Ingress %s/%s", o.Namespace, t.SecretName, o.Namespace, o.Name))
			}
		}
	}
	tlses, err := c.v.store.ApisixTlsesByHost(c.ctx, host)
	if err != nil {
		c.lookupFailed("TLS host index", err)
	}
	for _, o := range tlses {
		if (kind == apiv2.KindApisixTls && o.Namespace == ns && o.Name == name) || !c.ownsClassName(o.Spec.IngressClassName, classes) {
			continue
		}
		if o.Spec.Secret.Namespace != secretNS || o.Spec.Secret.Name != secretName {
			out = append(out, fmt.Sprintf("Secret %s/%s of ApisixTls %s/%s", o.Spec.Secret.Namespace, o.Spec.Secret.Name, o.Namespace, o.Name))
		}
	}
	sort.Strings(out)
	return out
}

// ingressTLSConflicts rejects a TLS host that already has a certificate
// from another Secret: APISIX would serve one of them at random.
func (c *check) ingressTLSConflicts(ing *networkingv1.Ingress, classes []*networkingv1.IngressClass) {
	for i, t := range ing.Spec.TLS {
		if t.SecretName == "" {
			continue
		}
		for j, h := range t.Hosts {
			others := c.tlsClaimants(strings.ToLower(h), "Ingress", ing.Namespace, ing.Name, ing.Namespace, t.SecretName, classes)
			if len(others) > 0 {
				fp := field.NewPath("spec", "tls").Index(i).Child("hosts").Index(j)
				c.fail(field.Invalid(fp, h, tlsTakenMsg(others[0])))
			}
		}
	}
}

func tlsTakenMsg(by string) string {
	return "already has a certificate from " + by + "; use the same Secret or remove the host from one of them"
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func uniqueIngresses(in []*networkingv1.Ingress) []*networkingv1.Ingress {
	seen := map[string]bool{}
	var out []*networkingv1.Ingress
	for _, o := range in {
		k := o.Namespace + "/" + o.Name
		if !seen[k] {
			seen[k] = true
			out = append(out, o)
		}
	}
	return out
}
