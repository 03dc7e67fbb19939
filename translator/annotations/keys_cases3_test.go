package annotations

import "strings"

func apisixCases() []keyCase {
	csrf := []string{a("enable-csrf"), "true"}
	return []keyCase{
		kc(a("use-regex"), "true", func(c *Config) { c.Rewrite.UseRegex = ptr(true) }),
		kc(a("rewrite-target"), "/new", func(c *Config) { c.Rewrite.Target = "/new" }),
		kc(a("rewrite-target-regex"), "^/api/(.*)", func(c *Config) { c.Rewrite.Regex, c.Rewrite.Template = "^/api/(.*)", "/backend/$1" },
			a("rewrite-target-regex-template"), "/backend/$1"),
		kc(a("rewrite-target-regex-template"), "/b/$1", func(c *Config) { c.Rewrite.Regex, c.Rewrite.Template = "^/a/(.*)", "/b/$1" },
			a("rewrite-target-regex"), "^/a/(.*)"),
		kc(a("enable-websocket"), "true", func(c *Config) { c.Route.WebSocket = ptr(true) }),
		kc(a("plugin-config-name"), "rate-limit", func(c *Config) { c.Route.PluginConfigName = "rate-limit" }),
		kc(a("svc-namespace"), "backend", func(c *Config) { c.Upstream.ServiceNamespace = "backend" }),
		kc(a("upstream-scheme"), "HTTPS", func(c *Config) { c.Upstream.Scheme = "https" }),
		kc(a("upstream-retries"), "0", func(c *Config) { c.Retry.Retries = ptr(0) }),
		kc(a("upstream-connect-timeout"), "5s", func(c *Config) { c.Timeouts.Connect = ptr(5) }),
		kc(a("upstream-send-timeout"), "2m", func(c *Config) { c.Timeouts.Send = ptr(120) }),
		kc(a("upstream-read-timeout"), "1h", func(c *Config) { c.Timeouts.Read = ptr(3600) }),
		kc(a("http-to-https"), "true", func(c *Config) { c.Redirect.ForceSSLRedirect = true }),
		kc(a("http-redirect"), "/moved", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "/moved", 301 }),
		kc(a("http-redirect-code"), "301", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "https://example.com/", 301 },
			a("http-redirect"), "https://example.com/"),
		kc(a("enable-cors"), "true", corsOn),
		kc(a("cors-allow-origin"), "https://a.com", both(corsOn, func(c *Config) { c.CORS.AllowOrigins, c.CORS.AllowCredentials = []string{"https://a.com"}, true }),
			a("enable-cors"), "true"),
		kc(a("cors-allow-methods"), "GET,POST", both(corsOn, func(c *Config) { c.CORS.AllowMethods = []string{"GET", "POST"} }), a("enable-cors"), "true"),
		kc(a("cors-allow-headers"), "Content-Type", both(corsOn, func(c *Config) { c.CORS.AllowHeaders = []string{"Content-Type"} }), a("enable-cors"), "true"),
		kc(a("allowlist-source-range"), "10.0.0.0/24", func(c *Config) { c.Access.Allow = []string{"10.0.0.0/24"} }),
		kc(a("blocklist-source-range"), "10.0.0.0/24", func(c *Config) { c.Access.Deny = []string{"10.0.0.0/24"} }),
		kc(a("http-allow-methods"), "get,POST", func(c *Config) { c.Access.AllowMethods = []string{"GET", "POST"} }),
		kc(a("http-block-methods"), "DELETE", func(c *Config) { c.Access.BlockMethods = []string{"DELETE"} }),
		kc(a("auth-type"), "basicauth", func(c *Config) { c.Auth.Type = "basicAuth" }),
		kc(a("auth-uri"), "https://auth.example.com/verify", func(c *Config) {
			c.ExternalAuth.URL, c.ExternalAuth.RequestHeaders = "https://auth.example.com/verify", DefaultAuthRequestHeaders
		}),
		kc(a("auth-ssl-verify"), "false", func(c *Config) { c.ExternalAuth.SSLVerify = ptr(false) }),
		kc(a("auth-request-headers"), "Authorization", func(c *Config) { c.ExternalAuth.RequestHeaders = []string{"Authorization"} }),
		kc(a("auth-upstream-headers"), "X-User-ID,X-User-Role", func(c *Config) { c.ExternalAuth.UpstreamHeaders = []string{"X-User-ID", "X-User-Role"} }),
		kc(a("auth-client-headers"), "X-Auth-Status", func(c *Config) { c.ExternalAuth.ClientHeaders = []string{"X-Auth-Status"} }),
		kc(a("enable-csrf"), "true", func(c *Config) { c.CSRF = CSRF{Enabled: true, Key: "s3cr3t"} }, a("csrf-key"), "s3cr3t"),
		kc(a("csrf-key"), "s3cr3t", func(c *Config) { c.CSRF = CSRF{Enabled: true, Key: "s3cr3t"} }, csrf...),
		kc(a("enable-response-rewrite"), "true", func(c *Config) { c.ResponseRewrite.Enabled = true }),
		kc(a("response-rewrite-status-code"), "403", func(c *Config) { c.ResponseRewrite.StatusCode = 403 }),
		kc(a("response-rewrite-body"), "Access denied", func(c *Config) { c.ResponseRewrite.Body = "Access denied" }),
		kc(a("response-rewrite-body-base64"), "true", func(c *Config) { c.ResponseRewrite.BodyBase64 = true }),
		kc(a("response-rewrite-add-header"), "X-Reason:Forbidden, X-Env: Test", func(c *Config) {
			c.ResponseRewrite.AddHeaders = []Header{{"X-Reason", "Forbidden"}, {"X-Env", "Test"}}
		}),
		kc(a("response-rewrite-set-header"), "X-Env:Prod", func(c *Config) { c.ResponseRewrite.SetHeaders = []Header{{"X-Env", "Prod"}} }),
		kc(a("response-rewrite-remove-header"), "Server,X-Powered-By", func(c *Config) {
			c.ResponseRewrite.RemoveHeaders = strings.Split("Server,X-Powered-By", ",")
		}),
	}
}
