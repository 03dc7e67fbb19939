package webhook

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// apisixRoute validates an ApisixRoute: its plugins, the host+paths other
// objects already serve, and its translation with the Services,
// ApisixUpstreams and ApisixPluginConfigs it names.
func (c *check) apisixRoute(o, old *apiv2.ApisixRoute) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixRoute) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	spec := field.NewPath("spec")
	var services, upstreams []string
	snap := &translator.Snapshot{ApisixRoutes: []*apiv2.ApisixRoute{o}, IngressClasses: classes}
	for i, r := range o.Spec.HTTP {
		rp := spec.Child("http").Index(i)
		c.plugins(r.Plugins, rp.Child("plugins"), false)
		c.routePathConflicts(o, i, rp, classes)
		for _, b := range r.Backends {
			services = append(services, b.ServiceName)
		}
		for _, u := range r.Upstreams {
			upstreams = append(upstreams, u.Name)
		}
		if r.PluginConfigName != "" {
			ns := r.PluginConfigNamespace
			if ns == "" {
				ns = o.Namespace
			}
			if pc, err := c.v.store.ApisixPluginConfig(c.ctx, ns, r.PluginConfigName); err != nil {
				c.lookupFailed("ApisixPluginConfig", err)
			} else if pc != nil {
				snap.ApisixPluginConfigs = append(snap.ApisixPluginConfigs, pc)
			}
		}
	}
	for i, s := range o.Spec.Stream {
		c.plugins(s.Plugins, spec.Child("stream").Index(i).Child("plugins"), true)
		services = append(services, s.Backend.ServiceName)
	}
	// An ApisixUpstream named like a Service configures that Service's upstream.
	upstreams = append(upstreams, services...)
	snap.Services = c.services(o.Namespace, dedupe(services))
	for _, n := range dedupe(upstreams) {
		if au, err := c.v.store.ApisixUpstream(c.ctx, o.Namespace, n); err != nil {
			c.lookupFailed("ApisixUpstream", err)
		} else if au != nil {
			snap.ApisixUpstreams = append(snap.ApisixUpstreams, au)
		}
	}
	c.crdTranslate(snap, apiv2.KindApisixRoute, o.Namespace, o.Name)
}

// routePathConflicts rejects a host+path of rule i that another object
// already serves.
func (c *check) routePathConflicts(o *apiv2.ApisixRoute, i int, rp *field.Path, classes []*networkingv1.IngressClass) {
	r := o.Spec.HTTP[i]
	if len(routeHostPaths(&apiv2.ApisixRoute{Spec: apiv2.ApisixRouteSpec{HTTP: []apiv2.ApisixRouteHTTP{r}}})) == 0 {
		return
	}
	hosts := r.Match.Hosts
	if len(hosts) == 0 {
		hosts = []string{""}
	}
	for k, p := range r.Match.Paths {
		for _, h := range hosts {
			others, _ := c.hostPathClaimants(routePathKey(h, p), apiv2.KindApisixRoute, o.Namespace, o.Name, classes)
			if len(others) > 0 {
				c.fail(field.Invalid(rp.Child("match", "paths").Index(k), p, pathTakenMsg(h, others[0])))
				break
			}
		}
	}
}
