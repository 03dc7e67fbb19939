package controller

import (
	"context"
	"fmt"
	"maps"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// watchedKind is a kind the controller watches.
type watchedKind struct {
	kind string // as translator.ObjectRef names it
	obj  client.Object
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
		w := watchedKind{kind: k.GVK.Kind, specOnly: k.Source, labelsOnly: k.MetadataOnly}
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
// each relevant event records its object's ref and marks the state dirty.
func (c *Controller) watch(ctx context.Context) error {
	for _, w := range c.watched() {
		inf, err := c.cache.GetInformer(ctx, w.obj)
		if err != nil {
			return fmt.Errorf("controller: informer for %T: %w", w.obj, err)
		}
		kind, specOnly, labelsOnly := w.kind, w.specOnly, w.labelsOnly
		relevant := w.relevant
		if relevant == nil {
			relevant = func(any) bool { return true }
		}
		reg, err := inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
			AddFunc: func(obj any) {
				if relevant(obj) {
					c.markDirty(refOfEvent(kind, obj))
				}
			},
			UpdateFunc: func(oldObj, newObj any) {
				if changed(oldObj, newObj, specOnly, labelsOnly) && relevant(newObj) {
					c.markDirty(refOfEvent(kind, newObj))
				}
			},
			DeleteFunc: func(obj any) {
				if relevant(obj) {
					c.markDirty(refOfEvent(kind, obj))
				}
			},
		})
		if err != nil {
			return fmt.Errorf("controller: event handler for %T: %w", w.obj, err)
		}
		c.handlers = append(c.handlers, reg)
	}
	return nil
}

// awaitInitialEvents waits until every handler received the events of its
// informer's initial list, so that the first full translation (which reads
// the cache) can drop them: later batches then read only objects that
// changed after it. It reports false when ctx ends first.
func (c *Controller) awaitInitialEvents(ctx context.Context) bool {
	for _, h := range c.handlers {
		for !h.HasSynced() {
			select {
			case <-ctx.Done():
				return false
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	return true
}

// refOfEvent returns the ref of an event's object (or of the object a
// deletion tombstone names).
func refOfEvent(kind string, obj any) translator.ObjectRef {
	if t, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		ns, name, _ := toolscache.SplitMetaNamespaceKey(t.Key)
		return translator.ObjectRef{Kind: kind, Namespace: ns, Name: name}
	}
	if m, ok := obj.(metav1.Object); ok {
		return translator.ObjectRef{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName()}
	}
	return translator.ObjectRef{Kind: kind}
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
