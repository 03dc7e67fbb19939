package controller

import (
	"context"
	"fmt"
	"sort"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// secretStore holds the referenced Secrets, fetched with a direct reader and
// kept until the cached metadata shows a new resourceVersion. Nothing else
// about Secrets is cached.
type secretStore struct {
	meta   client.Reader // the cache, holding Secret metadata only
	direct client.Reader // the API reader
	// namespaces are the watched namespaces; nil means all. A Secret in
	// another namespace is treated as missing, as everything there is.
	namespaces map[string]bool

	mu      sync.Mutex
	entries map[secretKey]*corev1.Secret
}

func newSecretStore(meta, direct client.Reader, namespaces []string) *secretStore {
	s := &secretStore{meta: meta, direct: direct, entries: map[secretKey]*corev1.Secret{}}
	if len(namespaces) > 0 {
		s.namespaces = map[string]bool{}
		for _, ns := range namespaces {
			s.namespaces[ns] = true
		}
	}
	return s
}

// fetch returns the referenced Secrets that exist, in a stable order.
// Secrets no longer referenced are forgotten.
func (s *secretStore) fetch(ctx context.Context, refs map[secretKey]bool) ([]*corev1.Secret, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.entries {
		if !refs[k] {
			delete(s.entries, k)
		}
	}
	keys := make([]secretKey, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].ns != keys[j].ns {
			return keys[i].ns < keys[j].ns
		}
		return keys[i].name < keys[j].name
	})
	out := make([]*corev1.Secret, 0, len(keys))
	for _, k := range keys {
		sec, err := s.get(ctx, k)
		if err != nil {
			return nil, err
		}
		if sec != nil {
			out = append(out, sec)
		}
	}
	return out, nil
}

// get returns the Secret k, nil when it does not exist (or is not watched).
func (s *secretStore) get(ctx context.Context, k secretKey) (*corev1.Secret, error) {
	if s.namespaces != nil && !s.namespaces[k.ns] {
		return nil, nil
	}
	m := secretMetadata()
	if err := s.meta.Get(ctx, client.ObjectKey{Namespace: k.ns, Name: k.name}, m); err != nil {
		if apierrors.IsNotFound(err) {
			delete(s.entries, k)
			return nil, nil
		}
		return nil, fmt.Errorf("reading Secret %s/%s metadata from the cache: %w", k.ns, k.name, err)
	}
	if e, ok := s.entries[k]; ok && e.ResourceVersion == m.ResourceVersion {
		return e, nil
	}
	var sec corev1.Secret
	if err := s.direct.Get(ctx, client.ObjectKey{Namespace: k.ns, Name: k.name}, &sec); err != nil {
		if apierrors.IsNotFound(err) {
			delete(s.entries, k)
			return nil, nil
		}
		return nil, fmt.Errorf("reading Secret %s/%s: %w", k.ns, k.name, err)
	}
	sec.ManagedFields = nil
	sec.Annotations = nil
	sec.ResourceVersion = m.ResourceVersion
	s.entries[k] = &sec
	return &sec, nil
}
