package translator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// httpRoute translates an HTTPRoute attached to Gateways this controller
// serves: one APISIX route per rule, match and place it is served (a
// listener's hostnames, and with an address pool the Gateway's address
// and the listener's port), and an upstream per backend Service port.
// An HTTPRoute with no such parent is not this controller's: no status.
func (t *translation) httpRoute(gs *gwState, r *gwv1.HTTPRoute) {
	b, binds, pool := t.startRoute(gs, ObjectRef{Kind: KindHTTPRoute, Namespace: r.Namespace, Name: r.Name}, r, tagHTTPRoute, "",
		r.Spec.ParentRefs, r.Spec.Hostnames)
	if b == nil {
		return
	}
	e := b.e
	unsupported := ""
	type built struct {
		rule    int
		matches []gwMatch
		f       *ruleFilters
		up      string
		plugins apisix.Plugins
	}
	var rules []built
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		fp := field.NewPath("spec", "rules").Index(i)
		ms := rule.Matches
		if len(ms) == 0 {
			ms = []gwv1.HTTPRouteMatch{{}}
		}
		var matches []gwMatch
		for j := range ms {
			m, why := httpMatch(&ms[j], fp.Child("matches").Index(j), e)
			if why != "" {
				unsupported = why
			}
			matches = append(matches, m)
		}
		var prefix *string
		if len(rule.Matches) == 1 && rule.Matches[0].Path != nil && rule.Matches[0].Path.Type != nil &&
			*rule.Matches[0].Path.Type == gwv1.PathMatchPathPrefix && rule.Matches[0].Path.Value != nil {
			prefix = rule.Matches[0].Path.Value
		}
		f := b.filters(rule.Filters, fp.Child("filters"), prefix)
		if f.unsupported != "" {
			unsupported = f.unsupported
		}
		f.timeout = ruleTimeout(rule.Timeouts, fp.Child("timeouts"), e)
		if rule.Retry != nil {
			e.warn(fp.Child("retry"), "retry is not supported yet: APISIX's upstream retries apply")
		}
		if rule.SessionPersistence != nil {
			e.warn(fp.Child("sessionPersistence"), "sessionPersistence is not supported yet: requests are balanced round-robin")
		}
		headers := backendHeaderFilters(rule.BackendRefs, fp.Child("backendRefs"), e)
		bl := built{rule: i, matches: matches, f: f}
		if f.redirect == nil {
			var refs []weighted
			for _, br := range rule.BackendRefs {
				refs = append(refs, weighted{ref: br.BackendObjectReference, weight: weightOf(br.Weight)})
			}
			bl.up, bl.plugins = b.backends(refs)
			bl.plugins = b.applyBackendHeaders(rule.BackendRefs, headers, f, bl.up, bl.plugins, fp.Child("backendRefs"))
			for _, br := range rule.BackendRefs {
				f.websocket = f.websocket || b.websocketBackend(br.BackendObjectReference)
			}
		}
		if f.failed {
			bl.f, bl.up, bl.plugins = &ruleFilters{}, "", nil
			setPlugin(&bl.plugins, "fault-injection", abort500(0, filterUnresolved))
		}
		rules = append(rules, bl)
	}
	if unsupported == "" {
		for _, bl := range rules {
			for j, m := range bl.matches {
				for _, bind := range binds {
					t.emitHTTPRoute(b, gs, bind, bl.rule, j, m, bl.f, bl.up, bl.plugins, pool)
				}
			}
		}
	}
	reason, unsupported := routeRefusal(e, unsupported)
	st := &GatewayAPIStatus{Parents: t.parentStatuses(b.at, reason, unsupported, &b.refs)}
	t.commitGateway(e, st)
}

// emitHTTPRoute emits the APISIX route of one match of a rule on one bind.
func (t *translation) emitHTTPRoute(b *gwRouteBuilder, gs *gwState, bind gwBind, rule, j int, m gwMatch, f *ruleFilters,
	up string, plugins apisix.Plugins, pool bool) {
	ps := apisix.Plugins{}
	for k, v := range plugins {
		ps[k] = v
	}
	for k, v := range f.plugins {
		ps[k] = v
	}
	rw := f.rewrite
	if f.redirect != nil {
		redirect, regex := redirectPlugin(f.redirect, bind, matchPrefix(m))
		setPlugin(&ps, "redirect", redirect)
		if regex != nil {
			c := apisix.ProxyRewrite{}
			if rw != nil {
				c = *rw
			}
			c.RegexURI = regex
			rw = &c
		}
	}
	if rw != nil {
		setPlugin(&ps, "proxy-rewrite", rw)
	}
	if len(ps) == 0 {
		ps = nil
	}
	vars := slices.Clone(m.vars)
	if pool {
		vars = append(vars, []any{"server_addr", "==", bind.g.address}, []any{"server_port", "==", strconv.Itoa(int(bind.l.l.Port))})
	} else {
		vars = append(vars, []any{"scheme", "==", bind.scheme()})
	}
	vars = append(vars, bind.isolation()...)
	rank := gs.ranks[ObjectRef{Kind: b.kind, Namespace: b.ns, Name: b.name}]
	route := &apisix.Route{
		Labels:     b.e.labels,
		URIs:       m.uris,
		Hosts:      bind.hosts,
		Methods:    m.methods,
		Vars:       vars,
		Priority:   m.priority(b.age, rank, rule),
		Plugins:    ps,
		UpstreamID: up,
		Timeout:    f.timeout,
	}
	route.EnableWebsocket = f.websocket
	if len(vars) == 0 {
		route.Vars = nil
	}
	route.ID, route.Name = childIDName(b.tag, "r", &b.digest,
		[]string{strconv.Itoa(rule), strconv.Itoa(j), bind.key(pool)},
		b.ns, b.name, strconv.Itoa(rule), strconv.Itoa(j), bind.g.gw.Name, string(bind.l.l.Name))
	b.e.add(route)
}

// gwMatch is an HTTPRoute (or GRPCRoute) match in APISIX's terms.
type gwMatch struct {
	uris    []string
	vars    []any
	methods []string
	// pathKind ranks the path match among those sharing an APISIX URI
	// bucket: Exact 2, RegularExpression 1, PathPrefix 0.
	pathKind      int
	prefix        string // the PathPrefix value (for ReplacePrefixMatch)
	headers, args int
}

func matchPrefix(m gwMatch) *string {
	if m.pathKind != 0 {
		return nil
	}
	return &m.prefix
}

// httpMatch translates a match: Exact is the path itself; PathPrefix /p is
// /p and /p/* (element-wise: never /pq; a trailing / of the value is
// dropped, / is /*); RegularExpression is /* with a uri ~~ var (PCRE);
// headers and query parameters are http_<name> and arg_<name> vars (only
// the first of equal names counts); method the route's methods. why is
// set for an unsupported value; an invalid regular expression is an error
// at its field.
func httpMatch(m *gwv1.HTTPRouteMatch, fp *field.Path, e *emitter) (out gwMatch, why string) {
	typ, value := gwv1.PathMatchPathPrefix, "/"
	if m.Path != nil {
		if m.Path.Type != nil {
			typ = *m.Path.Type
		}
		if m.Path.Value != nil {
			value = *m.Path.Value
		}
	}
	switch typ {
	case gwv1.PathMatchExact:
		out.uris, out.pathKind = []string{value}, 2
	case gwv1.PathMatchPathPrefix:
		out.prefix = value
		if p := trimSlash(value); p == "" {
			out.uris = []string{"/*"}
		} else {
			out.uris = []string{p, p + "/*"}
		}
	case gwv1.PathMatchRegularExpression:
		if _, err := regexp.Compile(value); err != nil {
			e.err(field.Invalid(fp.Child("path", "value"), value, "not a valid regular expression: "+err.Error()))
		}
		out.uris, out.pathKind = []string{"/*"}, 1
		out.vars = append(out.vars, []any{"uri", "~~", value})
	default:
		return out, fmt.Sprintf("path match type %q is not supported", typ)
	}
	seen := map[string]bool{}
	for k, h := range m.Headers {
		name := strings.ToLower(string(h.Name))
		if seen[name] {
			continue
		}
		seen[name] = true
		op, ok := matchOp(h.Type, e, fp.Child("headers").Index(k), h.Value)
		if !ok {
			return out, fmt.Sprintf("header match type %q is not supported", *h.Type)
		}
		out.vars = append(out.vars, []any{"http_" + strings.ReplaceAll(name, "-", "_"), op, h.Value})
		out.headers++
	}
	seenArg := map[string]bool{}
	for k, q := range m.QueryParams {
		name := string(q.Name)
		if seenArg[name] {
			continue
		}
		seenArg[name] = true
		op, ok := matchOp((*gwv1.HeaderMatchType)(q.Type), e, fp.Child("queryParams").Index(k), q.Value)
		if !ok {
			return out, fmt.Sprintf("query parameter match type %q is not supported", *q.Type)
		}
		out.vars = append(out.vars, []any{"arg_" + name, op, q.Value})
		out.args++
	}
	if m.Method != nil {
		out.methods = []string{string(*m.Method)}
	}
	return out, ""
}

// matchOp returns the APISIX operator of a header or query match type
// (Exact by default); a RegularExpression that does not compile is an
// error at fp.
func matchOp(t *gwv1.HeaderMatchType, e *emitter, fp *field.Path, value string) (string, bool) {
	if t == nil || *t == gwv1.HeaderMatchExact {
		return "==", true
	}
	if *t != gwv1.HeaderMatchRegularExpression {
		return "", false
	}
	if _, err := regexp.Compile(value); err != nil {
		e.err(field.Invalid(fp.Child("value"), value, "not a valid regular expression: "+err.Error()))
	}
	return "~~", true
}

// Route priority bits, most significant first; the sum stays below 2^45,
// under 10^14: APISIX stores a route as its Lua JSON encoder writes it,
// numbers with 14 significant digits, so a larger priority would lose its
// low bits (the rule and rank tie-breaks) once stored. Longer PathPrefix
// values win by APISIX's radix tree itself, and hostnames by its host
// tree; the priority orders routes within one URI bucket.
const (
	prioRuleBits  = 4  // 15 - rule index: earlier rules first
	prioRankBits  = 4  // 15 - rank among routes created in the same second (namespace/name order)
	prioAgeBits   = 24 // older routes first: see routeAges
	prioCountBits = 5  // query parameter count, then header count
	prioRankShift = prioRuleBits
	prioAgeShift  = prioRankShift + prioRankBits
	prioArgsShift = prioAgeShift + prioAgeBits
	prioHdrShift  = prioArgsShift + prioCountBits
	prioMethShift = prioHdrShift + prioCountBits
	prioKindShift = prioMethShift + 1 // 2 bits: Exact 2 > RegularExpression 1 > PathPrefix 0
)

// priority ranks a match by the spec's precedence: path kind (Exact first,
// and above the /p alias of PathPrefix /p in the same bucket), a method,
// more headers, more query parameters, the older route, the first by
// namespace/name among routes of the same second (rank), the first rule.
func (m gwMatch) priority(age uint32, rank, rule int) int {
	p := int64(m.pathKind) << prioKindShift
	if len(m.methods) > 0 {
		p |= 1 << prioMethShift
	}
	p |= int64(min(m.headers, 31)) << prioHdrShift
	p |= int64(min(m.args, 31)) << prioArgsShift
	p |= int64(age) << prioAgeShift
	p |= int64(15-min(rank, 15)) << prioRankShift
	p |= int64(15 - min(rule, 15))
	return int(p)
}

// routeAges gives each creation second of the HTTPRoutes and GRPCRoutes a
// value that is larger for older seconds: 2^prioAgeBits-1 minus the number
// of distinct older seconds. A new route never changes an older one's
// value; a deleted one moves only the younger ones (their routes are
// written again).
func routeAges(ix *index) map[int64]uint32 {
	seen := map[int64]bool{}
	for _, r := range ix.httpRoutes {
		seen[r.CreationTimestamp.Unix()] = true
	}
	for _, r := range ix.grpcRoutes {
		seen[r.CreationTimestamp.Unix()] = true
	}
	secs := slices.Sorted(maps.Keys(seen))
	out := make(map[int64]uint32, len(secs))
	for i, s := range secs {
		out[s] = uint32(1)<<prioAgeBits - 1 - uint32(min(i, 1<<prioAgeBits-1))
	}
	return out
}

// routeRanks ranks the HTTPRoutes (and the GRPCRoutes) created in the same
// second by namespace and name: the spec's tie-break after age.
func routeRanks(ix *index) map[ObjectRef]int {
	out := map[ObjectRef]int{}
	bySecond := map[string]map[int64][]ObjectRef{}
	add := func(kind string, m metav1.Object) {
		if bySecond[kind] == nil {
			bySecond[kind] = map[int64][]ObjectRef{}
		}
		s := m.GetCreationTimestamp().Unix()
		bySecond[kind][s] = append(bySecond[kind][s], ObjectRef{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName()})
	}
	for _, r := range ix.httpRoutes {
		add(KindHTTPRoute, r)
	}
	for _, r := range ix.grpcRoutes {
		add(KindGRPCRoute, r)
	}
	for _, secs := range bySecond {
		for _, refs := range secs {
			slices.SortFunc(refs, ObjectRef.compare)
			for i, r := range refs {
				out[r] = i
			}
		}
	}
	return out
}
