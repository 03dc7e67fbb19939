package webhook

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// apisixRoute validates an ApisixRoute: its plugins, and its translation
// with the Services, ApisixUpstreams and ApisixPluginConfigs it names and
// its neighbours (see neighbours).
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
	c.neighbours(snap, translator.ObjectRef{Kind: apiv2.KindApisixRoute, Namespace: o.Namespace, Name: o.Name}, translator.ApisixRouteHostKeys(o))
	asNewest(snap, o)
	c.crdTranslate(snap, apiv2.KindApisixRoute, o.Namespace, o.Name)
}
