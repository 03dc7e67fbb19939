package translator

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

const kindIngress = "Ingress"

// ingressState is what the Ingress pass shares between Ingresses: the
// host-wide effects of annotations and which Ingress serves each host+path.
type ingressState struct {
	regexHosts map[string]bool // hosts where paths are regexes (use-regex / rewrite-target anywhere on the host)
	// clientCerts is the auth-tls of each host that has one: ingress-nginx
	// applies it to the whole server, from the first Ingress that sets it.
	clientCerts map[string]*annotations.ClientCert
	claims      *pathClaims             // host+path -> the route serving it
	matches     map[matchKey]routeMatch // see match
	fewMatches  []keyedMatch            // the first matches, before there is a map
	aliases     map[string]hostAliases  // rule host -> its server-alias names (see serverAliases)
}

// pathKey identifies a host+path as a user sees it.
type pathKey struct {
	host     string
	path     string
	pathType networkingv1.PathType
}

// parsedIngress is an owned Ingress with its parsed annotations.
type parsedIngress struct {
	ing *networkingv1.Ingress
	cfg *annotations.Config
	// shared is the parse result, shared by Ingresses with the same annotations.
	shared *parsedAnnotations
}

func (p *parsedIngress) ref() ObjectRef {
	return ObjectRef{Kind: kindIngress, Namespace: p.ing.Namespace, Name: p.ing.Name}
}

// ingressOrder returns the positions of owned in the order ingress-nginx
// resolves conflicts: oldest first, then by namespace and name. It radix
// sorts compact keys holding the first bytes of the names as integers, and
// reads the names themselves only to order names longer than that: a
// comparison sort that reached every Ingress and its strings through
// pointers spent its time waiting for memory, and one of the compact keys
// a third of its time mispredicting branches.
func ingressOrder(owned []parsedIngress, sc *scratch) []int32 {
	keys := grow(sc.orderKeys, len(owned))
	sc.orderKeys = keys
	for i := range owned {
		ing := owned[i].ing
		ts := ing.CreationTimestamp.Time
		keys[i] = ingressKey{ts.Unix(), int32(ts.Nanosecond()), int32(i), prefix16(ing.Namespace), prefix16(ing.Name),
			len(ing.Namespace) <= 16 && len(ing.Name) <= 16}
	}
	tmp := grow(sc.orderTmp, len(keys))
	sc.orderTmp = tmp
	sortIngressKeys(keys, tmp)
	// The radix sort compares name prefixes: where an Ingress of a group
	// with the same timestamp and namespace prefix has a longer namespace
	// or name, the group is sorted again comparing the names in full.
	full := func(a, b ingressKey) int {
		x, y := owned[a.position].ing, owned[b.position].ing
		if c := strings.Compare(x.Namespace, y.Namespace); c != 0 {
			return c
		}
		if c := comparePrefix(a.name, b.name); c != 0 {
			return c
		}
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.position, b.position)
	}
	for i := 0; i < len(keys); {
		j, short := i+1, keys[i].short
		for j < len(keys) && keys[j].sec == keys[i].sec && keys[j].nsec == keys[i].nsec && keys[j].ns == keys[i].ns {
			short = short && keys[j].short
			j++
		}
		if !short && j-i > 1 {
			slices.SortFunc(keys[i:j], full)
		}
		i = j
	}
	order := grow(sc.order, len(keys))
	sc.order = order
	for i, k := range keys {
		order[i] = k.position
	}
	return order
}

// ingressKey is the sort key of an Ingress (see ingressOrder).
type ingressKey struct {
	sec      int64 // creationTimestamp (zero, when unset, sorts first)
	nsec     int32
	position int32
	ns, name [2]uint64 // first 16 bytes, big-endian, zero-padded
	short    bool      // both names fit in those 16 bytes
}

// prefix16 returns the first 16 bytes of s as big-endian integers, padded
// with zeros: their order is the order of the strings' first 16 bytes
// (Kubernetes names hold no zero bytes).
func prefix16(s string) [2]uint64 {
	var b [16]byte
	copy(b[:], s)
	return [2]uint64{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

func comparePrefix(a, b [2]uint64) int {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return cmp.Compare(a[1], b[1])
}

// ingresses translates every Ingress this controller owns: primaries first
// (oldest first, as ingress-nginx resolves conflicts), then canaries, which
// are merged into the routes of their primaries.
//
// Each primary is committed as soon as it is translated (canaries only
// modify the plugins of routes their primaries claimed), so one emitter and
// one builder serve them all.
func (t *translation) ingresses() {
	owned := t.sc.owned[:0]
	if cap(owned) < len(t.snap.Ingresses) {
		owned = make([]parsedIngress, 0, len(t.snap.Ingresses))
	}
	hosts, paths := 0, 0 // to size the claims: rules, and paths (with the default backend's)
	for _, ing := range t.snap.Ingresses {
		if !t.ownsIngress(ing) {
			continue
		}
		pa := t.parseAnnotations(ing.Annotations)
		owned = append(owned, parsedIngress{ing: ing, cfg: pa.cfg, shared: pa})
		hosts += len(ing.Spec.Rules)
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				paths += len(r.HTTP.Paths)
			}
		}
		if ing.Spec.DefaultBackend != nil {
			paths += 1 + len(ing.Spec.Rules)
		}
	}
	t.sc.owned = owned
	order := ingressOrder(owned, t.sc)
	st := &ingressState{regexHosts: t.resolveConflicts(owned, order), claims: t.sc.pathClaims(hosts, paths), aliases: serverAliases(owned, order)}
	st.clientCerts = hostClientCerts(owned, order)
	var canaries []*parsedIngress
	b := &ingressBuilder{t: t, st: st}
	for _, i := range order {
		p := &owned[i]
		if p.cfg != nil && p.cfg.Canary.Enabled {
			canaries = append(canaries, p)
			continue
		}
		e := t.scratchEmitter(p.ref(), p.ing.Generation)
		t.ingress(b, p, e)
		t.commit(e)
	}
	for _, p := range canaries {
		e := t.newEmitter(p.ref(), p.ing.Generation)
		t.canaryIngress(st, p, e)
		t.commit(e)
	}
}

// hostClientCerts maps each host to the auth-tls-* settings of the first
// primary Ingress (in order) of the host with auth-tls-secret; nil when no
// Ingress has one.
func hostClientCerts(owned []parsedIngress, order []int32) map[string]*annotations.ClientCert {
	var m map[string]*annotations.ClientCert
	for _, i := range order {
		p := &owned[i]
		if p.cfg == nil || p.cfg.Canary.Enabled || p.cfg.ClientCert.CASecret == nil {
			continue
		}
		for _, r := range p.ing.Spec.Rules {
			if _, ok := m[r.Host]; !ok {
				if m == nil {
					m = map[string]*annotations.ClientCert{}
				}
				m[r.Host] = &p.cfg.ClientCert
			}
		}
	}
	return m
}

func usesRegex(cfg *annotations.Config) bool {
	return (cfg.Rewrite.UseRegex != nil && *cfg.Rewrite.UseRegex) || cfg.Rewrite.Target != ""
}

// startIngress reports annotation problems and notices into e.
func startIngress(p *parsedIngress, e *emitter) {
	e.err(p.shared.errs...)
	for i, n := range p.shared.notices {
		sev := SeverityInfo
		if n.Severity == annotations.SeverityWarning {
			sev = SeverityWarning
		}
		e.notices = append(e.notices, Notice{Ref: e.ref, Field: p.shared.noticeFields[i], Severity: sev, Message: n.Message})
	}
}

// ingress translates one primary Ingress with b, reset for it.
func (t *translation) ingress(b *ingressBuilder, p *parsedIngress, e *emitter) {
	startIngress(p, e)
	if p.cfg == nil {
		return
	}
	t.ingressConflicts(p, e)
	b.reset(p, e)
	if p.cfg.Redirect.SSLPassthrough {
		b.sslPassthrough()
		return
	}
	b.tls()
	defer b.aliasNotices()
	b.hostClientCertNotice()
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
