package annotations

func authCases() []keyCase {
	return []keyCase{
		kc(n("auth-type"), "basic", func(c *Config) { c.BasicAuth.Type = "basic" }),
		kc(n("auth-secret"), "htpasswd", func(c *Config) { c.BasicAuth.Secret = &ObjectRef{Name: "htpasswd"} }),
		kc(n("auth-secret-type"), "auth-map", func(c *Config) { c.BasicAuth.SecretType = "auth-map" }),
		kc(n("auth-realm"), "Authentication Required", func(c *Config) { c.BasicAuth.Realm = "Authentication Required" }),
		kc(n("auth-url"), "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth", func(c *Config) {
			c.ExternalAuth.URL = "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth"
			c.ExternalAuth.RequestHeaders = DefaultAuthRequestHeaders
		}),
		kc(n("auth-method"), "POST", func(c *Config) { c.ExternalAuth.Method = "POST" }),
		kc(n("auth-signin"), "https://auth.example.com/oauth2/start?rd=$escaped_request_uri", func(c *Config) {
			c.ExternalAuth.SigninURL = "https://auth.example.com/oauth2/start?rd=$escaped_request_uri"
		}),
		kc(n("auth-signin-redirect-param"), "redirect", func(c *Config) { c.ExternalAuth.SigninRedirectParam = "redirect" }),
		kc(n("auth-response-headers"), "X-Auth-Request-User, X-Auth-Request-Email", func(c *Config) {
			c.ExternalAuth.UpstreamHeaders = []string{"X-Auth-Request-User", "X-Auth-Request-Email"}
		}),
		kc(n("auth-proxy-set-headers"), "auth/headers", func(c *Config) { c.ExternalAuth.ProxySetHeaders = &ObjectRef{Namespace: "auth", Name: "headers"} }),
		kc(n("auth-request-redirect"), "https://example.com/", func(c *Config) { c.ExternalAuth.RequestRedirect = "https://example.com/" }),
		kc(n("auth-cache-key"), "$remote_user$http_authorization", nil),
		kc(n("auth-cache-duration"), "200 202 10m", nil),
		kc(n("auth-always-set-cookie"), "true", func(c *Config) { c.ExternalAuth.AlwaysSetCookie = true }),
		kc(n("auth-keepalive"), "10", func(c *Config) { c.ExternalAuth.Keepalive = ptr(10) }),
		kc(n("auth-keepalive-share-vars"), "true", nil),
		kc(n("auth-keepalive-requests"), "100", nil),
		kc(n("auth-keepalive-timeout"), "30", func(c *Config) { c.ExternalAuth.KeepaliveTimeout = ptr(30) }),
		kc(n("auth-snippet"), "proxy_set_header Foo bar;", nil),
		kc(n("enable-global-auth"), "false", nil),
		kc(n("auth-tls-secret"), "default/ca", func(c *Config) { c.ClientCert.CASecret = &ObjectRef{Namespace: "default", Name: "ca"} }),
		kc(n("auth-tls-verify-client"), "on", func(c *Config) { c.ClientCert.VerifyClient = "on" }),
		kc(n("auth-tls-verify-depth"), "2", func(c *Config) { c.ClientCert.VerifyDepth = ptr(2) }),
		kc(n("auth-tls-error-page"), "https://example.com/error", nil),
		kc(n("auth-tls-pass-certificate-to-upstream"), "true", func(c *Config) { c.ClientCert.PassCertificateToUpstream = true }),
		kc(n("auth-tls-match-cn"), "CN=(alice|bob)", func(c *Config) { c.ClientCert.MatchCN = "CN=(alice|bob)" }),
	}
}

func canaryCases() []keyCase {
	on := []string{n("canary"), "true"}
	hdr := []string{n("canary"), "true", n("canary-by-header"), "X-Canary"}
	aff := []string{n("affinity"), "cookie"}
	return []keyCase{
		kc(n("canary"), "true", canaryOn),
		kc(n("canary-by-header"), "X-Canary", both(canaryOn, func(c *Config) { c.Canary.Header = "X-Canary" }), on...),
		kc(n("canary-by-header-value"), "yes", both(canaryOn, func(c *Config) { c.Canary.Header, c.Canary.HeaderValue = "X-Canary", "yes" }), hdr...),
		kc(n("canary-by-header-pattern"), "^(a|b)$", both(canaryOn, func(c *Config) { c.Canary.Header, c.Canary.HeaderPattern = "X-Canary", "^(a|b)$" }), hdr...),
		kc(n("canary-by-cookie"), "canary", both(canaryOn, func(c *Config) { c.Canary.Cookie = "canary" }), on...),
		kc(n("canary-weight"), "20", both(canaryOn, func(c *Config) { c.Canary.Weight = 20 }), on...),
		kc(n("canary-weight-total"), "1000", both(canaryOn, func(c *Config) { c.Canary.WeightTotal = 1000 }), on...),
		kc(n("affinity"), "cookie", affinityOn),
		kc(n("affinity-mode"), "persistent", both(affinityOn, func(c *Config) { c.Affinity.Mode = "persistent" }), aff...),
		kc(n("affinity-canary-behavior"), "legacy", nil),
		kc(n("session-cookie-name"), "route", both(affinityOn, func(c *Config) { c.Affinity.CookieName = "route" }), aff...),
		kc(n("session-cookie-path"), "/app", both(affinityOn, func(c *Config) { c.Affinity.CookiePath = "/app" }), aff...),
		kc(n("session-cookie-domain"), "example.com", both(affinityOn, func(c *Config) { c.Affinity.CookieDomain = "example.com" }), aff...),
		kc(n("session-cookie-expires"), "3600", both(affinityOn, func(c *Config) { c.Affinity.CookieExpires = ptr(3600) }), aff...),
		kc(n("session-cookie-max-age"), "3600", both(affinityOn, func(c *Config) { c.Affinity.CookieMaxAge = ptr(3600) }), aff...),
		kc(n("session-cookie-secure"), "true", both(affinityOn, func(c *Config) { c.Affinity.CookieSecure = ptr(true) }), aff...),
		kc(n("session-cookie-samesite"), "lax", both(affinityOn, func(c *Config) { c.Affinity.CookieSameSite = "Lax" }), aff...),
		kc(n("session-cookie-conditional-samesite-none"), "true", nil),
		kc(n("session-cookie-change-on-failure"), "true", nil),
	}
}

func headerCases() []keyCase {
	return []keyCase{
		kc(n("x-forwarded-prefix"), "/api", func(c *Config) { c.Headers.XForwardedPrefix = "/api" }),
		kc(n("connection-proxy-header"), "keep-alive", func(c *Config) { c.Headers.Connection = "keep-alive" }),
		kc(n("custom-headers"), "custom-headers", func(c *Config) { c.Headers.CustomHeaders = &ObjectRef{Name: "custom-headers"} }),
		kc(n("proxy-cookie-domain"), "localhost example.org", nil),
		kc(n("proxy-cookie-path"), "/", nil),
		kc(n("proxy-redirect-from"), "http://internal/", nil),
		kc(n("proxy-redirect-to"), "https://example.com/", nil),
		kc(n("mirror-target"), "https://mirror.example.com$request_uri", func(c *Config) { c.Mirror.Host = "https://mirror.example.com" }),
		kc(n("mirror-host"), "mirror.example.com", nil),
		kc(n("mirror-request-body"), "off", nil),
	}
}

func miscCases() []keyCase {
	cs := []keyCase{
		kc(n("configuration-snippet"), "more_set_headers \"A: b\";", nil),
		kc(n("server-snippet"), "location /x {}", nil),
		kc(n("stream-snippet"), "server {}", nil),
		kc(n("modsecurity-snippet"), "SecRuleEngine On", nil),
		kc(n("enable-modsecurity"), "true", nil),
		kc(n("enable-owasp-core-rules"), "true", nil),
		kc(n("modsecurity-transaction-id"), "$request_id", nil),
		kc(n("enable-access-log"), "false", nil),
		kc(n("enable-rewrite-log"), "true", nil),
		kc(n("enable-opentelemetry"), "true", func(c *Config) { c.Telemetry.Enabled = ptr(true) }),
		kc(n("opentelemetry-trust-incoming-span"), "false", func(c *Config) { c.Telemetry.TrustIncomingSpan = ptr(false) }),
		kc(n("opentelemetry-operation-name"), "my-span", nil),
		kc(n("http2-push-preload"), "true", nil),
	}
	for _, e := range legacyEntries() {
		cs = append(cs, kc(e.Key, "true", nil))
	}
	return cs
}
