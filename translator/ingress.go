package translator

import (
	"sort"

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
		cfg, errs, notices := annotations.Parse(ing.Annotations)
		owned = append(owned, &parsedIngress{
			ing: ing, cfg: cfg, errs: errs, notices: notices,
			ref: ObjectRef{Kind: kindIngress, Namespace: ing.Namespace, Name: ing.Name},
		})
	}
	sort.SliceStable(owned, func(i, j int) bool {
		a, b := owned[i].ing, owned[j].ing
		if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
			return a.CreationTimestamp.Before(&b.CreationTimestamp)
		}
		return owned[i].ref.less(owned[j].ref)
	})
	st := &ingressState{regexHosts: map[string]bool{}, claims: map[pathKey]*claimedPath{}}
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
	b := &ingressBuilder{t: t, st: st, p: p, e: e, upstreams: map[string]*apisix.Upstream{}}
	b.tls()
	specPath := field.NewPath("spec")
	for i, rule := range p.ing.Spec.Rules {
		rp := specPath.Child("rules").Index(i)
		if rule.HTTP == nil {
			continue
		}
		for j := range rule.HTTP.Paths {
			b.path(rule.Host, &rule.HTTP.Paths[j], rp.Child("http", "paths").Index(j))
		}
	}
	if db := p.ing.Spec.DefaultBackend; db != nil {
		b.defaultBackend(db, specPath.Child("defaultBackend"))
	}
	b.extraRoutes()
}
