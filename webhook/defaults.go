package webhook

import (
	"context"
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// defaulter adds what is missing, never rewriting a value the user wrote
// (unless Options.RewriteValues). It implements controller-runtime's
// admission.CustomDefaulter; the patch is computed by controller-runtime.
type defaulter struct{ v *Validator }

// Default implements admission.CustomDefaulter.
func (d defaulter) Default(ctx context.Context, obj runtime.Object) error {
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		return d.ingress(ctx, o)
	case *apiv2.ApisixRoute:
		if d.owns(ctx, o.Spec.IngressClassName) {
			defaultRoute(o)
		}
	case *apiv2.ApisixPluginConfig:
		if d.owns(ctx, o.Spec.IngressClassName) {
			defaultPlugins(o.Spec.Plugins)
		}
	case *apiv2.ApisixGlobalRule:
		if d.owns(ctx, o.Spec.IngressClassName) {
			defaultPlugins(o.Spec.Plugins)
		}
	default:
		return fmt.Errorf("no defaults for %T", obj)
	}
	return nil
}

func (d defaulter) owns(ctx context.Context, class string) bool {
	c := &check{v: d.v, ctx: ctx}
	return c.ownsClassName(class, c.classes())
}

// ingress sets spec.ingressClassName from the legacy annotation on the
// Ingresses of this controller (Kubernetes accepts both when they match).
func (d defaulter) ingress(ctx context.Context, ing *networkingv1.Ingress) error {
	classes, _ := d.v.store.IngressClasses(ctx)
	if !translator.OwnsIngress(ing, classes, d.v.opts.Translator) {
		return nil
	}
	if v, ok := annotations.LegacyClass(ing.Annotations); ok && ing.Spec.IngressClassName == nil && v != "" {
		ing.Spec.IngressClassName = &v
	}
	if d.v.opts.RewriteValues {
		for k, v := range rewriteValues(ing.Annotations, d.v.canonical) {
			ing.Annotations[k] = v
		}
	}
	return nil
}

func defaultRoute(o *apiv2.ApisixRoute) {
	for i := range o.Spec.HTTP {
		r := &o.Spec.HTTP[i]
		for j := range r.Backends {
			b := &r.Backends[j]
			if b.Weight == nil {
				b.Weight = ptr(apiv2.DefaultBackendWeight)
			}
			if b.ResolveGranularity == "" {
				b.ResolveGranularity = apiv2.DefaultResolveGranularity
			}
		}
		for j := range r.Upstreams {
			if r.Upstreams[j].Weight == nil {
				r.Upstreams[j].Weight = ptr(apiv2.DefaultBackendWeight)
			}
		}
		defaultPlugins(r.Plugins)
	}
	for i := range o.Spec.Stream {
		s := &o.Spec.Stream[i]
		if s.Backend.ResolveGranularity == "" {
			s.Backend.ResolveGranularity = apiv2.DefaultResolveGranularity
		}
		defaultPlugins(s.Plugins)
	}
}

func defaultPlugins(ps []apiv2.ApisixRoutePlugin) {
	for i := range ps {
		if ps[i].Enable == nil {
			ps[i].Enable = ptr(apiv2.DefaultPluginEnable)
		}
	}
}

func ptr[T any](v T) *T { return &v }
