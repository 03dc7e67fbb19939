package translator

import (
	"strings"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// TestSigninRedirectLocation pins the Location expression of auth-signin:
// rd is scheme://Host plus the URL-encoded request URI, appended with "&"
// to a sign-in URL with a query, and not appended when the URL has it.
func TestSigninRedirectLocation(t *testing.T) {
	for _, c := range []struct {
		signin, param, want string
	}{
		{"https://login.example/start", "", `"https://login.example/start?rd=" .. v("scheme") .. "://" .. v("http_host") .. ngx.escape_uri(v("request_uri"))`},
		{"https://login.example/start?client=web", "return_to", `"https://login.example/start?client=web&return_to=" .. v("scheme") .. "://" .. v("http_host") .. ngx.escape_uri(v("request_uri"))`},
		{"https://$host/start?rd=$escaped_request_uri", "", `"https://" .. v("host") .. "/start?rd=" .. ngx.escape_uri(v("request_uri"))`},
	} {
		fn := signinRedirect(annotations.ExternalAuth{SigninURL: c.signin, SigninRedirectParam: c.param})["functions"].([]string)[0]
		if !strings.Contains(fn, `ngx.header["Location"] = `+c.want+"\n") {
			t.Errorf("auth-signin %q (param %q): function\n%s\nwant Location = %s", c.signin, c.param, fn, c.want)
		}
		if !strings.Contains(fn, "if ngx.status ~= 401 or ngx.var.upstream_status then") {
			t.Errorf("auth-signin %q: the redirect must apply only to forward-auth's 401:\n%s", c.signin, fn)
		}
	}
}
