package migrate

import (
	"sort"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// annotationPlan is how one set of annotations is rewritten: each key is
// kept, renamed to its canonical key (with the canonical value), or dropped
// because another key with the same meaning wins. Ingresses with the same
// annotations share one plan.
type annotationPlan struct {
	// set maps a key to its new key and value; the key is dropped when the
	// new key is "".
	set  map[string]rewrite
	keys []string // the keys of set, sorted
}

type rewrite struct {
	key, value string
}

// planFor returns the (cached) plan of an Ingress's annotations.
func (r *run) planFor(ann map[string]string) *annotationPlan {
	id := annotationSetKey(ann)
	if p, ok := r.cache[id]; ok {
		return p
	}
	p := newPlan(ann)
	r.cache[id] = p
	return p
}

// newPlan follows annotations.Parse's precedence: a canonical key that is
// set wins over the nginx keys of the same meaning, and a key wins over its
// aliases, so the keys that lose (and were ignored) are dropped.
func newPlan(ann map[string]string) *annotationPlan {
	p := &annotationPlan{set: map[string]rewrite{}}
	targets := map[string][]string{} // canonical key -> source keys
	for _, k := range annotationKeys(ann) {
		e, known := annotations.Lookup(k)
		if !known || e.Stance == annotations.Reject || strings.HasSuffix(k, "-snippet") {
			continue
		}
		ck, cv, ok := annotations.Canonical(k, ann[k])
		if !ok {
			continue
		}
		if ck == k {
			if cv != ann[k] {
				p.set[k] = rewrite{key: k, value: cv}
			}
			continue
		}
		targets[ck] = append(targets[ck], k)
		p.set[k] = rewrite{key: ck, value: cv}
	}
	for ck, sources := range targets {
		if _, taken := ann[ck]; taken && strings.TrimSpace(ann[ck]) != "" {
			for _, s := range sources {
				p.set[s] = rewrite{} // ignored before: the canonical key wins
			}
			continue
		}
		win := winner(ann, sources)
		for _, s := range sources {
			if s != win {
				p.set[s] = rewrite{}
			}
		}
	}
	for k := range p.set {
		p.keys = append(p.keys, k)
	}
	sort.Strings(p.keys)
	return p
}

// winner is the source key that Parse applies: the one whose canonical key
// and alias target are not set.
func winner(ann map[string]string, sources []string) string {
	for _, s := range sources {
		e, _ := annotations.Lookup(s)
		overridden := false
		for _, o := range []string{e.Canonical, e.AliasOf} {
			if o != "" && strings.TrimSpace(ann[o]) != "" {
				overridden = true
			}
		}
		if !overridden {
			return s
		}
	}
	return sources[0]
}

// apply returns the rewritten annotations (nil when none are left).
func (p *annotationPlan) apply(ann map[string]string) map[string]string {
	out := make(map[string]string, len(ann))
	for k, v := range ann {
		if k == legacyClassAnnotation {
			continue
		}
		if rw, ok := p.set[k]; ok {
			if rw.key != "" {
				out[rw.key] = rw.value
			}
			continue
		}
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// describe is what the report says an annotation became.
func (p *annotationPlan) describe(key string) string {
	rw, ok := p.set[key]
	switch {
	case !ok:
		return ""
	case rw.key == "":
		return "removed (another key with the same meaning wins)"
	}
	return rw.key + ": " + rw.value
}

// annotationSetKey is a string identifying the annotations a plan reads.
func annotationSetKey(ann map[string]string) string {
	keys := annotationKeys(ann)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(ann[k])
		b.WriteByte(0)
	}
	return b.String()
}
