package migrate

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// gwUnit is one translated APISIX route expressed in Gateway API terms:
// its matches, backends and filters, the header-match rules of a canary,
// the plugins left for an ApisixPluginConfig, and whether plain-HTTP
// requests are redirected to HTTPS.
type gwUnit struct {
	routeID  string
	hosts    []string
	priority int
	matches  []gatewayv1.HTTPRouteMatch
	variants []gwVariant
	backends []gatewayv1.HTTPBackendRef // nil: the rule only redirects
	filters  []gatewayv1.HTTPRouteFilter
	plugins  apisix.Plugins
	// redirect is the status of the HTTP listener's redirect to HTTPS (0: none).
	redirect int
	// pluginConfig is the name of the ApisixPluginConfig of plugins.
	pluginConfig string
}

// gwVariant is a rule that sends requests with some headers elsewhere
// (canary-by-header, canary-by-cookie).
type gwVariant struct {
	headers  []gatewayv1.HTTPHeaderMatch
	backends []gatewayv1.HTTPBackendRef
}

// gwBackends maps an APISIX upstream id to the Service port it sends to.
type gwBackends map[string]gatewayv1.HTTPBackendRef

// backendIndex finds the Service and port number of each Ingress upstream
// of a state. Upstreams whose port cannot be resolved are left out.
func (r *run) backendIndex(s *apisix.State, services map[nsName]*corev1.Service) gwBackends {
	out := gwBackends{}
	for _, u := range s.Upstreams {
		ref := translator.ObjectRef{Kind: u.Labels[apisix.LabelSourceKind], Namespace: u.Labels[apisix.LabelSourceNamespace], Name: u.Labels[apisix.LabelSourceName]}
		ing := r.nginx[ref]
		if ing == nil {
			continue
		}
		be, ok := backends(ing)[u.Name]
		if !ok {
			continue
		}
		port := be.port.IntValue()
		if be.port.Type != 0 { // a named port: the Service says its number
			port = 0
			if svc := services[nsName{ing.Namespace, be.svc}]; svc != nil {
				for _, p := range svc.Spec.Ports {
					if p.Name == be.port.StrVal {
						port = int(p.Port)
					}
				}
			}
		}
		if port < 1 || port > 65535 {
			continue
		}
		pn := gatewayv1.PortNumber(port)
		out[u.ID] = gatewayv1.HTTPBackendRef{BackendRef: gatewayv1.BackendRef{BackendObjectReference: gatewayv1.BackendObjectReference{
			Name: gatewayv1.ObjectName(be.svc), Port: &pn,
		}}}
	}
	return out
}

// keepWhy says why an Ingress stays an Ingress with --to gateway-api
// ("" when it converts).
func keepWhy(ing *networkingv1.Ingress, own *owned, ssls []*apisix.SSL) string {
	switch {
	case len(own.streams) > 0:
		return "ssl-passthrough becomes an APISIX stream route, which is not written as a TLSRoute"
	case own.consumers > 0:
		return "basic-auth users become Consumers of the Ingress, which Gateway API objects cannot hold"
	case annotations.HasDefaultBackend(ing.Annotations):
		return "default-backend: a backendRef has no fallback Service for when it has no ready endpoints"
	}
	if cfg, _, _ := annotations.Parse(ing.Annotations); cfg != nil && cfg.ClientCert.CASecret != nil {
		return "auth-tls-secret: client certificates are verified by the host's SSL, which the Gateway's listeners do not carry"
	}
	for _, s := range ssls {
		if s.Client != nil {
			return "auth-tls-* verifies client certificates on the host's SSL, which the Gateway's listeners do not carry"
		}
	}
	if len(own.routes) == 0 {
		return "it has no routes"
	}
	return ""
}

// convertRoute expresses one route; annotated are the plugins the
// Ingress annotations made (the others are ingress-nginx's defaults,
// which are not carried). It returns the form each plugin and the match
// took, or why the route cannot be expressed.
func convertRoute(rt *apisix.Route, annotated map[string]bool, ups gwBackends) (*gwUnit, map[string]carried, string) {
	switch {
	case len(rt.RemoteAddrs) > 0 || rt.RemoteAddr != "" || rt.FilterFunc != "" || rt.Host != "" || rt.ServiceID != "" ||
		rt.Upstream != nil || rt.Script != "":
		return nil, nil, "a route uses a match or target Gateway API cannot express"
	case rt.PluginConfigID != "":
		return nil, nil, "plugin-config-name: reference the ApisixPluginConfig from the HTTPRoute by hand (ExtensionRef)"
	}
	for _, h := range rt.Hosts {
		if !hostnameRE.MatchString(h) {
			return nil, nil, "host " + strconv.Quote(h) + " is not a Gateway API hostname"
		}
	}
	matches, regex, mform, why := pathMatches(rt)
	if why != "" {
		return nil, nil, why
	}
	u := &gwUnit{routeID: rt.ID, hosts: rt.Hosts, priority: rt.Priority, matches: matches, plugins: apisix.Plugins{}}
	forms := map[string]carried{effMatch: mform}
	var primary gatewayv1.HTTPBackendRef
	if rt.UpstreamID != "" {
		be, ok := ups[rt.UpstreamID]
		if !ok {
			return nil, nil, "a route's upstream is not a Service port found in the input (a named port needs its Service)"
		}
		primary = be
		u.backends = []gatewayv1.HTTPBackendRef{be}
	}
	conf := map[string]pluginConf{}
	for _, name := range rt.Plugins.Names() {
		// ssl-redirect is ingress-nginx's default for TLS hosts: the redirect
		// is carried with or without the annotation.
		if !annotated[name] && !annotated[""] && name != "redirect" {
			continue
		}
		c, ok := parsePlugin(rt.Plugins[name])
		if !ok {
			return nil, nil, "plugin " + name + " is not a JSON object"
		}
		conf[name] = c
	}
	toConfig := func(name string) {
		u.plugins[name] = rt.Plugins[name]
		forms[name] = carried{FormPluginConfig, "APISIX plugin " + name + " in an ApisixPluginConfig (ExtensionRef filter)"}
	}
	redirecting := false
	if c, ok := conf["redirect"]; ok {
		if code, ok := httpsRedirect(c); ok {
			u.redirect = code
			forms["redirect"] = carried{FormExtended, "RequestRedirect scheme https, " + strconv.Itoa(code) + ", in the HTTP listener's HTTPRoute"}
		} else if fo, ok := redirectFilter(c); ok {
			redirecting = true
			u.filters = append(u.filters, fo.filters...)
			forms["redirect"] = fo.carried
		} else {
			toConfig("redirect")
		}
	}
	for _, name := range rt.Plugins.Names() {
		c, ok := conf[name]
		if !ok || name == "redirect" {
			continue
		}
		var fo filterOut
		switch name {
		case "proxy-rewrite":
			if redirecting {
				ok = false // URLRewrite and RequestRedirect exclude each other
				break
			}
			fo, ok = proxyRewriteFilters(c, regex)
		case "response-rewrite":
			fo, ok = responseRewriteFilters(c)
		case "cors":
			fo, ok = corsFilter(c)
		case "traffic-split":
			if u.backends == nil {
				return nil, nil, "traffic-split on a route without a backend"
			}
			vs, defaults, cr, ok := trafficSplit(c, primary, ups)
			if !ok {
				return nil, nil, "canary: traffic-split rules that Gateway API matches cannot express"
			}
			u.variants, u.backends = vs, defaults
			forms[name] = cr
			continue
		default:
			ok = false
		}
		if !ok {
			if strings.Contains(string(rt.Plugins[name]), `"upstream_id"`) {
				return nil, nil, "plugin " + name + " names an APISIX upstream"
			}
			toConfig(name)
			continue
		}
		u.filters = append(u.filters, fo.filters...)
		forms[name] = fo.carried
	}
	if redirecting {
		// A redirect answers every request: the rule has no backends.
		u.backends, u.variants = nil, nil
	}
	if u.backends == nil && !redirecting {
		return nil, nil, "a route without a backend that is not a redirect Gateway API can express"
	}
	forms[effRoute] = forms[effMatch]
	if rt.UpstreamID == "" {
		forms[effRoute] = forms["redirect"]
	}
	return u, forms, ""
}

var hostnameRE = regexp.MustCompile(`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

// pathMatches expresses a route's uri, vars and methods as HTTPRoute
// matches, as the translator made them from the Ingress path:
//
//   - uri "/p" (Exact) → Exact /p;
//   - uris ["/p", "/p/*"] and "/*" (Prefix, and ImplementationSpecific,
//     which ingress-nginx treats as Prefix) → PathPrefix /p;
//   - "/*" with vars ["uri", "~*", "^re"] (use-regex or rewrite-target on
//     the host, where ingress-nginx renders location ~* "^re") →
//     RegularExpression "(?i)^re.*": case-insensitive, anchored at the
//     start, open at the end, whether the implementation matches the whole
//     path or searches in it.
//
// A path that the CRD would refuse as Exact or PathPrefix becomes the
// equivalent RegularExpression. It returns the path regex for rewrites.
func pathMatches(rt *apisix.Route) ([]gatewayv1.HTTPRouteMatch, string, carried, string) {
	var pm gatewayv1.HTTPPathMatch
	var regex string
	var form carried
	set := func(t gatewayv1.PathMatchType, v string) {
		pm = gatewayv1.HTTPPathMatch{Type: &t, Value: &v}
	}
	uris := rt.URIs
	if rt.URI != "" {
		uris = []string{rt.URI}
	}
	switch {
	case len(rt.Vars) > 0:
		re, ok := uriRegexVar(rt.Vars)
		if !ok || len(uris) != 1 || uris[0] != "/*" {
			return nil, "", form, "a route matches on variables an HTTPRoute cannot express"
		}
		regex = re
		set(gatewayv1.PathMatchRegularExpression, "(?i)"+re+".*")
		form = carried{FormImplementation, "RegularExpression path match (?i)" + re + ".* (case-insensitive prefix regex, as ingress-nginx's location ~*)"}
	case len(uris) == 1 && uris[0] == "/*":
		set(gatewayv1.PathMatchPathPrefix, "/")
		form = carried{FormCore, "PathPrefix path match"}
	case len(uris) == 1 && !strings.Contains(uris[0], "*"):
		if validPath(uris[0]) {
			set(gatewayv1.PathMatchExact, uris[0])
			form = carried{FormCore, "Exact path match"}
		} else {
			set(gatewayv1.PathMatchRegularExpression, "^"+regexp.QuoteMeta(uris[0])+"$")
			form = carried{FormImplementation, "RegularExpression path match (the path is not a valid Exact value)"}
		}
	case len(uris) == 2 && uris[1] == uris[0]+"/*":
		if validPath(uris[0]) {
			set(gatewayv1.PathMatchPathPrefix, uris[0])
			form = carried{FormCore, "PathPrefix path match"}
		} else {
			set(gatewayv1.PathMatchRegularExpression, "^"+regexp.QuoteMeta(uris[0])+"(/.*)?$")
			form = carried{FormImplementation, "RegularExpression path match (the path is not a valid PathPrefix value)"}
		}
	default:
		return nil, "", form, "a route's paths are not an Ingress path an HTTPRoute can express"
	}
	if len(rt.Methods) == 0 {
		return []gatewayv1.HTTPRouteMatch{{Path: &pm}}, regex, form, ""
	}
	var out []gatewayv1.HTTPRouteMatch
	for _, m := range rt.Methods {
		method := gatewayv1.HTTPMethod(m)
		out = append(out, gatewayv1.HTTPRouteMatch{Path: &pm, Method: &method})
	}
	form.text += " and method match"
	if form.form == FormCore {
		form.form = FormExtended
	}
	return out, regex, form, ""
}

// uriRegexVar reads vars [["uri", "~*", "^re"]].
func uriRegexVar(vars []any) (string, bool) {
	if len(vars) != 1 {
		return "", false
	}
	l, ok := vars[0].([]any)
	if !ok || len(l) != 3 || l[0] != "uri" || l[1] != "~*" {
		return "", false
	}
	re, ok := l[2].(string)
	return re, ok && strings.HasPrefix(re, "^")
}

// trafficSplit expresses the canary's traffic-split: each rule with a
// match becomes a rule with header matches (a cookie is matched in the
// Cookie header by a regular expression), and the rule without one gives
// the weights of the main rule's backendRefs.
func trafficSplit(c pluginConf, primary gatewayv1.HTTPBackendRef, ups gwBackends) ([]gwVariant, []gatewayv1.HTTPBackendRef, carried, bool) {
	rules, ok := c["rules"].([]any)
	if !ok || !c.onlyKeys("rules") {
		return nil, nil, carried{}, false
	}
	var variants []gwVariant
	var defaults []gatewayv1.HTTPBackendRef
	var parts []carried
	for _, x := range rules {
		rule, ok := x.(map[string]any)
		if !ok || !pluginConf(rule).onlyKeys("match", "weighted_upstreams") {
			return nil, nil, carried{}, false
		}
		bes, ok := weightedBackends(rule["weighted_upstreams"], primary, ups)
		if !ok {
			return nil, nil, carried{}, false
		}
		m, has := rule["match"]
		if !has {
			if defaults != nil {
				return nil, nil, carried{}, false
			}
			defaults = bes
			parts = append(parts, carried{FormCore, "backendRef weights"})
			continue
		}
		hs, cr, ok := headerMatches(m)
		if !ok {
			return nil, nil, carried{}, false
		}
		parts = append(parts, cr)
		variants = append(variants, gwVariant{headers: hs, backends: bes})
	}
	if defaults == nil {
		defaults = []gatewayv1.HTTPBackendRef{primary}
	}
	form, text := combine(parts)
	return variants, defaults, carried{form, text}, true
}

func weightedBackends(v any, primary gatewayv1.HTTPBackendRef, ups gwBackends) ([]gatewayv1.HTTPBackendRef, bool) {
	l, ok := v.([]any)
	if !ok || len(l) == 0 || len(l) > 16 {
		return nil, false
	}
	var out []gatewayv1.HTTPBackendRef
	for _, x := range l {
		wu, ok := x.(map[string]any)
		if !ok || !pluginConf(wu).onlyKeys("upstream_id", "weight") {
			return nil, false
		}
		be := primary
		if id, has := wu["upstream_id"]; has {
			s, _ := id.(string)
			if be, ok = ups[s]; !ok {
				return nil, false
			}
		}
		if w, has := wu["weight"]; has {
			f, ok := w.(float64)
			if !ok || f < 0 || f > 1000000 {
				return nil, false
			}
			n := int32(f)
			be.Weight = &n
		}
		out = append(out, be)
	}
	if len(out) == 1 && out[0].Weight != nil && *out[0].Weight > 0 {
		out[0].Weight = nil // one backend takes everything
	}
	return out, true
}

// headerMatches reads a traffic-split match: [{vars: [[name, op, value]...]}].
func headerMatches(v any) ([]gatewayv1.HTTPHeaderMatch, carried, bool) {
	l, ok := v.([]any)
	if !ok || len(l) != 1 {
		return nil, carried{}, false
	}
	m, ok := l[0].(map[string]any)
	if !ok || !pluginConf(m).onlyKeys("vars") {
		return nil, carried{}, false
	}
	vars, ok := m["vars"].([]any)
	if !ok || len(vars) == 0 {
		return nil, carried{}, false
	}
	var out []gatewayv1.HTTPHeaderMatch
	var parts []carried
	seen := map[string]bool{}
	for _, x := range vars {
		e, ok := x.([]any)
		if !ok || len(e) != 3 {
			return nil, carried{}, false
		}
		name, _ := e[0].(string)
		op, _ := e[1].(string)
		val, _ := e[2].(string)
		var hm gatewayv1.HTTPHeaderMatch
		switch {
		case strings.HasPrefix(name, "http_") && (op == "==" || op == "~~"):
			h := strings.ReplaceAll(name[len("http_"):], "_", "-")
			hm.Name, hm.Value = gatewayv1.HTTPHeaderName(h), val
			if op == "~~" {
				t := gatewayv1.HeaderMatchRegularExpression
				hm.Type = &t
				parts = append(parts, carried{FormImplementation, "RegularExpression match on header " + h})
			} else {
				parts = append(parts, carried{FormCore, "rule matching header " + h + ": " + val})
			}
		case strings.HasPrefix(name, "cookie_") && op == "==":
			ck := name[len("cookie_"):]
			t := gatewayv1.HeaderMatchRegularExpression
			hm.Name, hm.Type = "Cookie", &t
			hm.Value = `(^|;\s*)` + regexp.QuoteMeta(ck) + "=" + regexp.QuoteMeta(val) + `(;|$)`
			parts = append(parts, carried{FormImplementation, "RegularExpression match on the Cookie header for cookie " + ck})
		default:
			return nil, carried{}, false
		}
		if seen[strings.ToLower(string(hm.Name))] || !headerNameRE.MatchString(string(hm.Name)) {
			return nil, carried{}, false
		}
		seen[strings.ToLower(string(hm.Name))] = true
		out = append(out, hm)
	}
	f, t := combine(parts)
	return out, carried{f, t}, true
}

// pluginsKey identifies a set of plugins (for sharing one ApisixPluginConfig).
func pluginsKey(p apisix.Plugins) string {
	var b strings.Builder
	for _, n := range p.Names() {
		b.WriteString(n)
		b.WriteByte(0)
		b.Write(mustJSON(json.RawMessage(p[n])))
		b.WriteByte(0)
	}
	return b.String()
}
