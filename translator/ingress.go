package translator

import (
	"slices"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

const kindIngress = "Ingress"

// ingressState is what the Ingress pass shares between Ingresses: the
// host-wide effects of annotations and which Ingress serves each host+path.
type ingressState struct {
	regexHosts map[string]bool          // hosts where paths are regexes (use-regex / rewrite-target anywhere on the host)
	claims     map[pathKey]*claimedPath // host+path -> the route serving it
}

// pathKey identifies a host+path as a user sees it.
type pathKey struct {
	host     string
	path     string
	pathType networkingv1.PathType
}

type claimedPath struct {
	ref   ObjectRef
	route *apisix.Route
	// primaryUpstream is the id of the route's own upstream (for canaries).
	primaryUpstream string
	emitter         *emitter
}

// parsedIngress is an owned Ingress with its parsed annotations.
type parsedIngress struct {
	ing     *networkingv1.Ingress
	ref     ObjectRef
	cfg     *annotations.Config
	errs    field.ErrorList
	notices []annotations.Notice
	// shared is the parse result, shared by Ingresses with the same annotations.
	shared *parsedAnnotations
}

// parsedAnnotations is the parse of one set of annotations and what is built
// from it alone. Ingresses with identical annotations (common: teams copy
// them) share one, read-only.
type parsedAnnotations struct {
	cfg     *annotations.Config
	errs    field.ErrorList
	notices []annotations.Notice
	base    apisix.Plugins // route plugins that depend on nothing else
}

// parseAnnotations parses an annotation set once per translation.
func (t *translation) parseAnnotations(ann map[string]string) *parsedAnnotations {
	key := annotationKey(ann)
	if pa, ok := t.parsed[key]; ok {
		return pa
	}
	cfg, errs, notices := annotations.Parse(ann)
	pa := &parsedAnnotations{cfg: cfg, errs: errs, notices: notices}
	if t.parsed == nil {
		t.parsed = map[string]*parsedAnnotations{}
	}
	t.parsed[key] = pa
	return pa
}

// annotationKey is a canonical string of the annotations Parse reads.
func annotationKey(ann map[string]string) string {
	keys := make([]string, 0, 8)
	n := 0
	for k, v := range ann {
		if strings.HasPrefix(k, annotations.NginxPrefix) || strings.HasPrefix(k, annotations.APISIXPrefix) {
			keys = append(keys, k)
			n += len(k) + len(v) + 2
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(ann[k])
		b.WriteByte(0)
	}
	return b.String()
}

// ingresses translates every Ingress this controller owns: primaries first
// (oldest first, as ingress-nginx resolves conflicts), then canaries, which
// are merged into the routes of their primaries.
func (t *translation) ingresses() {
	var owned []*parsedIngress
	for _, ing := range t.snap.Ingresses {
		if !t.ownsIngress(ing) {
			continue
		}
		pa := t.parseAnnotations(ing.Annotations)
		owned = append(owned, &parsedIngress{
			ing: ing, cfg: pa.cfg, errs: pa.errs, notices: pa.notices, shared: pa,
			ref: ObjectRef{Kind: kindIngress, Namespace: ing.Namespace, Name: ing.Name},
		})
	}
	slices.SortFunc(owned, func(x, y *parsedIngress) int {
		if c := x.ing.CreationTimestamp.Time.Compare(y.ing.CreationTimestamp.Time); c != 0 {
			return c
		}
		return x.ref.compare(y.ref)
	})
	st := &ingressState{regexHosts: map[string]bool{}, claims: make(map[pathKey]*claimedPath, 3*len(owned))}
	if cap(t.res.Statuses) == 0 {
		t.res.Statuses = make([]Status, 0, len(owned))
	}
	for _, p := range owned {
		if p.cfg != nil && !p.cfg.Canary.Enabled && usesRegex(p.cfg) {
			for _, r := range p.ing.Spec.Rules {
				st.regexHosts[r.Host] = true
			}
		}
	}
	var primaries, canaries []*emitter
	var canaryIngs []*parsedIngress
	for _, p := range owned {
		e := t.newEmitter(p.ref, p.ing.Generation)
		if p.cfg != nil && p.cfg.Canary.Enabled {
			canaries = append(canaries, e)
			canaryIngs = append(canaryIngs, p)
			continue
		}
		t.ingress(st, p, e)
		primaries = append(primaries, e)
	}
	for i, p := range canaryIngs {
		t.canaryIngress(st, p, canaries[i])
	}
	for _, e := range primaries {
		t.commit(e)
	}
	for _, e := range canaries {
		t.commit(e)
	}
}

func usesRegex(cfg *annotations.Config) bool {
	return (cfg.Rewrite.UseRegex != nil && *cfg.Rewrite.UseRegex) || cfg.Rewrite.Target != ""
}

// startIngress reports annotation problems and notices into e.
func startIngress(p *parsedIngress, e *emitter) {
	e.err(p.errs...)
	for _, n := range p.notices {
		msg := n.Message
		if n.Severity == annotations.SeverityWarning {
			e.warn(annotations.FieldPath(n.Key), msg)
		} else {
			e.info(annotations.FieldPath(n.Key), msg)
		}
	}
}

// ingress translates one primary Ingress.
func (t *translation) ingress(st *ingressState, p *parsedIngress, e *emitter) {
	startIngress(p, e)
	if p.cfg == nil {
		return
	}
	b := &ingressBuilder{t: t, st: st, p: p, e: e}
	if p.cfg.Redirect.SSLPassthrough {
		b.sslPassthrough()
		return
	}
	b.tls()
	for i, rule := range p.ing.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for j := range rule.HTTP.Paths {
			b.path(rule.Host, &rule.HTTP.Paths[j], ingressPathField(i, j))
		}
	}
	if db := p.ing.Spec.DefaultBackend; db != nil {
		b.defaultBackend(db, fieldRef{defaultBackend: true})
	}
	b.extraRoutes()
}

// fieldRef is the field path of an Ingress path or default backend, built
// only when a message needs it: translating a valid object builds none.
type fieldRef struct {
	defaultBackend bool
	rule, path     int
	sub            [2]string
	n              int
}

func ingressPathField(rule, path int) fieldRef { return fieldRef{rule: rule, path: path} }

func (r fieldRef) child(name string) fieldRef {
	r.sub[r.n] = name
	r.n++
	return r
}

func (r fieldRef) fp() *field.Path {
	var p *field.Path
	if r.defaultBackend {
		p = field.NewPath("spec", "defaultBackend")
	} else {
		p = field.NewPath("spec", "rules").Index(r.rule).Child("http", "paths").Index(r.path)
	}
	for _, s := range r.sub[:r.n] {
		p = p.Child(s)
	}
	return p
}
