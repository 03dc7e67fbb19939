package translator

import (
	"regexp"
	"slices"
	"strings"

	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// CORS-safelisted methods and request headers: what an empty allowMethods
// or allowHeaders allows (a browser never asks for them).
const (
	corsSafeMethods = "GET,HEAD,POST"
	corsSafeHeaders = "Accept,Accept-Language,Content-Language,Content-Type"
)

// gatewayCORS is APISIX's cors plugin for a CORS filter: its lists joined
// with commas (APISIX's form), max age and credentials as given. "*"
// allows any origin, method or header; with credentials APISIX refuses
// "*", so it becomes "**" (the request's origin and headers echoed; the
// method see corsEchoesMethod). An origin with a wildcard label
// (https://*.example.com, any number of labels) makes every origin a
// regular expression (allow_origins_by_regex, which APISIX then uses
// alone). Empty lists allow only the CORS-safelisted methods and headers.
func gatewayCORS(c *gwv1.HTTPCORSFilter) *apisix.CORS {
	creds := c.AllowCredentials != nil && *c.AllowCredentials
	all := "*"
	if creds {
		all = "**"
	}
	list := func(vals []string, empty string) string {
		if len(vals) == 0 {
			return empty
		}
		if slices.Contains(vals, "*") {
			return all
		}
		return strings.Join(vals, ",")
	}
	origins := make([]string, len(c.AllowOrigins))
	wildLabel := false
	for i, o := range c.AllowOrigins {
		origins[i] = string(o)
		wildLabel = wildLabel || (o != "*" && strings.Contains(string(o), "*"))
	}
	methods := make([]string, len(c.AllowMethods))
	for i, m := range c.AllowMethods {
		methods[i] = string(m)
	}
	headers := make([]string, len(c.AllowHeaders))
	for i, h := range c.AllowHeaders {
		headers[i] = string(h)
	}
	expose := make([]string, 0, len(c.ExposeHeaders))
	for _, h := range c.ExposeHeaders {
		if h != "*" || !creds { // "*" exposes nothing more with credentials
			expose = append(expose, string(h))
		}
	}
	out := &apisix.CORS{
		AllowOrigins:  list(origins, "null"),
		AllowMethods:  list(methods, corsSafeMethods),
		AllowHeaders:  list(headers, corsSafeHeaders),
		ExposeHeaders: strings.Join(expose, ","),
	}
	if wildLabel && out.AllowOrigins != all {
		for _, o := range origins {
			parts := strings.Split(o, "*")
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			out.AllowOriginsByRegex = append(out.AllowOriginsByRegex, "^"+strings.Join(parts, ".+")+"$")
		}
	}
	if c.MaxAge > 0 {
		age := int(c.MaxAge)
		out.MaxAge = &age
	}
	out.AllowCredential = creds
	return out
}

// corsEchoesMethod reports whether a CORS filter allows any method with
// credentials: APISIX's "**" then lists every method, where the spec
// answers the requested one, so corsMethodEcho replaces the list.
func corsEchoesMethod(c *gwv1.HTTPCORSFilter) bool {
	return c.AllowCredentials != nil && *c.AllowCredentials && slices.Contains(c.AllowMethods, "*")
}

// corsMethodEcho is the serverless-post-function (header_filter, after
// cors) that answers a preflight's Access-Control-Request-Method in
// Access-Control-Allow-Methods.
func corsMethodEcho() map[string]any {
	fn := `return function(conf, ctx)
  local m = ngx.req.get_headers()["Access-Control-Request-Method"]
  if type(m) == "string" and ngx.header["Access-Control-Allow-Methods"] then
    ngx.header["Access-Control-Allow-Methods"] = m
  end
end`
	return map[string]any{"phase": "header_filter", "functions": []string{fn}}
}
