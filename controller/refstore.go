package controller

import (
	"context"
	"fmt"
	"sort"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// objectKey names a namespaced object (a referenced Secret or ConfigMap).
type objectKey struct{ ns, name string }

// refObject is a pointer to a Kubernetes kind held by a refStore.
type refObject[T any] interface {
	*T
	client.Object
}

// refStore holds the referenced objects of one core/v1 kind (Secrets,
// ConfigMaps), fetched with a direct reader and kept until the cached
// metadata shows a new resourceVersion. Nothing else about the kind is
// cached: the informer holds metadata only.
type refStore[T any, P refObject[T]] struct {
	kind   string        // the core/v1 kind, e.g. "Secret"
	meta   client.Reader // the cache, holding the kind's metadata only
	direct client.Reader // the API reader
	// namespaces are the watched namespaces; nil means all. An object in
	// another namespace is treated as missing, as everything there is.
	namespaces map[string]bool

	// wanted is the referenced set (nil before the first fetch): events
	// about other objects of the kind cannot change a translation. fetch
	// sets it whole, want and unwant one object at a time.
	wantMu sync.RWMutex
	wanted map[objectKey]bool

	mu      sync.Mutex
	entries map[objectKey]P
}

func newRefStore[T any, P refObject[T]](kind string, meta, direct client.Reader, namespaces []string) *refStore[T, P] {
	s := &refStore[T, P]{kind: kind, meta: meta, direct: direct, entries: map[objectKey]P{}}
	if len(namespaces) > 0 {
		s.namespaces = map[string]bool{}
		for _, ns := range namespaces {
			s.namespaces[ns] = true
		}
	}
	return s
}

// fetch returns the referenced objects that exist, in a stable order.
// Objects no longer referenced are forgotten. refs must not be modified
// afterwards: it becomes the set referenced reports on (and want and
// unwant change).
func (s *refStore[T, P]) fetch(ctx context.Context, refs map[objectKey]bool) ([]P, error) {
	// Published before the cache is read: an event the handler ignores
	// because the set was older was applied to the cache before it was
	// dispatched, so the reads below see its object.
	s.wantMu.Lock()
	s.wanted = refs
	s.wantMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.entries {
		if !refs[k] {
			delete(s.entries, k)
		}
	}
	keys := make([]objectKey, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].ns != keys[j].ns {
			return keys[i].ns < keys[j].ns
		}
		return keys[i].name < keys[j].name
	})
	out := make([]P, 0, len(keys))
	for _, k := range keys {
		o, err := s.get(ctx, k)
		if err != nil {
			return nil, err
		}
		if o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// want adds k to the referenced set; call it before reading k (see fetch).
func (s *refStore[T, P]) want(k objectKey) {
	s.wantMu.Lock()
	if s.wanted == nil {
		s.wanted = map[objectKey]bool{}
	}
	s.wanted[k] = true
	s.wantMu.Unlock()
}

// unwant takes k out of the referenced set.
func (s *refStore[T, P]) unwant(k objectKey) {
	s.wantMu.Lock()
	delete(s.wanted, k)
	s.wantMu.Unlock()
}

// forget drops the kept copy of k.
func (s *refStore[T, P]) forget(k objectKey) {
	s.mu.Lock()
	delete(s.entries, k)
	s.mu.Unlock()
}

// getOne returns the object k (read again only when its cached metadata
// shows a new resourceVersion), nil when it does not exist.
func (s *refStore[T, P]) getOne(ctx context.Context, k objectKey) (runtime.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.get(ctx, k)
	if err != nil || o == nil {
		return nil, err
	}
	return o, nil
}

// get returns the object k, nil when it does not exist (or is not watched).
func (s *refStore[T, P]) get(ctx context.Context, k objectKey) (P, error) {
	if s.namespaces != nil && !s.namespaces[k.ns] {
		return nil, nil
	}
	key := client.ObjectKey{Namespace: k.ns, Name: k.name}
	m := metadataKey(s.kind)
	if err := s.meta.Get(ctx, key, m); err != nil {
		if apierrors.IsNotFound(err) {
			delete(s.entries, k)
			return nil, nil
		}
		return nil, fmt.Errorf("reading %s %s/%s metadata from the cache: %w", s.kind, k.ns, k.name, err)
	}
	if e, ok := s.entries[k]; ok && e.GetResourceVersion() == m.ResourceVersion {
		return e, nil
	}
	o := P(new(T))
	if err := s.direct.Get(ctx, key, o); err != nil {
		if apierrors.IsNotFound(err) {
			delete(s.entries, k)
			return nil, nil
		}
		return nil, fmt.Errorf("reading %s %s/%s: %w", s.kind, k.ns, k.name, err)
	}
	// Annotations may hold a copy of the data (kubectl's
	// last-applied-configuration); nothing reads them.
	o.SetManagedFields(nil)
	o.SetAnnotations(nil)
	// Compared with the cached metadata on the next fetch: a newer object
	// read here is read again once the cache catches up, never missed.
	o.SetResourceVersion(m.ResourceVersion)
	s.entries[k] = o
	return o, nil
}

// referenced reports whether an informer event about obj (an object, or a
// tombstone of one) may change the next snapshot: obj is referenced, or no
// snapshot has been built yet.
func (s *refStore[T, P]) referenced(obj any) bool {
	s.wantMu.RLock()
	defer s.wantMu.RUnlock()
	if s.wanted == nil {
		return true
	}
	key, err := toolscache.DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return true
	}
	ns, name, err := toolscache.SplitMetaNamespaceKey(key)
	if err != nil {
		return true
	}
	return s.wanted[objectKey{ns, name}]
}
