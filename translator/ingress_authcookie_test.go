package translator

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// serverlessConf is a serverless-*-function configuration as emitted.
type serverlessConf struct {
	Phase     string   `json:"phase"`
	Functions []string `json:"functions"`
	Meta      *struct {
		Priority int `json:"priority"`
	} `json:"_meta"`
}

func pluginConf(t *testing.T, cfg *annotations.Config, name string, into any) bool {
	t.Helper()
	ps := basePlugins(cfg)
	raw, ok := ps[name]
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return true
}

// TestAuthCookieReachesClient: an Ingress with auth-url passes the auth
// answer's Set-Cookie to the upstream request (upstream_headers), moves it
// into the request context right after forward-auth (access, priority 2001)
// and adds it to the response on nginx's add_header statuses, or on every
// status with auth-always-set-cookie; auth-response-headers naming Set-Cookie
// keeps it on the upstream request.
func TestAuthCookieReachesClient(t *testing.T) {
	cfg := &annotations.Config{ExternalAuth: annotations.ExternalAuth{URL: "http://auth.example/verify", UpstreamHeaders: []string{"X-User"}}}
	var fa struct {
		UpstreamHeaders []string `json:"upstream_headers"`
		ClientHeaders   []string `json:"client_headers"`
	}
	pluginConf(t, cfg, "forward-auth", &fa)
	if strings.Join(fa.UpstreamHeaders, ",") != "X-User,Set-Cookie" || len(fa.ClientHeaders) != 0 {
		t.Errorf("forward-auth upstream_headers %q client_headers %q, want [X-User Set-Cookie] and none", fa.UpstreamHeaders, fa.ClientHeaders)
	}
	var pre, post serverlessConf
	if !pluginConf(t, cfg, "serverless-pre-function", &pre) || pre.Phase != "access" || pre.Meta == nil || pre.Meta.Priority != 2001 ||
		len(pre.Functions) != 1 || !strings.Contains(pre.Functions[0], `ngx.req.clear_header("Set-Cookie")`) {
		t.Errorf("serverless-pre-function %+v, want phase access, _meta.priority 2001, one function clearing Set-Cookie", pre)
	}
	if !pluginConf(t, cfg, "serverless-post-function", &post) || post.Phase != "header_filter" || len(post.Functions) != 1 ||
		!strings.Contains(post.Functions[0], "s ~= 308 then") {
		t.Errorf("serverless-post-function %+v, want phase header_filter, one function with the add_header status check", post)
	}

	cfg.ExternalAuth.AlwaysSetCookie = true
	pluginConf(t, cfg, "forward-auth", &fa)
	pluginConf(t, cfg, "serverless-post-function", &post)
	if strings.Join(fa.ClientHeaders, ",") != "Set-Cookie" || strings.Contains(post.Functions[0], "ngx.status") {
		t.Errorf("auth-always-set-cookie: client_headers %q, function\n%s\nwant Set-Cookie and no status check", fa.ClientHeaders, post.Functions[0])
	}

	cfg.ExternalAuth.AlwaysSetCookie = false
	cfg.ExternalAuth.SigninURL = "https://login.example/start"
	pluginConf(t, cfg, "forward-auth", &fa)
	pluginConf(t, cfg, "serverless-post-function", &post)
	if strings.Join(fa.ClientHeaders, ",") != "Set-Cookie" || len(post.Functions) != 2 ||
		!strings.Contains(post.Functions[1], "if ngx.status ~= 302 then\n      ngx.header[\"Set-Cookie\"] = nil") {
		t.Errorf("auth-signin: client_headers %q, functions %q, want Set-Cookie, the redirect and a cookie function keeping it only on the redirect", fa.ClientHeaders, post.Functions)
	}

	cfg.ExternalAuth.UpstreamHeaders = []string{"set-cookie"}
	pluginConf(t, cfg, "forward-auth", &fa)
	pluginConf(t, cfg, "serverless-pre-function", &pre)
	if strings.Join(fa.UpstreamHeaders, ",") != "set-cookie" || strings.Contains(pre.Functions[0], "clear_header") {
		t.Errorf("auth-response-headers Set-Cookie: upstream_headers %q, function\n%s\nwant it once and kept on the upstream request", fa.UpstreamHeaders, pre.Functions[0])
	}
}

// TestTrustIncomingSpanFalse: with enable-opentelemetry and
// opentelemetry-trust-incoming-span "false", a serverless-pre-function
// running before opentelemetry (rewrite, priority 12010) drops the client's
// traceparent and tracestate; with "true", or without tracing, none does.
func TestTrustIncomingSpanFalse(t *testing.T) {
	on, off := true, false
	cfg := &annotations.Config{Telemetry: annotations.Telemetry{Enabled: &on, TrustIncomingSpan: &off}}
	var pre serverlessConf
	if !pluginConf(t, cfg, "serverless-pre-function", &pre) || pre.Phase != "rewrite" || pre.Meta == nil || pre.Meta.Priority != 12010 ||
		len(pre.Functions) != 1 || !strings.Contains(pre.Functions[0], `ngx.req.clear_header("traceparent")`) ||
		!strings.Contains(pre.Functions[0], `ngx.req.clear_header("tracestate")`) {
		t.Errorf("trust-incoming-span false: serverless-pre-function %+v, want rewrite, _meta.priority 12010, clearing traceparent and tracestate", pre)
	}
	for _, c := range []annotations.Telemetry{{Enabled: &on, TrustIncomingSpan: &on}, {Enabled: &on}, {Enabled: &off, TrustIncomingSpan: &off}, {TrustIncomingSpan: &off}} {
		if pluginConf(t, &annotations.Config{Telemetry: c}, "serverless-pre-function", &pre) {
			t.Errorf("telemetry %+v: unexpected serverless-pre-function %+v", c, pre)
		}
	}
}
