package translator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
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
}

func newParsedAnnotations(ann map[string]string) *parsedAnnotations {
	cfg, errs, notices := annotations.Parse(ann)
	pa := &parsedAnnotations{cfg: cfg, errs: errs, notices: notices}
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
	key := annotationKey(ann)
	if pa := t.parsed[key]; pa != nil {
		return pa
	}
	if t.parsed == nil {
		t.parsed = annotationSets{}
	}
	pa := newParsedAnnotations(ann)
	t.parsed[key] = pa
	return pa
}

// annotationSets holds parsed sets by annotationKey.
type annotationSets map[string]*parsedAnnotations

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
	return &AnnotationCache{sets: annotationSets{}, max: max}
}

func (c *AnnotationCache) get(ann map[string]string) *parsedAnnotations {
	key := annotationKey(ann)
	c.mu.RLock()
	pa := c.sets[key]
	c.mu.RUnlock()
	if pa != nil {
		return pa
	}
	// Parse a copy of the annotations Parse reads: the caller's map belongs
	// to an object that may change after this translation.
	own := map[string]string{}
	for k, v := range ann {
		if parsedAnnotation(k) {
			own[k] = v
		}
	}
	pa = newParsedAnnotations(own)
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.sets[key]; prev != nil {
		return prev // parsed meanwhile by another translation
	}
	if len(c.sets) >= c.max {
		clear(c.sets)
	}
	c.sets[key] = pa
	return pa
}

// Len returns the number of annotation sets held.
func (c *AnnotationCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.sets)
}

// parsedAnnotation reports whether Parse reads the annotation key.
func parsedAnnotation(k string) bool {
	return annotations.Ours(k)
}

// annotationKey is the annotations Parse reads as one string, the same
// whatever the map's order: each key and value, sorted by key, prefixed
// with its length.
func annotationKey(ann map[string]string) string {
	var buf [16]string
	keys, size := buf[:0], 0
	for k, v := range ann {
		if parsedAnnotation(k) {
			keys = append(keys, k)
			size += len(k) + len(v) + 8
		}
	}
	if len(keys) == 0 {
		return ""
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(size)
	for _, k := range keys {
		for _, s := range []string{k, ann[k]} {
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
	}
	return b.String()
}
