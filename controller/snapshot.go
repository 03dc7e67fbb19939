package controller

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// sources maps each source object that may get a status to its cached copy
// (read-only: it is shared with the cache).
type sources map[translator.ObjectRef]client.Object

// buildSnapshot reads every kind of translator.SnapshotKinds from the
// informer cache (without deep copies: the translator only reads), Pods as
// metadata, and the Secrets and ConfigMaps that objects reference through
// their ref stores; it indexes those references anew (c.refs). The first
// batch and each periodic resync read the cluster this way; other batches
// read only what events named (see gather).
func (c *Controller) buildSnapshot(ctx context.Context) (*translator.Snapshot, error) {
	r := c.cache
	s := &translator.Snapshot{}
	for _, k := range c.kinds {
		if k.ByReference {
			continue
		}
		if k.MetadataOnly {
			if err := listMetadata(ctx, r, k, s); err != nil {
				return nil, fmt.Errorf("listing %ss from the cache: %w", k.GVK.Kind, err)
			}
			continue
		}
		list := k.NewList().(client.ObjectList)
		if err := r.List(ctx, list, client.UnsafeDisableDeepCopy); err != nil {
			return nil, fmt.Errorf("listing %ss from the cache: %w", k.GVK.Kind, err)
		}
		items, err := meta.ExtractList(list) // pointers into list's items
		if err != nil {
			return nil, err
		}
		for _, o := range items {
			s.Add(o)
		}
	}
	c.refs = refIndexOf(s)
	refs := c.refs.references()
	var err error
	if s.Secrets, err = c.secrets.fetch(ctx, refs.secrets); err != nil {
		return nil, err
	}
	if s.ConfigMaps, err = c.configMaps.fetch(ctx, refs.configMaps); err != nil {
		return nil, err
	}
	return s, nil
}

// sourcesFor returns the cached objects (read-only) of the sources whose
// statuses are to be posted; sources no longer cached are left out.
func (c *Controller) sourcesFor(ctx context.Context, statuses []translator.Status) sources {
	src := make(sources, len(statuses))
	if c.opts.DisableStatus {
		return src
	}
	for _, st := range statuses {
		k, ok := translator.SnapshotKindOf(st.Ref.Kind)
		if !ok || !k.Source {
			continue
		}
		o, err := c.cached(ctx, k, st.Ref)
		if err != nil || o == nil {
			continue
		}
		if co, ok := o.(client.Object); ok {
			src[st.Ref] = co
		}
	}
	return src
}

// listMetadata adds the cached metadata of a MetadataOnly kind to s, as
// objects of the kind carrying only metadata.
func listMetadata(ctx context.Context, r client.Reader, k translator.SnapshotKind, s *translator.Snapshot) error {
	l := &metav1.PartialObjectMetadataList{}
	l.SetGroupVersionKind(k.GVK.GroupVersion().WithKind(k.GVK.Kind + "List"))
	if err := r.List(ctx, l, client.UnsafeDisableDeepCopy); err != nil {
		return err
	}
	for i := range l.Items {
		o := k.New()
		if !setMetadata(o, &l.Items[i].ObjectMeta) || !s.Add(o) {
			return fmt.Errorf("kind %s cannot be read as metadata", k.GVK.Kind)
		}
	}
	return nil
}

// setMetadata sets the ObjectMeta of o.
func setMetadata(o runtime.Object, m *metav1.ObjectMeta) bool {
	switch t := o.(type) {
	case *corev1.Pod:
		t.ObjectMeta = *m
		return true
	}
	return false
}
