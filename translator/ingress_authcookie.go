package translator

import (
	"strings"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// ingress-nginx adds the auth service's Set-Cookie to the client's response
// (auth_request_set $auth_cookie + add_header Set-Cookie $auth_cookie): by
// default only on the statuses nginx's add_header applies to, on every
// status with auth-always-set-cookie. forward-auth returns the auth answer's
// headers to the client only when access is denied (client_headers), so on
// success it is told to pass Set-Cookie as a request header
// (upstream_headers); a serverless-pre-function running right after
// forward-auth moves it into the request context (the backend does not
// receive it), and a serverless-post-function adds it to the response.

// authCookieHeader is the auth answer's header that carries its cookies.
const authCookieHeader = "Set-Cookie"

// afterForwardAuth is a priority just below forward-auth's (2002), in the
// access phase.
const afterForwardAuth = 2001

// authUpstreamHeaders are forward-auth's upstream_headers: the
// auth-response-headers and Set-Cookie.
func authUpstreamHeaders(a annotations.ExternalAuth) []string {
	if listsHeader(a.UpstreamHeaders, authCookieHeader) {
		return a.UpstreamHeaders
	}
	return append(append([]string(nil), a.UpstreamHeaders...), authCookieHeader)
}

func listsHeader(list []string, h string) bool {
	for _, x := range list {
		if strings.EqualFold(x, h) {
			return true
		}
	}
	return false
}

// authCookieStash is the serverless-pre-function that keeps the auth
// answer's cookies for the response; it removes them from the upstream
// request unless auth-response-headers names Set-Cookie.
func authCookieStash(a annotations.ExternalAuth) map[string]any {
	clear := "\n    ngx.req.clear_header(\"Set-Cookie\")"
	if listsHeader(a.UpstreamHeaders, authCookieHeader) {
		clear = ""
	}
	fn := `return function(conf, ctx)
  local c = ngx.req.get_headers()["Set-Cookie"]
  if c then
    ctx.auth_set_cookie = c` + clear + `
  end
end`
	return map[string]any{"phase": "access", "functions": []string{fn}}
}

// authCookieAdd is the header_filter function that adds the auth answer's
// cookies to the response: on nginx's add_header statuses, or on every
// status with auth-always-set-cookie. Without it, a denial other than the
// auth-signin redirect loses the cookie forward-auth passed (clientHeaders).
func authCookieAdd(a annotations.ExternalAuth) string {
	statusCheck := `
  local s = ngx.status
  if s ~= 200 and s ~= 201 and s ~= 204 and s ~= 206 and s ~= 301 and s ~= 302
    and s ~= 303 and s ~= 304 and s ~= 307 and s ~= 308 then
    return
  end`
	deniedCheck := ""
	if a.AlwaysSetCookie {
		statusCheck = ""
	} else if a.SigninURL != "" {
		deniedCheck = `
  if not ngx.var.upstream_status then
    if ngx.status ~= 302 then
      ngx.header["Set-Cookie"] = nil
    end
    return
  end`
	}
	return `return function(conf, ctx)` + deniedCheck + `
  local c = ctx.auth_set_cookie
  if not c then
    return
  end` + statusCheck + `
  local out = {}
  local function add(v)
    if type(v) == "table" then
      for _, x in ipairs(v) do
        out[#out + 1] = x
      end
    elseif v then
      out[#out + 1] = v
    end
  end
  add(ngx.header["Set-Cookie"])
  add(c)
  ngx.header["Set-Cookie"] = out
end`
}

// authResponse is the serverless-post-function of an Ingress with auth-url:
// the auth-signin redirect (when set) and the auth cookies, in the
// header_filter phase.
func authResponse(a annotations.ExternalAuth) map[string]any {
	var fns []string
	if a.SigninURL != "" {
		fns = append(fns, signinRedirect(a)["functions"].([]string)...)
	}
	fns = append(fns, authCookieAdd(a))
	return map[string]any{"phase": "header_filter", "functions": fns}
}
