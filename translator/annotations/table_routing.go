package annotations

import "strings"

func same(v string) (string, bool) { return v, true }

func routingEntries() []Entry {
	const g = "Routing and rewrite"
	return []Entry{
		nginx("rewrite-target", stringSpec(TypePath, checkRewriteTarget, func(c *Config, v string) { c.Rewrite.Target = v }), Entry{
			Group: g, Default: "", Stance: TranslateWithWarning, Canonical: APISIXPrefix + "rewrite-target",
			toCanonical: func(v string) (string, bool) { return v, !strings.Contains(v, "$") && strings.HasPrefix(v, "/") },
			Description: "Replaces the whole request URI sent upstream; may use the path's capture groups $1..$9.",
			APISIX:      "proxy-rewrite.regex_uri (anchored, case-insensitive) or proxy-rewrite.uri",
			Note:        "paths become case-insensitive prefix regexes; ingress-nginx also did this to other Ingresses of the host",
		}),
		nginx("use-regex", boolSpec(func(c *Config, b bool) { c.Rewrite.UseRegex = &b }), Entry{
			Group: g, Default: "false", Stance: TranslateWithWarning, Canonical: APISIXPrefix + "use-regex", toCanonical: same,
			Description: "Treats the Ingress paths as regular expressions.",
			APISIX:      "route vars [\"uri\", \"~*\", \"^<path>\"]",
			Note:        "paths become case-insensitive prefix regexes; ingress-nginx also did this to other Ingresses of the host",
		}),
		nginx("app-root", stringSpec(TypePath, checkPath, func(c *Config, v string) { c.Redirect.AppRoot = v }), Entry{
			Group: g, Description: "Redirects requests for exactly / to this path with 302.",
			APISIX: "extra route uri \"/\" with redirect {uri, ret_code: 302}",
		}),
		nginx("server-alias", listSpec(TypeHostList, ",", checkServerName, func(c *Config, v []string) { c.Route.ServerAliases = v }), Entry{
			Group: g, Description: "Adds host names to the Ingress's hosts; a name that is already a rule host keeps its own rules.",
			APISIX: "route hosts",
		}),
		nginx("default-backend", stringSpec(TypeString, checkServiceName, func(c *Config, v string) { c.Route.DefaultBackend = v }), Entry{
			Group: g, Default: "the controller's default backend",
			Description: "Service (same namespace) answering for the Ingress while its own Service has no ready endpoints.",
			APISIX:      "upstream nodes: the endpoints of this Service's first port while the Ingress's Service has none",
		}),
		nginx("custom-http-errors", ignoreSpec(listSpec(TypeList, ",", checkErrorCode, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning,
			Description: "Upstream responses with these status codes are replaced by the default backend's.",
			APISIX:      "none (error-page covers only APISIX's own errors)",
			Note:        "ignored: APISIX passes upstream error responses through; use response-rewrite in an ApisixRoute",
		}),
		nginx("disable-proxy-intercept-errors", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Stops intercepting upstream errors even if custom-http-errors is set globally.",
			APISIX:      "none (APISIX never intercepts upstream errors)",
			Note:        "ignored: APISIX never intercepts upstream error responses",
		}),
	}
}

func redirectEntries() []Entry {
	const g = "Redirects and frontend TLS"
	code := intSpec(300, 308, nil)
	return []Entry{
		nginx("ssl-redirect", boolSpec(func(c *Config, b bool) { c.Redirect.SSLRedirect = &b }), Entry{
			Group: g, Default: "true (only when the Ingress has TLS)",
			Description: "Redirects HTTP to HTTPS with 308 when the host has a TLS certificate.",
			APISIX:      "redirect {uri: https://$host$request_uri, ret_code: 308} filtered on scheme http",
		}),
		nginx("force-ssl-redirect", boolSpec(func(c *Config, b bool) { c.Redirect.ForceSSLRedirect = b }), Entry{
			Group: g, Default: "false", Canonical: APISIXPrefix + "http-to-https", toCanonical: same,
			Description: "Redirects HTTP to HTTPS with 308 even without TLS on the Ingress (TLS offloaded in front).",
			APISIX:      "redirect (ret_code 308, honours X-Forwarded-Proto)",
		}),
		nginx("preserve-trailing-slash", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Keeps the trailing slash in the HTTPS redirect target.",
			APISIX:      "none (redirects keep $request_uri)",
			Note:        "ignored: APISIX HTTPS redirects keep the request URI, trailing slash included",
		}),
		nginx("from-to-www-redirect", boolSpec(func(c *Config, b bool) { c.Redirect.FromToWWW = b }), Entry{
			Group: g, Default: "false",
			Description: "Redirects www.<host> to <host> (or the reverse) with 308.",
			APISIX:      "extra route for the other host with redirect {ret_code: 308}",
		}),
		nginx("permanent-redirect", stringSpec(TypeURL, checkRedirectURL, nil), Entry{
			Group: g, Description: "Answers every request with a redirect to this URL (301 unless permanent-redirect-code).",
			APISIX: "redirect {uri, ret_code}",
		}),
		nginx("permanent-redirect-code", code, Entry{
			Group: g, Default: "301", Description: "Status code of permanent-redirect.", APISIX: "redirect.ret_code",
		}),
		nginx("temporal-redirect", stringSpec(TypeURL, checkRedirectURL, nil), Entry{
			Group: g, Description: "Answers every request with a 302 redirect to this URL; wins over permanent-redirect.",
			APISIX: "redirect {uri, ret_code}",
		}),
		nginx("temporal-redirect-code", code, Entry{
			Group: g, Default: "302", Description: "Status code of temporal-redirect.", APISIX: "redirect.ret_code",
		}),
		nginx("relative-redirects", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Sends relative Location headers (nginx absolute_redirect off).",
			APISIX:      "none",
			Note:        "ignored: APISIX has no absolute_redirect switch; redirects are sent as configured",
		}),
		nginx("use-port-in-redirects", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Adds the port to redirects nginx generates (port_in_redirect).",
			APISIX:      "none",
			Note:        "ignored: APISIX has no port_in_redirect switch",
		}),
		nginx("ssl-passthrough", boolSpec(func(c *Config, b bool) { c.Redirect.SSLPassthrough = b }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "false",
			Description: "Passes TLS through to the backend, routed by SNI.",
			APISIX:      "stream route with sni",
			Note:        "becomes an APISIX stream route by SNI (stream proxy must be on); HTTP annotations do not apply",
		}),
		nginx("ssl-ciphers", ignoreSpec(stringSpec(TypeString, checkCipher, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "the controller's ssl-ciphers",
			Description: "TLS ciphers of the host's server block.",
			APISIX:      "none (apisix.ssl.ssl_ciphers is global)",
			Note:        "ignored: APISIX sets TLS ciphers globally (apisix.ssl.ssl_ciphers), not per host",
		}),
		nginx("ssl-prefer-server-ciphers", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "the controller's setting",
			Description: "Prefers server ciphers over client ciphers for the host.",
			APISIX:      "none (global)",
			Note:        "ignored: APISIX sets cipher preference globally, not per host",
		}),
	}
}
