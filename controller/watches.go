package controller

import (
	"context"
	"fmt"
	"maps"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// watchedKind is a kind the controller watches.
type watchedKind struct {
	obj client.Object
	// specOnly: a change matters only when it touches metadata.generation,
	// labels or annotations (kinds whose status this controller writes, so
	// its own writes do not trigger syncs).
	specOnly bool
	// labelsOnly: only a change of labels matters (Pods, watched as
	// metadata for the labels ApisixUpstream subsets select).
	labelsOnly bool
	// relevant, when set, filters events by object: only Secrets and
	// ConfigMaps that something references matter.
	relevant func(obj any) bool
}

// watched returns the kinds the controller watches: every kind of
// translator.SnapshotKinds the cluster serves (c.kinds), those read by
// reference or for their metadata alone as metadata.
func (c *Controller) watched() []watchedKind {
	var out []watchedKind
	for _, k := range c.kinds {
		w := watchedKind{specOnly: k.Source, labelsOnly: k.MetadataOnly}
		switch {
		case k.ByReference:
			w.obj = metadataKey(k.GVK.Kind)
			w.relevant = c.referenced(k.GVK.Kind)
		case k.MetadataOnly:
			w.obj = metadataKey(k.GVK.Kind)
		default:
			w.obj = k.New().(client.Object)
		}
		out = append(out, w)
	}
	return out
}

// watch registers an event handler on the informer of every watched kind;
// each relevant event marks the state dirty.
func (c *Controller) watch(ctx context.Context) error {
	for _, w := range c.watched() {
		inf, err := c.cache.GetInformer(ctx, w.obj)
		if err != nil {
			return fmt.Errorf("controller: informer for %T: %w", w.obj, err)
		}
		specOnly, labelsOnly := w.specOnly, w.labelsOnly
		relevant := w.relevant
		if relevant == nil {
			relevant = func(any) bool { return true }
		}
		_, err = inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
			AddFunc: func(obj any) {
				if relevant(obj) {
					c.markDirty()
				}
			},
			UpdateFunc: func(oldObj, newObj any) {
				if changed(oldObj, newObj, specOnly, labelsOnly) && relevant(newObj) {
					c.markDirty()
				}
			},
			DeleteFunc: func(obj any) {
				if relevant(obj) {
					c.markDirty()
				}
			},
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
