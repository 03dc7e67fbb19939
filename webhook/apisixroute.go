package webhook

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
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
	for i, r := range o.Spec.HTTP {
		rp := spec.Child("http").Index(i)
		c.plugins(r.Plugins, rp.Child("plugins"), false)
		c.routePathConflicts(o, i, rp, classes)
	}
	for i, s := range o.Spec.Stream {
		c.plugins(s.Plugins, spec.Child("stream").Index(i).Child("plugins"), true)
	}
	snap := c.snapshotOf(o, classes)
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
