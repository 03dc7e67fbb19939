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

func (s sources) add(kind string, o client.Object) {
	s[translator.ObjectRef{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}] = o
}

// buildSnapshot reads every kind of translator.SnapshotKinds from the
// informer cache (without deep copies: the translator only reads), Pods as
// metadata, and the Secrets and ConfigMaps that objects reference through
// their ref stores.
func (c *Controller) buildSnapshot(ctx context.Context) (*translator.Snapshot, sources, error) {
	r := c.cache
	s := &translator.Snapshot{}
	for _, k := range c.kinds {
		if k.ByReference {
			continue
		}
		if k.MetadataOnly {
			if err := listMetadata(ctx, r, k, s); err != nil {
				return nil, nil, fmt.Errorf("listing %ss from the cache: %w", k.GVK.Kind, err)
			}
			continue
		}
		list := k.NewList().(client.ObjectList)
		if err := r.List(ctx, list, client.UnsafeDisableDeepCopy); err != nil {
			return nil, nil, fmt.Errorf("listing %ss from the cache: %w", k.GVK.Kind, err)
		}
		items, err := meta.ExtractList(list) // pointers into list's items
		if err != nil {
			return nil, nil, err
		}
		for _, o := range items {
			s.Add(o)
		}
	}
	refs := referencesOf(s)
	var err error
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
	for _, k := range translator.SnapshotKinds() {
		if !k.Source {
			continue
		}
		for _, o := range k.Objects(s) {
			src.add(k.GVK.Kind, o.(client.Object))
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
