package translator

import (
	"net/netip"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// match translates an HTTP rule's match. Paths go to uris as written: APISIX
// reads "/api/*" as a prefix and "/login" as an exact path, which is the
// ApisixRoute meaning. It reports false when the match is invalid.
func (b *routeBuilder) match(r *apisix.Route, m *apiv2.ApisixRouteHTTPMatch, rule *field.Path) bool {
	mp := func() *field.Path { return rule.Child("match") }
	ok := true
	bad := func(err *field.Error) {
		b.e.err(err)
		ok = false
	}
	if len(m.Paths) == 0 {
		bad(field.Required(mp().Child("paths"), "at least one path is required"))
	}
	for i, p := range m.Paths {
		if !strings.HasPrefix(p, "/") || strings.Contains(strings.TrimSuffix(p, "*"), "*") {
			bad(field.Invalid(mp().Child("paths").Index(i), p, "must start with / and may end with * (a prefix); * elsewhere is not allowed"))
		}
	}
	paths := unique(m.Paths)
	if len(paths) == 1 {
		r.URI = paths[0]
	} else {
		r.URIs = paths
	}
	r.Hosts = unique(m.Hosts)
	r.Methods = unique(m.Methods)
	for i, a := range m.RemoteAddrs {
		if _, err := netip.ParseAddr(a); err != nil {
			if _, err := netip.ParsePrefix(a); err != nil {
				bad(field.Invalid(mp().Child("remoteAddrs").Index(i), a, "must be an IP address or a CIDR such as 10.0.0.0/8"))
			}
		}
	}
	r.RemoteAddrs = unique(m.RemoteAddrs)
	if f := m.FilterFunc; f != "" {
		if !strings.HasPrefix(f, "function") || len(f) < 10 {
			bad(field.Invalid(mp().Child("filter_func"), f, "must be a Lua function such as: function(vars) return vars['arg_x'] == 'y' end"))
		}
		r.FilterFunc = f
	}
	for i := range m.Exprs {
		v, err := exprVar(&m.Exprs[i], mp, i)
		if err != nil {
			bad(err)
			continue
		}
		r.Vars = append(r.Vars, v)
	}
	return ok
}

// unique returns in without repeats (APISIX wants unique items), or in
// itself when it has none, which is the common case.
func unique(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	for i := 1; i < len(in); i++ {
		for j := 0; j < i; j++ {
			if in[i] == in[j] {
				return dedupeStrings(in)
			}
		}
	}
	return in
}

func dedupeStrings(in []string) []string {
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// exprOp maps an ApisixRoute operator to its lua-resty-expr operator; a
// negated operator is written [var, "!", op, value].
func exprOp(op string) (string, bool, bool) {
	switch op {
	case apiv2.OpEqual:
		return "==", false, true
	case apiv2.OpNotEqual:
		return "~=", false, true
	case apiv2.OpGreaterThan:
		return ">", false, true
	case apiv2.OpGreaterThanEqual:
		return ">=", false, true
	case apiv2.OpLessThan:
		return "<", false, true
	case apiv2.OpLessThanEqual:
		return "<=", false, true
	case apiv2.OpIn:
		return "in", false, true
	case apiv2.OpNotIn:
		return "in", true, true
	case apiv2.OpRegexMatch:
		return "~~", false, true
	case apiv2.OpRegexNotMatch:
		return "~~", true, true
	case apiv2.OpRegexMatchCaseInsensitive:
		return "~*", false, true
	case apiv2.OpRegexNotMatchCaseInsensitive:
		return "~*", true, true
	}
	return "", false, false
}

// exprVar translates one expression into an APISIX vars entry.
func exprVar(x *apiv2.ApisixRouteHTTPMatchExpr, mp func() *field.Path, i int) ([]any, *field.Error) {
	fp := func() *field.Path { return mp().Child("exprs").Index(i) }
	subject, err := exprSubject(&x.Subject, fp)
	if err != nil {
		return nil, err
	}
	op, negate, known := exprOp(x.Op)
	if !known {
		return nil, field.NotSupported(fp().Child("op"), x.Op, sortedOps())
	}
	var value any
	if x.Op == apiv2.OpIn || x.Op == apiv2.OpNotIn {
		if x.Value != nil || x.Set == nil {
			return nil, field.Required(fp().Child("set"), x.Op+" compares with a list of values: use set instead of value")
		}
		value = x.Set
	} else {
		if x.Value == nil || x.Set != nil {
			return nil, field.Required(fp().Child("value"), x.Op+" compares with one value: use value instead of set")
		}
		if strings.HasPrefix(op, "<") || strings.HasPrefix(op, ">") {
			if _, perr := strconv.ParseFloat(*x.Value, 64); perr != nil {
				return nil, field.Invalid(fp().Child("value"), *x.Value, x.Op+" compares numbers; the value must be a number")
			}
		}
		value = *x.Value
	}
	if negate {
		return []any{subject, "!", op, value}, nil
	}
	return []any{subject, op, value}, nil
}

// exprSubject returns the APISIX (nginx) variable an expression reads.
func exprSubject(s *apiv2.ApisixRouteHTTPMatchExprSubject, xp func() *field.Path) (string, *field.Error) {
	fp := func() *field.Path { return xp().Child("subject") }
	if s.Scope != apiv2.ScopePath && s.Name == "" {
		return "", field.Required(fp().Child("name"), "the name of the "+strings.ToLower(s.Scope)+" to compare is required")
	}
	switch s.Scope {
	case apiv2.ScopeHeader:
		return "http_" + strings.ReplaceAll(strings.ToLower(s.Name), "-", "_"), nil
	case apiv2.ScopeQuery:
		return "arg_" + s.Name, nil
	case apiv2.ScopeCookie:
		return "cookie_" + s.Name, nil
	case apiv2.ScopePath:
		return "uri", nil
	case apiv2.ScopeVariable:
		return s.Name, nil
	case apiv2.ScopeBody:
		return "post_arg." + s.Name, nil
	}
	return "", field.NotSupported(fp().Child("scope"), s.Scope, []string{apiv2.ScopeCookie, apiv2.ScopeHeader, apiv2.ScopePath, apiv2.ScopeQuery, apiv2.ScopeVariable, apiv2.ScopeBody})
}

func sortedOps() []string {
	return []string{
		apiv2.OpEqual, apiv2.OpNotEqual, apiv2.OpGreaterThan, apiv2.OpGreaterThanEqual, apiv2.OpLessThan, apiv2.OpLessThanEqual,
		apiv2.OpIn, apiv2.OpNotIn, apiv2.OpRegexMatch, apiv2.OpRegexNotMatch, apiv2.OpRegexMatchCaseInsensitive, apiv2.OpRegexNotMatchCaseInsensitive,
	}
}
