package controller

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// sources maps each source object that may get a status to its cached copy
// (read-only: it is shared with the cache).
type sources map[translator.ObjectRef]client.Object

func (s sources) add(kind string, o client.Object) {
	s[translator.ObjectRef{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}] = o
}

// listInto lists the cache without deep copies (the translator only reads)
// and returns pointers to the items.
func listInto[T any, L client.ObjectList](ctx context.Context, r client.Reader, list L, items func(L) []T) ([]*T, error) {
	if err := r.List(ctx, list, client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	its := items(list)
	out := make([]*T, len(its))
	for i := range its {
		out[i] = &its[i]
	}
	return out, nil
}

// buildSnapshot reads every watched kind from the informer cache, and the
// Secrets and ConfigMaps that objects reference through their ref stores.
func (c *Controller) buildSnapshot(ctx context.Context) (*translator.Snapshot, sources, error) {
	r := c.cache
	s := &translator.Snapshot{}
	var err error
	wrap := func(what string, e error) error { return fmt.Errorf("listing %s from the cache: %w", what, e) }
	if s.Ingresses, err = listInto(ctx, r, &networkingv1.IngressList{}, func(l *networkingv1.IngressList) []networkingv1.Ingress { return l.Items }); err != nil {
		return nil, nil, wrap("Ingresses", err)
	}
	if s.IngressClasses, err = listInto(ctx, r, &networkingv1.IngressClassList{}, func(l *networkingv1.IngressClassList) []networkingv1.IngressClass { return l.Items }); err != nil {
		return nil, nil, wrap("IngressClasses", err)
	}
	if s.Services, err = listInto(ctx, r, &corev1.ServiceList{}, func(l *corev1.ServiceList) []corev1.Service { return l.Items }); err != nil {
		return nil, nil, wrap("Services", err)
	}
	if s.EndpointSlices, err = listInto(ctx, r, &discoveryv1.EndpointSliceList{}, func(l *discoveryv1.EndpointSliceList) []discoveryv1.EndpointSlice { return l.Items }); err != nil {
		return nil, nil, wrap("EndpointSlices", err)
	}
	if s.ApisixRoutes, err = listInto(ctx, r, &apiv2.ApisixRouteList{}, func(l *apiv2.ApisixRouteList) []apiv2.ApisixRoute { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixRoutes", err)
	}
	if s.ApisixUpstreams, err = listInto(ctx, r, &apiv2.ApisixUpstreamList{}, func(l *apiv2.ApisixUpstreamList) []apiv2.ApisixUpstream { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixUpstreams", err)
	}
	if s.ApisixTlses, err = listInto(ctx, r, &apiv2.ApisixTlsList{}, func(l *apiv2.ApisixTlsList) []apiv2.ApisixTls { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixTlses", err)
	}
	if s.ApisixPluginConfigs, err = listInto(ctx, r, &apiv2.ApisixPluginConfigList{}, func(l *apiv2.ApisixPluginConfigList) []apiv2.ApisixPluginConfig { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixPluginConfigs", err)
	}
	if s.ApisixConsumers, err = listInto(ctx, r, &apiv2.ApisixConsumerList{}, func(l *apiv2.ApisixConsumerList) []apiv2.ApisixConsumer { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixConsumers", err)
	}
	if s.ApisixGlobalRules, err = listInto(ctx, r, &apiv2.ApisixGlobalRuleList{}, func(l *apiv2.ApisixGlobalRuleList) []apiv2.ApisixGlobalRule { return l.Items }); err != nil {
		return nil, nil, wrap("ApisixGlobalRules", err)
	}
	if s.Pods, err = listPods(ctx, r); err != nil {
		return nil, nil, wrap("Pods", err)
	}
	refs := referencesOf(s)
	if s.Secrets, err = c.secrets.fetch(ctx, refs.secrets); err != nil {
		return nil, nil, err
	}
	if s.ConfigMaps, err = c.configMaps.fetch(ctx, refs.configMaps); err != nil {
		return nil, nil, err
	}
	return s, sourcesOf(s), nil
}

// sourcesOf indexes the objects that get a status.
func sourcesOf(s *translator.Snapshot) sources {
	src := make(sources, len(s.Ingresses)+len(s.ApisixRoutes))
	for _, o := range s.Ingresses {
		src.add("Ingress", o)
	}
	for _, o := range s.ApisixRoutes {
		src.add(apiv2.KindApisixRoute, o)
	}
	for _, o := range s.ApisixUpstreams {
		src.add(apiv2.KindApisixUpstream, o)
	}
	for _, o := range s.ApisixTlses {
		src.add(apiv2.KindApisixTls, o)
	}
	for _, o := range s.ApisixPluginConfigs {
		src.add(apiv2.KindApisixPluginConfig, o)
	}
	for _, o := range s.ApisixConsumers {
		src.add(apiv2.KindApisixConsumer, o)
	}
	for _, o := range s.ApisixGlobalRules {
		src.add(apiv2.KindApisixGlobalRule, o)
	}
	return src
}

// listPods returns the cached Pod metadata as Pods carrying only metadata.
func listPods(ctx context.Context, r client.Reader) ([]*corev1.Pod, error) {
	l := &metav1.PartialObjectMetadataList{}
	l.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("PodList"))
	if err := r.List(ctx, l, client.UnsafeDisableDeepCopy); err != nil {
		return nil, err
	}
	out := make([]*corev1.Pod, len(l.Items))
	for i := range l.Items {
		out[i] = &corev1.Pod{ObjectMeta: l.Items[i].ObjectMeta}
	}
	return out, nil
}
