package translator

import (
	"net/url"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// signinRedirect is auth-signin: when the auth service answers 401, the
// client is sent (302) to the sign-in URL with its own URL in the redirect
// parameter (rd), as ingress-nginx's error_page does: scheme://Host followed
// by the request URI, URL-encoded; a sign-in URL that already has the
// parameter is used as it is. APISIX has no URL-encoding variable, so this is
// a serverless-post-function in the header_filter phase. It acts only on
// 401s no upstream answered (forward-auth's): the application's own 401
// passes unchanged, as ingress-nginx's error_page leaves proxied answers.
func signinRedirect(a annotations.ExternalAuth) map[string]any {
	param := a.SigninRedirectParam
	if param == "" {
		param = "rd"
	}
	loc := a.SigninURL
	if !hasQueryParam(loc, param) {
		sep := "?"
		if strings.Contains(loc, "?") {
			sep = "&"
		}
		loc += sep + param + "=$scheme://$http_host$escaped_request_uri"
	}
	fn := `return function(conf, ctx)
  if ngx.status ~= 401 or ngx.var.upstream_status then
    return
  end
  local function v(name)
    return ctx.var[name] or ""
  end
  ngx.status = 302
  ngx.header["Location"] = ` + luaTemplate(loc) + `
end`
	return map[string]any{"phase": "header_filter", "functions": []string{fn}}
}

// hasQueryParam reports whether the URL template u has query parameter p.
func hasQueryParam(u, p string) bool {
	_, q, ok := strings.Cut(u, "?")
	if !ok {
		return false
	}
	vals, err := url.ParseQuery(q)
	return err == nil && vals.Has(p)
}

// luaTemplate turns a sign-in URL with request variables (the few
// checkSigninURL admits) into a Lua expression: literal text quoted, $name
// read from ctx.var, $escaped_request_uri the request URI URL-encoded.
func luaTemplate(s string) string {
	vars := []struct{ name, expr string }{
		{"$escaped_request_uri", `ngx.escape_uri(v("request_uri"))`},
		{"$request_uri", `v("request_uri")`},
		{"$http_host", `v("http_host")`},
		{"$scheme", `v("scheme")`},
		{"$host", `v("host")`},
	}
	var parts []string
	lit := ""
	for len(s) > 0 {
		matched := false
		for _, x := range vars {
			if strings.HasPrefix(s, x.name) {
				if lit != "" {
					parts = append(parts, apisix.LuaQuote(lit))
					lit = ""
				}
				parts = append(parts, x.expr)
				s = s[len(x.name):]
				matched = true
				break
			}
		}
		if !matched {
			lit += s[:1]
			s = s[1:]
		}
	}
	if lit != "" {
		parts = append(parts, apisix.LuaQuote(lit))
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " .. ")
}
