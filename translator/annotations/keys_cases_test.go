package annotations

func keyCases() []keyCase {
	var cs []keyCase
	for _, g := range [][]keyCase{routingCases(), upstreamCases(), bodyCases(), accessCases(), authCases(),
		canaryCases(), headerCases(), miscCases(), apisixCases()} {
		cs = append(cs, g...)
	}
	return cs
}

func routingCases() []keyCase {
	return []keyCase{
		kc(n("rewrite-target"), "/$1", func(c *Config) { c.Rewrite.Target = "/$1" }),
		kc(n("use-regex"), "true", func(c *Config) { c.Rewrite.UseRegex = ptr(true) }),
		kc(n("app-root"), "/app", func(c *Config) { c.Redirect.AppRoot = "/app" }),
		kc(n("server-alias"), "Foo.example.com, *.bar.com", func(c *Config) { c.Route.ServerAliases = []string{"foo.example.com", "*.bar.com"} }),
		kc(n("default-backend"), "fallback", func(c *Config) { c.Route.DefaultBackend = "fallback" }),
		kc(n("custom-http-errors"), "404,503", nil),
		kc(n("disable-proxy-intercept-errors"), "true", nil),
		kc(n("ssl-redirect"), "false", func(c *Config) { c.Redirect.SSLRedirect = ptr(false) }),
		kc(n("force-ssl-redirect"), "TRUE", func(c *Config) { c.Redirect.ForceSSLRedirect = true }),
		kc(n("preserve-trailing-slash"), "true", nil),
		kc(n("from-to-www-redirect"), "true", func(c *Config) { c.Redirect.FromToWWW = true }),
		kc(n("permanent-redirect"), "https://example.com/new", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "https://example.com/new", 301 }),
		kc(n("permanent-redirect-code"), "308", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "https://example.com/", 308 },
			n("permanent-redirect"), "https://example.com/"),
		kc(n("temporal-redirect"), "https://example.com/tmp", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "https://example.com/tmp", 302 }),
		kc(n("temporal-redirect-code"), "307", func(c *Config) { c.Redirect.URL, c.Redirect.Code = "https://example.com/", 307 },
			n("temporal-redirect"), "https://example.com/"),
		kc(n("relative-redirects"), "true", nil),
		kc(n("use-port-in-redirects"), "true", nil),
		kc(n("ssl-passthrough"), "true", func(c *Config) { c.Redirect.SSLPassthrough = true }),
		kc(n("ssl-ciphers"), "ECDHE-RSA-AES128-GCM-SHA256:!aNULL", nil),
		kc(n("ssl-prefer-server-ciphers"), "true", nil),
	}
}

func upstreamCases() []keyCase {
	return []keyCase{
		kc(n("backend-protocol"), "grpcs", func(c *Config) { c.Upstream.Scheme = "grpcs" }),
		kc(n("service-upstream"), "true", func(c *Config) { c.Upstream.ServiceUpstream = true }),
		kc(n("upstream-vhost"), "API.example.com", func(c *Config) { c.Upstream.Host = "api.example.com" }),
		kc(n("proxy-http-version"), "1.0", nil),
		kc(n("upstream-hash-by"), "$request_uri", func(c *Config) {
			c.Upstream.HashBy, c.Upstream.LoadBalance = &HashKey{On: "vars", Key: "request_uri"}, "chash"
		}),
		kc(n("upstream-hash-by-subset"), "true", func(c *Config) { c.Upstream.HashBySubset = true }),
		kc(n("upstream-hash-by-subset-size"), "3", nil),
		kc(n("load-balance"), "ewma", func(c *Config) { c.Upstream.LoadBalance = "ewma" }),
		kc(n("proxy-ssl-secret"), "default/client", func(c *Config) { c.Upstream.ClientCertSecret = &ObjectRef{Namespace: "default", Name: "client"} }),
		kc(n("proxy-ssl-verify"), "off", nil),
		kc(n("proxy-ssl-verify-depth"), "2", nil),
		kc(n("proxy-ssl-ciphers"), "DEFAULT", nil),
		kc(n("proxy-ssl-protocols"), "TLSv1.2 TLSv1.3", nil),
		kc(n("proxy-ssl-name"), "backend.internal", func(c *Config) { c.Upstream.SSLName = "backend.internal" }),
		kc(n("proxy-ssl-server-name"), "on", nil),
		kc(n("fastcgi-index"), "index.php", nil),
		kc(n("fastcgi-params-configmap"), "fcgi-params", nil),
		kc(n("proxy-connect-timeout"), "10", func(c *Config) { c.Timeouts.Connect = ptr(10) }),
		kc(n("proxy-send-timeout"), "30", func(c *Config) { c.Timeouts.Send = ptr(30) }),
		kc(n("proxy-read-timeout"), "120", func(c *Config) { c.Timeouts.Read = ptr(120) }),
		kc(n("proxy-next-upstream"), "error  timeout http_502", func(c *Config) { c.Retry.Conditions = []string{"error", "timeout", "http_502"} }),
		kc(n("proxy-next-upstream-timeout"), "5", func(c *Config) { c.Retry.Timeout = ptr(5) }),
		kc(n("proxy-next-upstream-tries"), "3", func(c *Config) { c.Retry.Retries = ptr(2) }),
	}
}

func bodyCases() []keyCase {
	return []keyCase{
		kc(n("proxy-body-size"), "8m", func(c *Config) { c.Body.MaxSize = ptr(int64(8 << 20)) }),
		kc(n("proxy-request-buffering"), "off", func(c *Config) { c.Body.RequestBuffering = ptr(false) }),
		kc(n("proxy-buffering"), "on", func(c *Config) { c.Body.ProxyBuffering = ptr(true) }),
		kc(n("client-body-buffer-size"), "16k", nil),
		kc(n("proxy-buffers-number"), "8", nil),
		kc(n("proxy-buffer-size"), "8k", nil),
		kc(n("proxy-busy-buffers-size"), "16k", nil),
		kc(n("proxy-max-temp-file-size"), "0", nil),
		kc(n("enable-cors"), "true", corsOn),
		kc(n("cors-allow-origin"), "https://a.com, https://*.b.com", both(corsOn, func(c *Config) {
			c.CORS.AllowOrigins, c.CORS.AllowCredentials = []string{"https://a.com", "https://*.b.com"}, true
		}), n("enable-cors"), "true"),
		kc(n("cors-allow-methods"), "get, POST", both(corsOn, func(c *Config) { c.CORS.AllowMethods = []string{"GET", "POST"} }), n("enable-cors"), "true"),
		kc(n("cors-allow-headers"), "X-A,X-B", both(corsOn, func(c *Config) { c.CORS.AllowHeaders = []string{"X-A", "X-B"} }), n("enable-cors"), "true"),
		kc(n("cors-expose-headers"), "X-Total, *", both(corsOn, func(c *Config) { c.CORS.ExposeHeaders = []string{"X-Total", "*"} }), n("enable-cors"), "true"),
		kc(n("cors-allow-credentials"), "true", both(corsOn, func(c *Config) {
			c.CORS.AllowOrigins, c.CORS.AllowCredentials = []string{"https://a.com"}, true
		}), n("enable-cors"), "true", n("cors-allow-origin"), "https://a.com"),
		kc(n("cors-max-age"), "600", both(corsOn, func(c *Config) { c.CORS.MaxAge = 600 }), n("enable-cors"), "true"),
	}
}

func accessCases() []keyCase {
	return []keyCase{
		kc(n("allowlist-source-range"), "10.0.0.1/8, 192.168.1.1", func(c *Config) { c.Access.Allow = []string{"10.0.0.0/8", "192.168.1.1"} }),
		kc(n("whitelist-source-range"), "2001:DB8::/32", func(c *Config) { c.Access.Allow = []string{"2001:db8::/32"} }),
		kc(n("denylist-source-range"), "1.2.3.4", func(c *Config) { c.Access.Deny = []string{"1.2.3.4"} }),
		kc(n("satisfy"), "all", nil),
		kc(n("limit-rps"), "10", func(c *Config) { c.RateLimit.RPS, c.RateLimit.BurstMultiplier = ptr(10), 5 }),
		kc(n("limit-rpm"), "600", func(c *Config) { c.RateLimit.RPM, c.RateLimit.BurstMultiplier = ptr(600), 5 }),
		kc(n("limit-connections"), "20", func(c *Config) { c.RateLimit.Connections = ptr(20) }),
		kc(n("limit-burst-multiplier"), "3", func(c *Config) { c.RateLimit.RPS, c.RateLimit.BurstMultiplier = ptr(10), 3 }, n("limit-rps"), "10"),
		kc(n("limit-allowlist"), "10.0.0.0/8", func(c *Config) { c.RateLimit.Allowlist = []string{"10.0.0.0/8"} }),
		kc(n("limit-whitelist"), "10.0.0.0/8", func(c *Config) { c.RateLimit.Allowlist = []string{"10.0.0.0/8"} }),
		kc(n("limit-rate"), "100", nil),
		kc(n("limit-rate-after"), "1000", nil),
	}
}
