package translator

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Filters of a single backendRef (HTTPRoute extended feature
// BackendRequestHeaderModification): only RequestHeaderModifier. They apply
// to the requests sent to that backend, after the rule's filters. A rule
// whose requests all go to one upstream gets them in its proxy-rewrite;
// with several weighted upstreams (traffic-split), a serverless function
// running after traffic-split applies those of the upstream it chose.

// backendHeaderFilters returns the header operations of each backendRef
// (nil for one without filters). Any other filter type is an error at its
// field.
func backendHeaderFilters(refs []gwv1.HTTPBackendRef, fp *field.Path, e *emitter) []*apisix.HeaderOps {
	out := make([]*apisix.HeaderOps, len(refs))
	for k := range refs {
		for i, f := range refs[k].Filters {
			at := fp.Index(k).Child("filters").Index(i)
			if f.Type != gwv1.HTTPRouteFilterRequestHeaderModifier {
				e.err(field.NotSupported(at.Child("type"), string(f.Type), []string{string(gwv1.HTTPRouteFilterRequestHeaderModifier)}))
				continue
			}
			if f.RequestHeaderModifier != nil {
				out[k] = mergeHeaderOps(out[k], requestHeaderOps(f.RequestHeaderModifier))
			}
		}
	}
	return out
}

// mergeHeaderOps applies over after base: over's set and add replace
// base's of the same name (and undo its removal); removals add up.
func mergeHeaderOps(base, over *apisix.HeaderOps) *apisix.HeaderOps {
	if base == nil {
		return over
	}
	out := &apisix.HeaderOps{Set: maps.Clone(base.Set), Add: maps.Clone(base.Add)}
	named := map[string]bool{}
	put := func(m *map[string]apisix.HeaderValue, k string, v apisix.HeaderValue) {
		if *m == nil {
			*m = map[string]apisix.HeaderValue{}
		}
		for old := range *m {
			if strings.EqualFold(old, k) {
				delete(*m, old)
			}
		}
		(*m)[k] = v
		named[strings.ToLower(k)] = true
	}
	for k, v := range over.Set {
		put(&out.Set, k, v)
		for old := range out.Add {
			if strings.EqualFold(old, k) {
				delete(out.Add, old)
			}
		}
	}
	for k, v := range over.Add {
		put(&out.Add, k, v)
	}
	for _, r := range base.Remove {
		if !named[strings.ToLower(r)] {
			out.Remove = append(out.Remove, r)
		}
	}
	out.Remove = append(out.Remove, over.Remove...)
	return out
}

// applyBackendHeaders puts the backendRefs' header operations (ops, by
// backendRef) on a rule whose upstream is up and plugins ps (those of
// backends): into the rule's proxy-rewrite when one upstream serves it,
// else as a serverless-post-function keyed by the upstream traffic-split
// chose. A backendRef that does not resolve has no upstream and nothing
// to apply.
func (b *gwRouteBuilder) applyBackendHeaders(refs []gwv1.HTTPBackendRef, ops []*apisix.HeaderOps, f *ruleFilters, up string, ps apisix.Plugins, fp *field.Path) apisix.Plugins {
	byUp := map[string]*apisix.HeaderOps{}
	for k, r := range refs {
		if ops[k] == nil || r.Port == nil {
			continue
		}
		ns := b.ns
		if r.Namespace != nil && *r.Namespace != "" {
			ns = string(*r.Namespace)
		}
		if u := b.ups[ns+"/"+string(r.Name)+":"+strconv.Itoa(int(*r.Port))]; u != nil {
			byUp[u.ID] = mergeHeaderOps(byUp[u.ID], ops[k])
		}
	}
	if len(byUp) == 0 || up == "" {
		return ps
	}
	if _, split := ps["traffic-split"]; !split {
		if h := byUp[up]; h != nil {
			rw := f.proxyRewrite()
			rw.Headers = mergeHeaderOps(rw.Headers, h)
		}
		return ps
	}
	if _, ok := f.plugins["serverless-post-function"]; ok {
		b.e.warn(fp, "another filter's serverless-post-function (an ExtensionRef's, or CORS allowing any method with credentials) replaces the one that applies the backends' filters: they are not applied")
	}
	setPlugin(&ps, "serverless-post-function", map[string]any{"phase": "access", "functions": []string{backendHeadersLua(up, byUp)}})
	return ps
}

// backendHeadersLua is the access-phase function (after traffic-split,
// which leaves its choice in ctx.upstream_id, nil for the route's own
// upstream) that applies the chosen upstream's header operations in
// proxy-rewrite's order: add, set, remove.
func backendHeadersLua(routeUp string, byUp map[string]*apisix.HeaderOps) string {
	var sb strings.Builder
	sb.WriteString("return function(conf, ctx)\n  local core = require(\"apisix.core\")\n  local id = ctx.upstream_id or " +
		apisix.LuaQuote(routeUp) + "\n")
	for i, id := range slices.Sorted(maps.Keys(byUp)) {
		h := byUp[id]
		kw := "if"
		if i > 0 {
			kw = "elseif"
		}
		sb.WriteString("  " + kw + " id == " + apisix.LuaQuote(id) + " then\n")
		for _, k := range slices.Sorted(maps.Keys(h.Add)) {
			sb.WriteString("    core.request.add_header(ctx, " + apisix.LuaQuote(k) + ", " + apisix.LuaQuote(string(h.Add[k])) + ")\n")
		}
		for _, k := range slices.Sorted(maps.Keys(h.Set)) {
			sb.WriteString("    core.request.set_header(ctx, " + apisix.LuaQuote(k) + ", " + apisix.LuaQuote(string(h.Set[k])) + ")\n")
		}
		for _, k := range h.Remove {
			sb.WriteString("    core.request.set_header(ctx, " + apisix.LuaQuote(k) + ", nil)\n")
		}
	}
	sb.WriteString("  end\nend")
	return sb.String()
}
