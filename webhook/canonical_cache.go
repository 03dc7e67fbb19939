package webhook

import (
	"strings"
	"sync"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// maxCanonicalEntries bounds the canonical form cache. Clusters repeat a
// few hundred annotation values; past the bound, values are computed anew.
const maxCanonicalEntries = 8192

// canonicalCache remembers annotations.Canonical and the policy warnings,
// pure functions of the key and value, so that the policy step neither
// parses again the annotations the translation has just parsed nor words
// the same warnings again (the cluster's Ingresses share most of their
// annotation values). It is safe for concurrent use.
type canonicalCache struct {
	mu sync.RWMutex
	m  map[annotationKV]*canonicalForm
}

type annotationKV struct{ key, value string }

// canonicalForm is what the policy step needs of one annotation: its
// canonical form and, for the keys it checks, the warnings it gives, worded
// once (an admission of an Ingress with 20 annotations words 20 warnings).
type canonicalForm struct {
	key, value string // annotations.Canonical
	ok         bool

	// checked is set for the known keys the policy step checks (not
	// rejected, not snippets) whose value is valid.
	checked bool
	legacy  bool // an nginx.ingress.kubernetes.io key
	entry   annotations.Entry
	// warnWarning is the warning under PolicyWarn, warning the one under
	// the other policies (PolicyReject rejects legacy keys instead).
	warnWarning, warning string
}

func newCanonicalCache() *canonicalCache {
	return &canonicalCache{m: map[annotationKV]*canonicalForm{}}
}

// canonical returns annotations.Canonical(key, value).
func (c *canonicalCache) canonical(key, value string) (string, string, bool) {
	f := c.form(key, value)
	return f.key, f.value, f.ok
}

// form returns the canonical form of key=value and its warnings; it must
// not be modified.
func (c *canonicalCache) form(key, value string) *canonicalForm {
	kv := annotationKV{key, value}
	c.mu.RLock()
	f, hit := c.m[kv]
	c.mu.RUnlock()
	if hit {
		return f
	}
	f = newCanonicalForm(key, value)
	c.mu.Lock()
	if len(c.m) < maxCanonicalEntries {
		c.m[kv] = f
	}
	c.mu.Unlock()
	return f
}

func newCanonicalForm(key, value string) *canonicalForm {
	f := new(canonicalForm)
	f.key, f.value, f.ok = annotations.Canonical(key, value)
	e, known := annotations.Lookup(key)
	if !f.ok || !known || e.Stance == annotations.Reject || strings.HasSuffix(key, "-snippet") {
		return f
	}
	f.checked, f.entry = true, e
	f.legacy = annotations.IsLegacy(key)
	f.warnWarning, f.warning = policyWarnings(e, key, value, f.key, f.value)
	return f
}
