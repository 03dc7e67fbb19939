package translator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// grpcRoute translates a GRPCRoute like an HTTPRoute (see httpRoute): a
// gRPC method is the HTTP/2 path /<service>/<method>, so a match is a path
// match (Exact service and method: that path; a service alone: the prefix
// /<service>/; a method alone or a regular expression: a uri var), and its
// upstreams speak gRPC. Filters are the HTTPRoute ones gRPC has
// (RequestHeaderModifier, ResponseHeaderModifier, RequestMirror,
// ExtensionRef).
func (t *translation) grpcRoute(gs *gwState, r *gwv1.GRPCRoute) {
	b, binds, pool := t.startRoute(gs, ObjectRef{Kind: KindGRPCRoute, Namespace: r.Namespace, Name: r.Name}, r, tagGRPCRoute, "grpc",
		r.Spec.ParentRefs, r.Spec.Hostnames)
	if b == nil {
		return
	}
	e := b.e
	unsupported := ""
	for i := range r.Spec.Rules {
		rule := &r.Spec.Rules[i]
		fp := field.NewPath("spec", "rules").Index(i)
		ms := rule.Matches
		if len(ms) == 0 {
			ms = []gwv1.GRPCRouteMatch{{}}
		}
		var matches []gwMatch
		for j := range ms {
			m, why := grpcMatch(&ms[j], fp.Child("matches").Index(j), e)
			if why != "" {
				unsupported = why
			}
			matches = append(matches, m)
		}
		fs := make([]gwv1.HTTPRouteFilter, 0, len(rule.Filters))
		for _, f := range rule.Filters {
			fs = append(fs, gwv1.HTTPRouteFilter{Type: gwv1.HTTPRouteFilterType(f.Type), RequestHeaderModifier: f.RequestHeaderModifier,
				ResponseHeaderModifier: f.ResponseHeaderModifier, RequestMirror: f.RequestMirror, ExtensionRef: f.ExtensionRef})
		}
		f := b.filters(fs, fp.Child("filters"), nil)
		if f.unsupported != "" {
			unsupported = f.unsupported
		}
		var refs []weighted
		for k, br := range rule.BackendRefs {
			if len(br.Filters) > 0 {
				e.err(field.Forbidden(fp.Child("backendRefs").Index(k).Child("filters"), "filters per backend are not supported: put them on the rule"))
			}
			refs = append(refs, weighted{ref: br.BackendObjectReference, weight: weightOf(br.Weight)})
		}
		up, plugins := b.backends(refs)
		if unsupported != "" {
			continue
		}
		if f.failed {
			f, up, plugins = &ruleFilters{}, "", nil
			setPlugin(&plugins, "fault-injection", abort500(0, filterUnresolved))
		}
		for j, m := range matches {
			for _, bind := range binds {
				t.emitHTTPRoute(b, gs, bind, i, j, m, f, up, plugins, pool)
			}
		}
	}
	if unsupported != "" {
		// Withdraw what earlier rules emitted: the route is not accepted.
		kept := e.objects[:0]
		for _, o := range e.objects {
			if o.Kind() != apisix.KindRoute {
				kept = append(kept, o)
			}
		}
		e.objects = kept
	}
	reason, unsupported := routeRefusal(e, unsupported)
	t.commitGateway(e, &GatewayAPIStatus{Parents: t.parentStatuses(b.at, reason, unsupported, &b.refs)})
}

// grpcMatch translates a GRPCRoute match (see grpcRoute); headers as in
// httpMatch.
func grpcMatch(m *gwv1.GRPCRouteMatch, fp *field.Path, e *emitter) (out gwMatch, why string) {
	out.uris = []string{"/*"}
	if mm := m.Method; mm != nil {
		svc, meth := "", ""
		if mm.Service != nil {
			svc = *mm.Service
		}
		if mm.Method != nil {
			meth = *mm.Method
		}
		typ := gwv1.GRPCMethodMatchExact
		if mm.Type != nil {
			typ = *mm.Type
		}
		switch {
		case typ == gwv1.GRPCMethodMatchExact && svc != "" && meth != "":
			out.uris, out.pathKind = []string{"/" + svc + "/" + meth}, 2
		case typ == gwv1.GRPCMethodMatchExact && svc != "":
			out.uris = []string{"/" + svc + "/*"}
		case typ == gwv1.GRPCMethodMatchExact && meth != "":
			out.pathKind = 1
			out.vars = append(out.vars, []any{"uri", "~~", "^/[^/]+/" + regexp.QuoteMeta(meth) + "$"})
		case typ == gwv1.GRPCMethodMatchRegularExpression:
			for _, kv := range [][2]string{{"service", svc}, {"method", meth}} {
				if _, err := regexp.Compile(kv[1]); err != nil {
					e.err(field.Invalid(fp.Child("method", kv[0]), kv[1], "not a valid regular expression: "+err.Error()))
				}
			}
			out.pathKind = 1
			out.vars = append(out.vars, []any{"uri", "~~", "^/(" + orDefault(svc, "[^/]+") + ")/(" + orDefault(meth, "[^/]+") + ")$"})
		default:
			return out, fmt.Sprintf("method match type %q is not supported", typ)
		}
	}
	seen := map[string]bool{}
	for k, h := range m.Headers {
		name := strings.ToLower(string(h.Name))
		if seen[name] {
			continue
		}
		seen[name] = true
		op, ok := matchOp((*gwv1.HeaderMatchType)(h.Type), e, fp.Child("headers").Index(k), h.Value)
		if !ok {
			return out, "header match type " + strconv.Quote(string(*h.Type)) + " is not supported"
		}
		out.vars = append(out.vars, []any{"http_" + strings.ReplaceAll(name, "-", "_"), op, h.Value})
		out.headers++
	}
	return out, ""
}
