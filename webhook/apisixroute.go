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
	for i, r := range o.Spec.HTTP {
		rp := spec.Child("http").Index(i)
		c.plugins(r.Plugins, rp.Child("plugins"), false)
	}
	for i, s := range o.Spec.Stream {
		c.plugins(s.Plugins, spec.Child("stream").Index(i).Child("plugins"), true)
	}
	snap := c.snapshotOf(o, classes)
	c.neighbours(snap, translator.ObjectRef{Kind: apiv2.KindApisixRoute, Namespace: o.Namespace, Name: o.Name}, translator.ApisixRouteHostKeys(o))
	asNewest(snap, o)
	c.crdTranslate(snap, apiv2.KindApisixRoute, o.Namespace, o.Name)
}
