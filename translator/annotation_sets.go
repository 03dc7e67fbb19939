package translator

import (
	"encoding/json"
	"hash/maphash"
	"math/bits"
	"sync"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// parsedAnnotations is the parse of one set of annotations and what is built
// from it alone. Ingresses with identical annotations (common: teams copy
// them) share one. It is complete when created and never modified, so that
// an AnnotationCache can share it between concurrent translations.
type parsedAnnotations struct {
	cfg     *annotations.Config // nil when the set has errors that stop translation
	errs    field.ErrorList
	notices []annotations.Notice
	// noticeFields are the field paths of notices, written once.
	noticeFields []string
	base         apisix.Plugins  // route plugins that depend on nothing else
	timeout      *apisix.Timeout // the routes' timeout
	rewrite      json.RawMessage // proxy-rewrite when the same for every route (see sharedProxyRewrite)

	ann map[string]string // the annotations Parse reads (not to be modified)
	n   int               // how many there are
}

func newParsedAnnotations(ann map[string]string, n int) *parsedAnnotations {
	cfg, errs, notices := annotations.Parse(ann)
	pa := &parsedAnnotations{cfg: cfg, errs: errs, notices: notices, ann: ann, n: n}
	pa.noticeFields = make([]string, len(notices))
	for i, no := range notices {
		pa.noticeFields[i] = annotations.FieldPath(no.Key).String()
	}
	if cfg != nil {
		pa.base = basePlugins(cfg)
		pa.timeout = routeTimeout(cfg)
		pa.rewrite = sharedProxyRewrite(cfg)
	}
	return pa
}

// parseAnnotations returns the parse of an annotation set, once per
// translation, or once per AnnotationCache when Options has one.
func (t *translation) parseAnnotations(ann map[string]string) *parsedAnnotations {
	if c := t.opts.AnnotationCache; c != nil {
		return c.get(ann)
	}
	if t.parsed.byHash == nil {
		t.parsed = annotationSets{seed: maphash.MakeSeed(), byHash: map[uint64][]*parsedAnnotations{}}
	}
	var buf [16]annotationPair
	h, pairs := annotationHash(t.parsed.seed, ann, buf[:0])
	n := len(pairs)
	if pa := t.parsed.find(h, pairs); pa != nil {
		return pa
	}
	pa := newParsedAnnotations(ann, n)
	t.parsed.add(h, pa)
	return pa
}

// annotationSets finds parsed sets by a hash of their entries (independent
// of map order); a match is confirmed entry by entry.
type annotationSets struct {
	seed   maphash.Seed
	byHash map[uint64][]*parsedAnnotations
	count  int
}

// find returns the parsed set of exactly the annotations pairs (those Parse
// reads), hashed to h.
func (s *annotationSets) find(h uint64, pairs []annotationPair) *parsedAnnotations {
	for _, pa := range s.byHash[h] {
		if pa.n == len(pairs) && sameAnnotations(pa.ann, pairs) {
			return pa
		}
	}
	return nil
}

func (s *annotationSets) add(h uint64, pa *parsedAnnotations) {
	s.byHash[h] = append(s.byHash[h], pa)
	s.count++
}

// AnnotationCache keeps the parse of annotation sets from one translation to
// the next: the admission webhook translates one Ingress per request, and
// the controller re-translates every Ingress on each change, while a cluster
// has few distinct sets. It is safe for concurrent use; at most max sets are
// kept (all are dropped when it fills up). Results are the same with or
// without it.
type AnnotationCache struct {
	mu   sync.RWMutex
	sets annotationSets
	max  int
}

// NewAnnotationCache returns a cache of at most max annotation sets (4096
// when max <= 0).
func NewAnnotationCache(max int) *AnnotationCache {
	if max <= 0 {
		max = 4096
	}
	return &AnnotationCache{sets: annotationSets{seed: maphash.MakeSeed(), byHash: map[uint64][]*parsedAnnotations{}}, max: max}
}

func (c *AnnotationCache) get(ann map[string]string) *parsedAnnotations {
	var buf [16]annotationPair
	h, pairs := annotationHash(c.sets.seed, ann, buf[:0])
	n := len(pairs)
	c.mu.RLock()
	pa := c.sets.find(h, pairs)
	c.mu.RUnlock()
	if pa != nil {
		return pa
	}
	// Keep a copy of the annotations Parse reads: the caller's map belongs
	// to an object that may change after this translation.
	own := make(map[string]string, n)
	for k, v := range ann {
		if parsedAnnotation(k) {
			own[k] = v
		}
	}
	pa = newParsedAnnotations(own, n)
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.sets.find(h, pairs); prev != nil {
		return prev // parsed meanwhile by another translation
	}
	if c.sets.count >= c.max {
		clear(c.sets.byHash)
		c.sets.count = 0
	}
	c.sets.add(h, pa)
	return pa
}

// Len returns the number of annotation sets held.
func (c *AnnotationCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sets.count
}

// parsedAnnotation reports whether Parse reads the annotation key.
func parsedAnnotation(k string) bool {
	return annotations.Ours(k)
}

// annotationPair is an annotation Parse reads.
type annotationPair struct{ key, value string }

// annotationHash returns an order-independent hash of the annotations Parse
// reads, and those annotations appended to pairs.
func annotationHash(seed maphash.Seed, ann map[string]string, pairs []annotationPair) (uint64, []annotationPair) {
	var h uint64
	for k, v := range ann {
		if parsedAnnotation(k) {
			hk, hv := maphash.String(seed, k), maphash.String(seed, v)
			h += hk ^ bits.RotateLeft64(hv*0x9e3779b97f4a7c15, 29)
			pairs = append(pairs, annotationPair{k, v})
		}
	}
	return h, pairs
}

// sameAnnotations reports whether seen has every one of pairs; with as many
// annotations in both, the two sets are equal.
func sameAnnotations(seen map[string]string, pairs []annotationPair) bool {
	for _, p := range pairs {
		if w, ok := seen[p.key]; !ok || w != p.value {
			return false
		}
	}
	return true
}
