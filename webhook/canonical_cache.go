package webhook

import (
	"sync"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// maxCanonicalEntries bounds the canonical form cache. Clusters repeat a
// few hundred annotation values; past the bound, values are computed anew.
const maxCanonicalEntries = 8192

// canonicalCache remembers annotations.Canonical, a pure function of the key
// and value, so that the policy step does not parse again the annotations
// the translation has just parsed (the cluster's Ingresses share most of
// their annotation values). It is safe for concurrent use.
type canonicalCache struct {
	mu sync.RWMutex
	m  map[annotationKV]canonicalForm
}

type annotationKV struct{ key, value string }

type canonicalForm struct {
	key, value string
	ok         bool
}

func newCanonicalCache() *canonicalCache {
	return &canonicalCache{m: map[annotationKV]canonicalForm{}}
}

// canonical returns annotations.Canonical(key, value).
func (c *canonicalCache) canonical(key, value string) (string, string, bool) {
	kv := annotationKV{key, value}
	c.mu.RLock()
	f, hit := c.m[kv]
	c.mu.RUnlock()
	if hit {
		return f.key, f.value, f.ok
	}
	f.key, f.value, f.ok = annotations.Canonical(key, value)
	c.mu.Lock()
	if len(c.m) < maxCanonicalEntries {
		c.m[kv] = f
	}
	c.mu.Unlock()
	return f.key, f.value, f.ok
}
