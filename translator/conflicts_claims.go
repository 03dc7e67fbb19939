package translator

import (
	"fmt"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// The host+path and SNI claims of conflicts.go.

// claim is one object's claim of a key, with what orders claimants.
type claim struct {
	ref  ObjectRef
	ts   metav1.Time
	pos  claimPos
	key  string // the uri (host+path claims) or host (SNI claims) claimed
	raw  string // the value at pos, as written
	host string // the host as written (host+path claims)
	// secret is the certificate's Secret (SNI claims).
	secret nsName
}

// claimPos locates a claim in its object; the field path is built only for
// a conflict.
type claimPos struct {
	what int // one of the pos* constants
	a, b int
}

const (
	posIngressPath = iota // spec.rules[a].http.paths[b].path
	posIngressTLS         // spec.tls[a].hosts[b]
	posRoutePath          // spec.http[a].match.paths[b]
	posTLSHost            // spec.hosts[a]
	posAnnotation         // metadata.annotations[regexKeys[a]]
	posIngressHost        // spec.rules[a].host
	posStreamHost         // spec.stream[a].match.host
)

func (c *claim) field() *field.Path {
	switch c.pos.what {
	case posIngressPath:
		return field.NewPath("spec", "rules").Index(c.pos.a).Child("http", "paths").Index(c.pos.b).Child("path")
	case posIngressTLS:
		return field.NewPath("spec", "tls").Index(c.pos.a).Child("hosts").Index(c.pos.b)
	case posRoutePath:
		return field.NewPath("spec", "http").Index(c.pos.a).Child("match", "paths").Index(c.pos.b)
	case posTLSHost:
		return field.NewPath("spec", "hosts").Index(c.pos.a)
	case posIngressHost:
		return field.NewPath("spec", "rules").Index(c.pos.a).Child("host")
	case posStreamHost:
		return field.NewPath("spec", "stream").Index(c.pos.a).Child("match", "host")
	}
	return annotations.FieldPath(annotations.NginxPrefix + regexKeys[c.pos.a])
}

// older reports whether a was created before b: by creationTimestamp, then
// namespace, name and kind.
func (a *claim) older(b *claim) bool {
	if !a.ts.Equal(&b.ts) {
		return a.ts.Before(&b.ts)
	}
	if a.ref.Namespace != b.ref.Namespace {
		return a.ref.Namespace < b.ref.Namespace
	}
	if a.ref.Name != b.ref.Name {
		return a.ref.Name < b.ref.Name
	}
	return a.ref.Kind < b.ref.Kind
}

// hostURI is a host+path key: a lower-case host and an APISIX uri.
type hostURI struct{ host, uri string }

// crossState is the outcome of resolving the conflicts of a translation.
type crossState struct {
	paths map[hostURI]*claim // the oldest claimant of each host+uri (with ApisixRoutes only)
	// pathRivals are the objects whose host+path claim met another
	// object's: only they can have lost one (nil when none did).
	pathRivals map[ObjectRef]bool
	snis       map[string]*claim // the oldest certificate of each lower-case SNI
	// regexSetters is, for each regex host (as written), the oldest Ingress
	// that made it one.
	regexSetters map[string]*parsedIngress
	regexHosts   map[string]bool // the keys of regexSetters
	// regexLosers are the Ingresses whose use-regex or rewrite-target lost.
	regexLosers map[*parsedIngress]*Conflict
	// passthrough is the oldest claimant of each ssl-passthrough SNI.
	passthrough map[string]*claim
}

// resolveConflicts claims every key of the owned Ingresses (sorted oldest
// first) and of routes and tlses, oldest first, and returns the regex hosts
// of the Ingress pass. The objects given are every claimant of the hosts
// they touch (see Translator.hostGroup), so the outcome is the one a
// translation of the whole cluster reaches.
func (t *translation) resolveConflicts(owned []*parsedIngress, routes []*apiv2.ApisixRoute, tlses []*apiv2.ApisixTls) map[string]bool {
	cs := &crossState{}
	t.cross = cs
	regexHosts := cs.resolveRegex(owned)
	cs.regexHosts = regexHosts
	if len(routes) > 0 {
		rules := 0
		for _, ar := range routes {
			rules += len(ar.Spec.HTTP)
		}
		cs.paths = make(map[hostURI]*claim, rules) // a path and a host per rule, usually
		claims := make([]claim, 0, rules)          // one array for all
		for _, ar := range routes {
			if t.ownsCRD(ar.Spec.IngressClassName) {
				claims = appendRouteClaims(claims, ar)
			}
		}
		for i := range claims {
			cs.claimPath(&claims[i], true)
		}
		for _, p := range owned {
			if primaryRoutes(p) {
				forIngressPathClaims(p.ing, regexHosts, func(c *claim) { cs.claimPath(c, false) })
			}
		}
	}
	for _, p := range owned {
		if primaryRoutes(p) {
			forIngressTLSClaims(p.ing, cs.claimSNI)
		}
	}
	for _, o := range tlses {
		if t.ownsCRD(o.Spec.IngressClassName) {
			forApisixTLSClaims(o, cs.claimSNI)
		}
	}
	t.claimPassthrough(owned, routes)
	return regexHosts
}

// primaryRoutes reports whether an owned Ingress routes HTTP paths itself
// (not a canary, not ssl-passthrough, annotations parsed).
func primaryRoutes(p *parsedIngress) bool {
	return p.cfg != nil && !p.cfg.Canary.Enabled && !p.cfg.Redirect.SSLPassthrough
}

// claimPath records c unless an older claimant holds its key, and notes
// both objects as rivals when another object's claim held it. Ingress
// claims only contest keys an ApisixRoute claims (Ingresses among
// themselves are resolved by the Ingress pass).
func (cs *crossState) claimPath(c *claim, insert bool) {
	k := hostURI{HostKey(c.host), c.key}
	prev, ok := cs.paths[k]
	if ok && prev.ref != c.ref {
		if cs.pathRivals == nil {
			cs.pathRivals = map[ObjectRef]bool{}
		}
		cs.pathRivals[prev.ref], cs.pathRivals[c.ref] = true, true
	}
	switch {
	case !ok && insert:
		cs.paths[k] = c
	case ok && c.older(prev):
		cs.paths[k] = c
	}
}

func (cs *crossState) claimSNI(c *claim) {
	if cs.snis == nil {
		cs.snis = map[string]*claim{}
	}
	if prev, ok := cs.snis[c.key]; !ok || c.older(prev) {
		cs.snis[c.key] = c
	}
}

// appendRouteClaims appends each host+path claim of an ApisixRoute to dst.
func appendRouteClaims(dst []claim, ar *apiv2.ApisixRoute) []claim {
	ref := ObjectRef{Kind: kindApisixRoute, Namespace: ar.Namespace, Name: ar.Name}
	for i := range ar.Spec.HTTP {
		m := &ar.Spec.HTTP[i].Match
		if len(m.Methods) > 0 || len(m.RemoteAddrs) > 0 || len(m.Exprs) > 0 || m.FilterFunc != "" {
			continue
		}
		hosts := m.Hosts
		if len(hosts) == 0 {
			hosts = []string{""}
		}
		for j, p := range m.Paths {
			for _, h := range hosts {
				dst = append(dst, claim{ref: ref, ts: ar.CreationTimestamp, pos: claimPos{posRoutePath, i, j}, key: p, raw: p, host: h})
			}
		}
	}
	return dst
}

// forIngressPathClaims calls f with a claim of each uri of each path of an
// Ingress (key is the uri; see ingressURIs).
func forIngressPathClaims(ing *networkingv1.Ingress, regexHosts map[string]bool, f func(*claim)) {
	ref := ObjectRef{Kind: kindIngress, Namespace: ing.Namespace, Name: ing.Name}
	for i, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for j, p := range r.HTTP.Paths {
			for _, u := range ingressURIs(p.Path, p.PathType, regexHosts[r.Host]) {
				f(&claim{ref: ref, ts: ing.CreationTimestamp, pos: claimPos{posIngressPath, i, j}, key: u, raw: p.Path, host: r.Host})
			}
		}
	}
}

// ingressURIs returns the APISIX uris an Ingress path is matched by (see
// matchFor): a regex path "/a" is keyed as the prefix "/a*" it acts as.
func ingressURIs(path string, pt *networkingv1.PathType, regex bool) []string {
	if path == "" {
		path = "/"
	}
	if regex {
		return []string{path + "*"}
	}
	if pt != nil && *pt == networkingv1.PathTypeExact {
		return []string{path}
	}
	trimmed := strings.TrimRight(path, "/")
	if trimmed == "" {
		return []string{"/*"}
	}
	return []string{trimmed, trimmed + "/*"}
}

func forIngressTLSClaims(ing *networkingv1.Ingress, f func(*claim)) {
	ref := ObjectRef{Kind: kindIngress, Namespace: ing.Namespace, Name: ing.Name}
	for i, t := range ing.Spec.TLS {
		if t.SecretName == "" {
			continue
		}
		for j, h := range t.Hosts {
			f(&claim{ref: ref, ts: ing.CreationTimestamp, pos: claimPos{posIngressTLS, i, j}, key: HostKey(h), raw: h, secret: nsName{ing.Namespace, t.SecretName}})
		}
	}
}

func forApisixTLSClaims(o *apiv2.ApisixTls, f func(*claim)) {
	ref := ObjectRef{Kind: kindApisixTls, Namespace: o.Namespace, Name: o.Name}
	secret := nsName{orDefault(o.Spec.Secret.Namespace, o.Namespace), o.Spec.Secret.Name}
	for i, h := range o.Spec.Hosts {
		f(&claim{ref: ref, ts: o.CreationTimestamp, pos: claimPos{posTLSHost, i, 0}, key: HostKey(string(h)), raw: string(h), secret: secret})
	}
}

// lost reports c's conflict when another object holds its key; the loser's
// error is at c's field.
func (t *translation) lost(c *claim, e *emitter, seen *map[string]bool) {
	cs := t.cross
	var winner *claim
	var msg string
	switch c.pos.what {
	case posIngressTLS, posTLSHost:
		w := cs.snis[c.key]
		if w == nil || w.ref == c.ref || w.secret == c.secret {
			return
		}
		winner = w
		msg = fmt.Sprintf("already has a certificate from Secret %s/%s of %s; use the same Secret or remove the host from one of them", w.secret.ns, w.secret.name, w.ref)
	default:
		w := cs.paths[hostURI{HostKey(c.host), c.key}]
		if w == nil || w.ref == c.ref || (c.ref.Kind == kindIngress && w.ref.Kind == kindIngress) {
			return
		}
		winner = w
		host := c.host
		if host == "" {
			host = "*"
		}
		msg = fmt.Sprintf("host %q already serves this path in %s; remove it from one of them", host, w.ref)
	}
	fp := c.field()
	if (*seen)[fp.String()] { // a path with two uris, or a host listed twice
		return
	}
	if *seen == nil {
		*seen = map[string]bool{}
	}
	(*seen)[fp.String()] = true
	ferr := field.Invalid(fp, c.raw, msg)
	e.err(ferr)
	e.conflicts = append(e.conflicts, Conflict{Winner: winner.ref, WinnerField: winner.field().String(), WinnerValue: winner.raw, Loser: c.ref, Error: ferr})
}

// ingressConflicts reports the conflicts an Ingress lost to objects of
// other kinds, its certificates' SNIs and its host-wide regex effect.
func (t *translation) ingressConflicts(p *parsedIngress, e *emitter) {
	cs := t.cross
	if cs != nil && cs.passthrough != nil && passthroughIngress(p) {
		forPassthroughClaims(p, func(c *claim) { t.lostPassthrough(c, e) })
	}
	if cs == nil || !primaryRoutes(p) {
		return
	}
	if c := cs.regexLosers[p]; c != nil {
		e.err(c.Error)
		e.conflicts = append(e.conflicts, *c)
	}
	var seen map[string]bool // built on the first conflict
	if cs.paths != nil && cs.pathRivals[p.ref()] {
		forIngressPathClaims(p.ing, cs.regexHosts, func(c *claim) { t.lost(c, e, &seen) })
	}
	if cs.snis != nil {
		forIngressTLSClaims(p.ing, func(c *claim) { t.lost(c, e, &seen) })
	}
}

// routeConflicts reports the host+paths an ApisixRoute lost.
func (t *translation) routeConflicts(ar *apiv2.ApisixRoute, e *emitter) {
	if t.cross != nil && t.cross.passthrough != nil {
		t.forStreamSNIClaims(ar, func(c *claim) { t.lostPassthrough(c, e) })
	}
	if t.cross == nil || t.cross.paths == nil || !t.cross.pathRivals[e.ref] {
		return
	}
	var seen map[string]bool // built on the first conflict
	var buf [4]claim
	claims := appendRouteClaims(buf[:0], ar)
	for i := range claims {
		t.lost(&claims[i], e, &seen)
	}
}

// tlsConflicts reports the SNIs an ApisixTls lost.
func (t *translation) tlsConflicts(o *apiv2.ApisixTls, e *emitter) {
	if t.cross == nil || t.cross.snis == nil {
		return
	}
	var seen map[string]bool // built on the first conflict
	forApisixTLSClaims(o, func(c *claim) { t.lost(c, e, &seen) })
}

// ingressPathConflict records that p lost a host+path to the older Ingress
// prev (see ingressBuilder.path); ferr is p's error.
func (t *translation) ingressPathConflict(e *emitter, prev, p *parsedIngress, key pathKey, ferr *field.Error) {
	c := Conflict{Winner: prev.ref(), Loser: p.ref(), Error: ferr}
	for i, r := range prev.ing.Spec.Rules {
		if r.HTTP == nil || HostKey(r.Host) != key.host {
			continue
		}
		for j, hp := range r.HTTP.Paths {
			pt := networkingv1.PathTypeImplementationSpecific
			if hp.PathType != nil {
				pt = *hp.PathType
			}
			if c.WinnerField == "" && lowerHostPathKey(key.host, hp.Path, pt) == key {
				c.WinnerField = (&claim{pos: claimPos{posIngressPath, i, j}}).field().String()
				c.WinnerValue = hp.Path
			}
		}
	}
	e.conflicts = append(e.conflicts, c)
}
