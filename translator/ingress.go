package translator

import (
	"cmp"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
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
	hosts       map[string]*hostClaims // host -> its claimed paths (see claimed)
	aliases     map[string]hostAliases // rule host -> its server-alias names (see serverAliases)
}

// pathKey identifies a host+path as a user sees it.
type pathKey struct {
	host     string
	path     string
	pathType networkingv1.PathType
}

// claimedPath is the route serving a host+path.
type claimedPath struct {
	owner *parsedIngress
	// route's UpstreamID is its own upstream, which canaries split with.
	route *apisix.Route
}

// hostClaims are the claimed paths of one host. A host has a few paths,
// usually: they are searched in order, until there are so many that a map
// is built.
type hostClaims struct {
	first  *parsedIngress // the Ingress that claimed the host's first path
	paths  []pathClaim
	byPath map[pathKey]claimedPath // every path, once there are more than maxListedPaths
	inline [4]pathClaim            // paths' first array
}

type pathClaim struct {
	path     string
	pathType networkingv1.PathType
	claimedPath
}

const maxListedPaths = 16

// claimed returns the route serving k, if any.
func (st *ingressState) claimed(k pathKey) (claimedPath, bool) {
	hc := st.hosts[k.host]
	if hc == nil {
		return claimedPath{}, false
	}
	if hc.byPath != nil {
		v, ok := hc.byPath[k]
		return v, ok
	}
	for i := range hc.paths {
		if c := &hc.paths[i]; c.path == k.path && c.pathType == k.pathType {
			return c.claimedPath, true
		}
	}
	return claimedPath{}, false
}

// claim records v as the route serving k.
func (st *ingressState) claim(k pathKey, v claimedPath) {
	hc := st.hosts[k.host]
	if hc == nil {
		hc = &hostClaims{first: v.owner}
		hc.paths = hc.inline[:0]
		st.hosts[k.host] = hc
	}
	if hc.byPath == nil {
		for i := range hc.paths {
			if c := &hc.paths[i]; c.path == k.path && c.pathType == k.pathType {
				c.claimedPath = v
				return
			}
		}
		if len(hc.paths) < maxListedPaths {
			hc.paths = append(hc.paths, pathClaim{k.path, k.pathType, v})
			return
		}
		hc.byPath = make(map[pathKey]claimedPath, 2*maxListedPaths)
		for _, c := range hc.paths {
			hc.byPath[pathKey{k.host, c.path, c.pathType}] = c.claimedPath
		}
		hc.paths = nil
	}
	hc.byPath[k] = v
}

// hostOwner returns the Ingress that claimed the first path of host (as
// claimed: the rule host in lower case, or as written for a default
// backend), or nil.
func (st *ingressState) hostOwner(host string) *parsedIngress {
	if hc := st.hosts[host]; hc != nil {
		return hc.first
	}
	return nil
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

// sortIngresses orders owned as ingress-nginx resolves conflicts: oldest
// first, then by namespace and name. The keys are read once, into one
// array, rather than through every Ingress at each comparison.
func sortIngresses(owned []*parsedIngress) {
	type keyed struct {
		sec      int64
		nsec     int
		ns, name string
		p        *parsedIngress
	}
	keys := make([]keyed, len(owned))
	for i, p := range owned {
		created := p.ing.CreationTimestamp.Time
		keys[i] = keyed{created.Unix(), created.Nanosecond(), p.ing.Namespace, p.ing.Name, p}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(a.sec, b.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
			return c
		}
		if c := strings.Compare(a.ns, b.ns); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	for i, k := range keys {
		owned[i] = k.p
	}
}

// ingresses translates the Ingresses this controller owns among ings:
// primaries first (oldest first, as ingress-nginx resolves conflicts), then
// canaries, which are merged into the routes of their primaries. ings holds
// every Ingress of the hosts it touches (see Translator.ingressGroup), since
// an Ingress's routes depend on the others of its hosts; routes and tlses
// are the ApisixRoutes and ApisixTlses of those hosts, which the Ingresses
// contest host+paths and SNIs with (see resolveConflicts).
func (t *translation) ingresses(ings []*networkingv1.Ingress, routes []*apiv2.ApisixRoute, tlses []*apiv2.ApisixTls) {
	parsed := make([]parsedIngress, 0, len(ings)) // one allocation for all
	for _, ing := range ings {
		t.begin(ObjectRef{Kind: kindIngress, Namespace: ing.Namespace, Name: ing.Name})
		if !t.ownsIngress(ing) {
			continue
		}
		pa := t.parseAnnotations(ing.Annotations)
		parsed = append(parsed, parsedIngress{ing: ing, cfg: pa.cfg, shared: pa})
	}
	owned := make([]*parsedIngress, len(parsed))
	for i := range parsed {
		owned[i] = &parsed[i]
	}
	sortIngresses(owned)
	hosts := 0
	for _, p := range owned {
		hosts += len(p.ing.Spec.Rules)
	}
	st := &ingressState{
		regexHosts:  t.resolveConflicts(owned, routes, tlses),
		hosts:       make(map[string]*hostClaims, hosts),
		aliases:     serverAliases(owned),
		clientCerts: hostClientCerts(owned),
	}
	var canaries []*parsedIngress
	for _, p := range owned {
		if p.cfg != nil && p.cfg.Canary.Enabled {
			canaries = append(canaries, p)
			continue
		}
		t.begin(p.ref())
		e := t.newEmitter(p.ref(), p.ing.Generation)
		e.objects = make([]apisix.Object, 0, objectsHint(p.ing))
		t.ingress(st, p, e)
		t.commit(e)
	}
	for _, p := range canaries {
		t.begin(p.ref())
		e := t.newEmitter(p.ref(), p.ing.Generation)
		t.canaryIngress(st, p, e)
		t.commit(e)
	}
	t.deps = nil
}

// objectsHint is how many objects an Ingress usually emits: a route per
// path and, since its paths often share a Service port, one upstream.
func objectsHint(ing *networkingv1.Ingress) int {
	n := 1
	for _, r := range ing.Spec.Rules {
		if r.HTTP != nil {
			n += len(r.HTTP.Paths)
		}
	}
	return n
}

// hostClientCerts maps each host to the auth-tls-* settings of the first
// primary Ingress (in order) of the host with auth-tls-secret; nil when no
// Ingress has one.
func hostClientCerts(owned []*parsedIngress) map[string]*annotations.ClientCert {
	var m map[string]*annotations.ClientCert
	for _, p := range owned {
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

// ingress translates one primary Ingress.
func (t *translation) ingress(st *ingressState, p *parsedIngress, e *emitter) {
	startIngress(p, e)
	if p.cfg == nil {
		return
	}
	t.ingressConflicts(p, e)
	b := &ingressBuilder{t: t, st: st, p: p, e: e, digest: digestOf(p.ing.Namespace, p.ing.Name)}
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
