package controller

import (
	"context"
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// watchedKind is a kind the controller watches.
type watchedKind struct {
	obj      client.Object
	specOnly bool
}

// watched returns the kinds the controller watches, and whether a change
// matters only when it touches metadata.generation, labels or annotations
// (kinds whose status this controller writes, so its own writes do not
// trigger syncs).
func watched() []watchedKind {
	return []watchedKind{
		{&networkingv1.Ingress{}, true},
		{&networkingv1.IngressClass{}, false},
		{&corev1.Service{}, false},
		{&discoveryv1.EndpointSlice{}, false},
		{secretMetadata(), false},
		{podMetadata(), false},
		{&apiv2.ApisixRoute{}, true},
		{&apiv2.ApisixUpstream{}, true},
		{&apiv2.ApisixTls{}, true},
		{&apiv2.ApisixPluginConfig{}, true},
		{&apiv2.ApisixConsumer{}, true},
		{&apiv2.ApisixGlobalRule{}, true},
	}
}

// watch registers an event handler on the informer of every watched kind;
// each relevant event marks the state dirty.
func (c *Controller) watch(ctx context.Context) error {
	for _, w := range watched() {
		inf, err := c.cache.GetInformer(ctx, w.obj)
		if err != nil {
			return fmt.Errorf("controller: informer for %T: %w", w.obj, err)
		}
		specOnly, labelsOnly := w.specOnly, false
		if _, isPod := w.obj.(*metav1.PartialObjectMetadata); isPod && w.obj.GetObjectKind().GroupVersionKind().Kind == "Pod" {
			labelsOnly = true
		}
		_, err = inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
			AddFunc: func(any) { c.markDirty() },
			UpdateFunc: func(oldObj, newObj any) {
				if changed(oldObj, newObj, specOnly, labelsOnly) {
					c.markDirty()
				}
			},
			DeleteFunc: func(any) { c.markDirty() },
		})
		if err != nil {
			return fmt.Errorf("controller: event handler for %T: %w", w.obj, err)
		}
	}
	return nil
}

// changed is the update predicate: a periodic informer resync (same
// resourceVersion) never matters; for specOnly kinds a status-only change
// does not either; for labelsOnly kinds (Pods) only labels matter.
func changed(oldObj, newObj any, specOnly, labelsOnly bool) bool {
	o, ok1 := oldObj.(metav1.Object)
	n, ok2 := newObj.(metav1.Object)
	if !ok1 || !ok2 {
		return true
	}
	if o.GetResourceVersion() == n.GetResourceVersion() {
		return false
	}
	if labelsOnly {
		return !maps.Equal(o.GetLabels(), n.GetLabels())
	}
	if !specOnly {
		return true
	}
	return o.GetGeneration() != n.GetGeneration() ||
		!maps.Equal(o.GetLabels(), n.GetLabels()) ||
		!maps.Equal(o.GetAnnotations(), n.GetAnnotations()) ||
		(o.GetDeletionTimestamp() == nil) != (n.GetDeletionTimestamp() == nil)
}
