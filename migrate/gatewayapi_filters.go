package migrate

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// A plugin the translator made for annotations becomes Gateway API
// filters only when the filters say exactly what the whole plugin does;
// otherwise the whole plugin goes into the ApisixPluginConfig (one plugin
// is never split between the two, so no APISIX plugin is configured twice).

// pluginConf is a plugin's configuration as JSON values.
type pluginConf map[string]any

func parsePlugin(raw json.RawMessage) (pluginConf, bool) {
	var c pluginConf
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, false
	}
	return c, true
}

// onlyKeys reports whether c has no keys besides allowed.
func (c pluginConf) onlyKeys(allowed ...string) bool {
	for k := range c {
		if !slices.Contains(allowed, k) {
			return false
		}
	}
	return true
}

func (c pluginConf) str(k string) (string, bool) {
	s, ok := c[k].(string)
	return s, ok
}

// literal reports whether an APISIX value takes no nginx variable.
func literal(s string) bool { return !strings.Contains(s, "$") }

// filterOut is the filters one plugin becomes, with its form.
type filterOut struct {
	filters []gatewayv1.HTTPRouteFilter
	carried carried
}

// proxyRewriteFilters: uri and a regex_uri that replaces the whole path
// (rewrite-target without captures) become URLRewrite ReplaceFullPath,
// host becomes URLRewrite hostname, and literal headers a
// RequestHeaderModifier. routeRegex is the route's path regex ("" if none).
func proxyRewriteFilters(c pluginConf, routeRegex string) (filterOut, bool) {
	if !c.onlyKeys("uri", "regex_uri", "host", "headers") {
		return filterOut{}, false
	}
	var out filterOut
	rw := &gatewayv1.HTTPURLRewriteFilter{}
	var parts []carried
	if u, ok := c.str("uri"); ok {
		if !literal(u) || !validPath(u) {
			return filterOut{}, false
		}
		rw.Path = fullPath(u)
	}
	if v, ok := c["regex_uri"]; ok {
		l, ok := v.([]any)
		if !ok || len(l) != 2 || rw.Path != nil {
			return filterOut{}, false
		}
		pat, _ := l[0].(string)
		tmpl, _ := l[1].(string)
		// The route matches routeRegex, so this pattern matches every
		// request the route serves and the template replaces the path.
		if routeRegex == "" || pat != "(?i)"+routeRegex+".*" || !literal(tmpl) || !validPath(tmpl) {
			return filterOut{}, false
		}
		rw.Path = fullPath(tmpl)
	}
	if rw.Path != nil {
		parts = append(parts, carried{FormExtended, "URLRewrite ReplaceFullPath " + *rw.Path.ReplaceFullPath})
	}
	if h, ok := c.str("host"); ok {
		if !literal(h) || !preciseHostRE.MatchString(h) {
			return filterOut{}, false
		}
		hn := gatewayv1.PreciseHostname(h)
		rw.Hostname = &hn
		parts = append(parts, carried{FormExtended, "URLRewrite hostname " + h})
	}
	if rw.Path != nil || rw.Hostname != nil {
		out.filters = append(out.filters, gatewayv1.HTTPRouteFilter{Type: gatewayv1.HTTPRouteFilterURLRewrite, URLRewrite: rw})
	}
	if v, ok := c["headers"]; ok {
		hf, ok := headerFilter(v, false)
		if !ok {
			return filterOut{}, false
		}
		out.filters = append([]gatewayv1.HTTPRouteFilter{{Type: gatewayv1.HTTPRouteFilterRequestHeaderModifier, RequestHeaderModifier: hf}}, out.filters...)
		parts = append(parts, carried{FormCore, "RequestHeaderModifier " + headerNames(hf)})
	}
	if len(parts) == 0 {
		return filterOut{}, false
	}
	out.carried.form, out.carried.text = combine(parts)
	return out, true
}

func fullPath(p string) *gatewayv1.HTTPPathModifier {
	return &gatewayv1.HTTPPathModifier{Type: gatewayv1.FullPathHTTPPathModifier, ReplaceFullPath: &p}
}

// headerFilter reads proxy-rewrite's or response-rewrite's headers:
// {set: {name: value}, add: ..., remove: [names]} (proxy-rewrite's add is
// a map, response-rewrite's a list of "name: value"), or a plain map (set).
func headerFilter(v any, addList bool) (*gatewayv1.HTTPHeaderFilter, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	hf := &gatewayv1.HTTPHeaderFilter{}
	_, hasSet := m["set"]
	_, hasAdd := m["add"]
	_, hasRemove := m["remove"]
	if !hasSet && !hasAdd && !hasRemove {
		m = map[string]any{"set": m}
	}
	for k, x := range m {
		switch k {
		case "set", "add":
			var hs []gatewayv1.HTTPHeader
			if k == "add" && addList {
				l, ok := x.([]any)
				if !ok {
					return nil, false
				}
				for _, e := range l {
					s, _ := e.(string)
					name, val, found := strings.Cut(s, ":")
					if !found {
						return nil, false
					}
					hs = append(hs, gatewayv1.HTTPHeader{Name: gatewayv1.HTTPHeaderName(strings.TrimSpace(name)), Value: strings.TrimSpace(val)})
				}
			} else {
				mm, ok := x.(map[string]any)
				if !ok {
					return nil, false
				}
				for n, val := range mm {
					s, ok := val.(string)
					if !ok {
						return nil, false
					}
					hs = append(hs, gatewayv1.HTTPHeader{Name: gatewayv1.HTTPHeaderName(n), Value: s})
				}
			}
			for _, h := range hs {
				if !literal(h.Value) || !headerNameRE.MatchString(string(h.Name)) || len(h.Value) > 4096 {
					return nil, false
				}
			}
			sort.Slice(hs, func(i, j int) bool { return hs[i].Name < hs[j].Name })
			if k == "set" {
				hf.Set = hs
			} else {
				hf.Add = hs
			}
		case "remove":
			l, ok := x.([]any)
			if !ok {
				return nil, false
			}
			for _, e := range l {
				s, _ := e.(string)
				if !headerNameRE.MatchString(s) {
					return nil, false
				}
				hf.Remove = append(hf.Remove, s)
			}
			sort.Strings(hf.Remove)
		default:
			return nil, false
		}
	}
	if len(hf.Set)+len(hf.Add)+len(hf.Remove) == 0 || len(hf.Set) > 16 || len(hf.Add) > 16 || len(hf.Remove) > 16 {
		return nil, false
	}
	return hf, true
}

func headerNames(hf *gatewayv1.HTTPHeaderFilter) string {
	var parts []string
	for _, h := range hf.Set {
		parts = append(parts, "set "+string(h.Name))
	}
	for _, h := range hf.Add {
		parts = append(parts, "add "+string(h.Name))
	}
	for _, n := range hf.Remove {
		parts = append(parts, "remove "+n)
	}
	return strings.Join(parts, ", ")
}

// responseRewriteFilters: literal headers without conditions become a
// ResponseHeaderModifier.
func responseRewriteFilters(c pluginConf) (filterOut, bool) {
	if !c.onlyKeys("headers") {
		return filterOut{}, false
	}
	hf, ok := headerFilter(c["headers"], true)
	if !ok {
		return filterOut{}, false
	}
	return filterOut{
		filters: []gatewayv1.HTTPRouteFilter{{Type: gatewayv1.HTTPRouteFilterResponseHeaderModifier, ResponseHeaderModifier: hf}},
		carried: carried{FormExtended, "ResponseHeaderModifier " + headerNames(hf)},
	}, true
}

// redirectStatus reports whether APISIX's ret_code is one Gateway API has.
func redirectStatus(c pluginConf) (int, bool) {
	f, ok := c["ret_code"].(float64)
	if !ok {
		return 302, !hasKey(c, "ret_code")
	}
	code := int(f)
	return code, code == 301 || code == 302 || code == 303 || code == 307 || code == 308
}

func hasKey(c pluginConf, k string) bool { _, ok := c[k]; return ok }

// httpsRedirect recognises ssl-redirect's and force-ssl-redirect's plugin:
// a redirect to https://$host$request_uri for plain-HTTP requests. It
// returns the status code.
func httpsRedirect(c pluginConf) (int, bool) {
	meta, ok := c["_meta"].(map[string]any)
	if !ok || len(meta) != 1 {
		return 0, false
	}
	f := mustJSON(meta["filter"])
	if string(f) != `[["scheme","==","http"]]` || !c.onlyKeys("_meta", "uri", "ret_code") {
		return 0, false
	}
	if u, _ := c.str("uri"); u != "https://$host$request_uri" {
		return 0, false
	}
	return redirectStatus(c)
}

var (
	schemeHostURIRE = regexp.MustCompile(`^\$scheme://([a-z0-9.-]+)\$request_uri$`)
	schemeHTTPHost  = "$scheme://$http_host"
	preciseHostRE   = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	headerNameRE    = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`)
)

// redirectFilter turns a redirect plugin into a RequestRedirect: to
// another host keeping the request URI (from-to-www-redirect), to a path
// of the same host (app-root), or to a fixed URL (permanent-redirect,
// temporal-redirect). why is the difference from ingress-nginx, if any.
func redirectFilter(c pluginConf) (filterOut, bool) {
	if !c.onlyKeys("uri", "ret_code") {
		return filterOut{}, false
	}
	code, ok := redirectStatus(c)
	u, _ := c.str("uri")
	if !ok || u == "" {
		return filterOut{}, false
	}
	rr := &gatewayv1.HTTPRequestRedirectFilter{StatusCode: &code}
	form := FormCore
	if code != 301 && code != 302 {
		form = FormExtended
	}
	var text string
	switch m := schemeHostURIRE.FindStringSubmatch(u); {
	case m != nil:
		hn := gatewayv1.PreciseHostname(m[1])
		rr.Hostname = &hn
		text = "RequestRedirect hostname " + m[1]
	case strings.HasPrefix(u, schemeHTTPHost) && literal(u[len(schemeHTTPHost):]) && validPath(u[len(schemeHTTPHost):]):
		p := u[len(schemeHTTPHost):]
		rr.Path = fullPath(p)
		form = FormExtended
		text = "RequestRedirect ReplaceFullPath " + p + " (the request's query string is kept; ingress-nginx drops it)"
	case literal(u):
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.User != nil || pu.RawQuery != "" || pu.Fragment != "" ||
			!preciseHostRE.MatchString(pu.Hostname()) {
			return filterOut{}, false
		}
		scheme, hn := pu.Scheme, gatewayv1.PreciseHostname(pu.Hostname())
		rr.Scheme, rr.Hostname = &scheme, &hn
		if ps := pu.Port(); ps != "" {
			n, err := strconv.Atoi(ps)
			if err != nil || n < 1 || n > 65535 {
				return filterOut{}, false
			}
			port := gatewayv1.PortNumber(n)
			rr.Port = &port
		}
		p := pu.EscapedPath()
		if p == "" {
			p = "/"
		}
		if !validPath(p) {
			return filterOut{}, false
		}
		rr.Path = fullPath(p)
		form = FormExtended
		text = "RequestRedirect to " + u + " (Location gets path " + p + "; the request's query string is kept, ingress-nginx drops it)"
	default:
		return filterOut{}, false
	}
	return filterOut{
		filters: []gatewayv1.HTTPRouteFilter{{Type: gatewayv1.HTTPRouteFilterRequestRedirect, RequestRedirect: rr}},
		carried: carried{form, text + ", " + strconv.Itoa(code)},
	}, true
}

// httpsRedirectFilter is the RequestRedirect of the HTTP listener's rules.
func httpsRedirectFilter(code int) gatewayv1.HTTPRouteFilter {
	scheme := "https"
	return gatewayv1.HTTPRouteFilter{Type: gatewayv1.HTTPRouteFilterRequestRedirect, RequestRedirect: &gatewayv1.HTTPRequestRedirectFilter{Scheme: &scheme, StatusCode: &code}}
}

var (
	corsOriginRE = regexp.MustCompile(`^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?$`)
	methodRE     = regexp.MustCompile(`^[A-Z]+$`)
)

// corsFilter: the cors plugin becomes a CORS filter when its origins are
// a list (no regexes) and every value fits the filter's fields.
func corsFilter(c pluginConf) (filterOut, bool) {
	if !c.onlyKeys("allow_origins", "allow_methods", "allow_headers", "expose_headers", "max_age", "allow_credential") {
		return filterOut{}, false
	}
	f := &gatewayv1.HTTPCORSFilter{}
	list := func(k string) ([]string, bool) {
		s, ok := c.str(k)
		if !ok {
			return nil, !hasKey(c, k)
		}
		if s == "**" || s == "" {
			return nil, false
		}
		var out []string
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out, len(out) <= 64
	}
	origins, ok1 := list("allow_origins")
	methods, ok2 := list("allow_methods")
	headers, ok3 := list("allow_headers")
	expose, ok4 := list("expose_headers")
	if !ok1 || !ok2 || !ok3 || !ok4 || len(methods) > 9 {
		return filterOut{}, false
	}
	for _, o := range origins {
		if o != "*" && !corsOriginRE.MatchString(o) {
			return filterOut{}, false
		}
		f.AllowOrigins = append(f.AllowOrigins, gatewayv1.CORSOrigin(o))
	}
	for _, m := range methods {
		if m != "*" && !methodRE.MatchString(m) {
			return filterOut{}, false
		}
		f.AllowMethods = append(f.AllowMethods, gatewayv1.HTTPMethodWithWildcard(m))
	}
	for _, h := range headers {
		if h != "*" && !headerNameRE.MatchString(h) {
			return filterOut{}, false
		}
		f.AllowHeaders = append(f.AllowHeaders, gatewayv1.HTTPHeaderName(h))
	}
	for _, h := range expose {
		if h != "*" && !headerNameRE.MatchString(h) {
			return filterOut{}, false
		}
		f.ExposeHeaders = append(f.ExposeHeaders, gatewayv1.HTTPHeaderName(h))
	}
	if v, ok := c["max_age"]; ok {
		n, ok := v.(float64)
		if !ok || n < 1 || n > 1<<31-1 {
			return filterOut{}, false
		}
		f.MaxAge = int32(n)
	}
	if v, ok := c["allow_credential"]; ok {
		b, ok := v.(bool)
		if !ok {
			return filterOut{}, false
		}
		f.AllowCredentials = &b
	}
	for _, l := range [][]string{origins, methods, headers, expose} {
		if hasDuplicate(l) || (slices.Contains(l, "*") && len(l) > 1) {
			return filterOut{}, false
		}
	}
	return filterOut{
		filters: []gatewayv1.HTTPRouteFilter{{Type: gatewayv1.HTTPRouteFilterCORS, CORS: f}},
		carried: carried{FormExtended, "CORS filter"},
	}, true
}

func hasDuplicate(l []string) bool {
	seen := map[string]bool{}
	for _, x := range l {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}

// validPath applies the HTTPRoute CRD's rules for Exact and PathPrefix
// values (and path modifiers): starts with /, no //, /./, /../, %2f, #,
// not ending in /. or /.., only RFC 3986 path characters.
func validPath(p string) bool {
	if !strings.HasPrefix(p, "/") || len(p) > 1024 {
		return false
	}
	for _, bad := range []string{"//", "/./", "/../", "%2f", "%2F", "#"} {
		if strings.Contains(p, bad) {
			return false
		}
	}
	if strings.HasSuffix(p, "/..") || strings.HasSuffix(p, "/.") {
		return false
	}
	return pathCharsRE.MatchString(p)
}

var pathCharsRE = regexp.MustCompile(`^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$`)
