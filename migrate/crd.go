package migrate

import (
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// owned are the APISIX objects translated from one source object.
type owned struct {
	routes    []*apisix.Route
	upstreams map[string]*apisix.Upstream
	streams   []*apisix.StreamRoute
	consumers int
}

// ownedBy indexes a state by the ownership labels of its objects.
func ownedBy(s *apisix.State) map[translator.ObjectRef]*owned {
	out := map[translator.ObjectRef]*owned{}
	get := func(l apisix.Labels) *owned {
		ref := translator.ObjectRef{Kind: l[apisix.LabelSourceKind], Namespace: l[apisix.LabelSourceNamespace], Name: l[apisix.LabelSourceName]}
		o := out[ref]
		if o == nil {
			o = &owned{upstreams: map[string]*apisix.Upstream{}}
			out[ref] = o
		}
		return o
	}
	for _, r := range s.Routes {
		o := get(r.Labels)
		o.routes = append(o.routes, r)
	}
	for _, u := range s.Upstreams {
		get(u.Labels).upstreams[u.ID] = u
	}
	for _, c := range s.Consumers {
		get(c.Labels).consumers++
	}
	for _, r := range s.StreamRoutes {
		o := get(r.Labels)
		o.streams = append(o.streams, r)
	}
	return out
}

// crdPlan decides, for ModeCRD, which Ingresses become ApisixRoutes and
// which are kept as (rewritten) Ingresses, and why.
type crdPlan struct {
	routes   map[translator.ObjectRef]*ingressRoute
	kept     map[translator.ObjectRef]string // why an Ingress is kept
	upstream map[nsName]*apiv2.ApisixUpstream
	// upstreamAt is the Ingress whose document the ApisixUpstream follows.
	upstreamAt map[translator.ObjectRef][]*apiv2.ApisixUpstream
	// scalars caches how strings are written, for marshalObjectsWith.
	scalars scalarCache
}

type nsName struct{ ns, name string }

// planCRD converts every migrated Ingress it can. Ingresses that share a
// host where paths are regexes, and Ingresses that share a Service, must
// convert together: an ApisixRoute no longer turns the other Ingresses'
// paths into regexes, and an ApisixUpstream tunes every route to its Service.
func (r *run) planCRD(expected *translator.Result, order []translator.ObjectRef) *crdPlan {
	p := &crdPlan{
		routes: map[translator.ObjectRef]*ingressRoute{}, kept: map[translator.ObjectRef]string{},
		upstream: map[nsName]*apiv2.ApisixUpstream{}, upstreamAt: map[translator.ObjectRef][]*apiv2.ApisixUpstream{},
	}
	own := ownedBy(expected.State)
	irs := make([]*ingressRoute, len(order))
	whys := make([]string, len(order))
	parallel(len(order), func(i int) {
		o := own[order[i]]
		if o == nil {
			o = &owned{}
		}
		irs[i], whys[i] = toApisixRoute(r.nginx[order[i]], o, r.opts.IngressClass, r.docNamespace(order[i]))
	})
	for i, ref := range order {
		if whys[i] != "" {
			p.kept[ref] = whys[i]
			continue
		}
		p.routes[ref] = irs[i]
	}
	r.keepRegexHosts(p, order)
	r.keepConflictingServices(p, order)
	r.keepRegexHosts(p, order)
	for _, ref := range order {
		ir := p.routes[ref]
		if ir == nil {
			continue
		}
		names := make([]string, 0, len(ir.services))
		for n := range ir.services {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, svc := range names {
			set := ir.services[svc]
			k := nsName{ref.Namespace, svc}
			if _, done := p.upstream[k]; done || set.isDefault() {
				continue
			}
			au := apisixUpstream(svc, r.docNamespace(ref), r.opts.IngressClass, set)
			p.upstream[k] = au
			p.upstreamAt[ref] = append(p.upstreamAt[ref], au)
		}
	}
	return p
}

// keepRegexHosts keeps every Ingress of a host where paths are regexes when
// one of them is kept.
func (r *run) keepRegexHosts(p *crdPlan, order []translator.ObjectRef) {
	hosts := map[string][]translator.ObjectRef{}
	regex := map[string]bool{}
	for _, ref := range order {
		ing := r.nginx[ref]
		for _, h := range ingressHosts(ing) {
			hosts[h] = append(hosts[h], ref)
			if setsRegex(ing) {
				regex[h] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for h, refs := range hosts {
			if !regex[h] || !anyKept(p, refs) {
				continue
			}
			for _, ref := range refs {
				if p.routes[ref] != nil {
					delete(p.routes, ref)
					p.kept[ref] = "another Ingress of host " + h + " is kept, and its use-regex or rewrite-target applies to this one too"
					changed = true
				}
			}
		}
	}
}

func anyKept(p *crdPlan, refs []translator.ObjectRef) bool {
	for _, ref := range refs {
		if _, ok := p.kept[ref]; ok {
			return true
		}
	}
	return false
}

// keepConflictingServices keeps the Ingresses that need different
// ApisixUpstream settings for the same Service (or whose Service already
// has an ApisixUpstream in the input).
func (r *run) keepConflictingServices(p *crdPlan, order []translator.ObjectRef) {
	existing := map[nsName]bool{}
	for _, au := range r.dec.Snapshot.ApisixUpstreams {
		existing[nsName{au.Namespace, au.Name}] = true
	}
	sets := map[nsName]map[svcSettings]bool{}
	users := map[nsName][]translator.ObjectRef{}
	for _, ref := range order {
		if ir := p.routes[ref]; ir != nil {
			for svc, set := range ir.services {
				k := nsName{ref.Namespace, svc}
				if sets[k] == nil {
					sets[k] = map[svcSettings]bool{}
				}
				sets[k][set] = true
				users[k] = append(users[k], ref)
			}
		}
	}
	for k, s := range sets {
		why := ""
		switch {
		case existing[k]:
			why = "ApisixUpstream " + k.name + " already exists in the input and would change this Service's upstream"
		case len(s) > 1:
			why = "Ingresses use Service " + k.name + " with different upstream annotations; one ApisixUpstream cannot serve both"
		default:
			continue
		}
		for _, ref := range users[k] {
			delete(p.routes, ref)
			p.kept[ref] = why
		}
	}
}

// ingressHosts are the rule hosts of an Ingress.
func ingressHosts(ing *networkingv1.Ingress) []string {
	var out []string
	for _, r := range ing.Spec.Rules {
		out = append(out, strings.ToLower(r.Host))
	}
	return out
}

// setsRegex reports whether an Ingress turns its host's paths into regexes.
func setsRegex(ing *networkingv1.Ingress) bool {
	if isCanary(ing) {
		return false
	}
	return annotations.SetsRegex(ing.Annotations)
}

// apisixUpstream is the ApisixUpstream that gives a Service's upstreams the
// settings of the Ingress annotations.
func apisixUpstream(svc, ns, class string, s svcSettings) *apiv2.ApisixUpstream {
	au := &apiv2.ApisixUpstream{}
	au.APIVersion, au.Kind = apiv2.GroupVersion.String(), "ApisixUpstream"
	au.Name, au.Namespace = svc, ns
	au.Spec.IngressClassName = class
	if s.lbType != "" && s.lbType != apisix.UpstreamRoundRobin {
		au.Spec.LoadBalancer = &apiv2.LoadBalancer{Type: s.lbType, HashOn: s.hashOn, Key: s.key}
	}
	au.Spec.Scheme = s.scheme
	if s.retries >= 0 {
		n := int64(s.retries)
		au.Spec.Retries = &n
	}
	return au
}
