package annotations

func canaryEntries() []Entry {
	const g = "Canary"
	return []Entry{
		nginx("canary", boolSpec(func(c *Config, b bool) { c.Canary.Enabled = b }), Entry{
			Group: g, Default: "false",
			Description: "Marks the Ingress as the canary of the Ingress with the same host and path.",
			APISIX:      "traffic-split on the primary route",
		}),
		nginx("canary-by-header", stringSpec(TypeHeader, checkHeaderName, func(c *Config, v string) { c.Canary.Header = v }), Entry{
			Group: g, Description: "Header routing to the canary: \"always\" to the canary, \"never\" to the primary.",
			APISIX: "traffic-split rules match vars [\"http_<header>\", \"==\", ...]",
		}),
		nginx("canary-by-header-value", stringSpec(TypeString, checkBasic, func(c *Config, v string) { c.Canary.HeaderValue = v }), Entry{
			Group: g, Description: "Header value that routes to the canary (replaces always/never).",
			APISIX: "traffic-split match vars [\"http_<header>\", \"==\", value]",
		}),
		nginx("canary-by-header-pattern", stringSpec(TypeRegex, checkRegex, func(c *Config, v string) { c.Canary.HeaderPattern = v }), Entry{
			Group: g, Description: "Regex on the header value that routes to the canary (ignored when -value is set).",
			APISIX: "traffic-split match vars [\"http_<header>\", \"~~\", pattern]",
		}),
		nginx("canary-by-cookie", stringSpec(TypeString, checkIdent, func(c *Config, v string) { c.Canary.Cookie = v }), Entry{
			Group: g, Description: "Cookie routing to the canary: \"always\" to the canary, \"never\" to the primary.",
			APISIX: "traffic-split match vars [\"cookie_<name>\", \"==\", ...]",
		}),
		nginx("canary-weight", intSpec(0, maxInt32, func(c *Config, n int) { c.Canary.Weight = n }), Entry{
			Group: g, Default: "0", Description: "Share of the remaining requests sent to the canary, out of canary-weight-total.",
			APISIX: "traffic-split weighted_upstreams weights",
		}),
		nginx("canary-weight-total", intSpec(1, maxInt32, func(c *Config, n int) { c.Canary.WeightTotal = n }), Entry{
			Group: g, Default: "100", Description: "Denominator of canary-weight; values below 100 count as 100.",
			APISIX: "traffic-split weighted_upstreams weights",
		}),
	}
}

func affinityEntries() []Entry {
	const g = "Session affinity and load balancing"
	return []Entry{
		nginx("affinity", enumSpec(false, []string{"cookie"}, func(c *Config, _ string) { c.Affinity.Enabled = true }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "Sticky sessions by cookie for every backend of the Ingress.",
			APISIX:      "upstream type chash, hash_on cookie",
			Note:        "the issued cookie holds the client address, so new sessions are spread by client IP, not at random",
		}),
		nginx("affinity-mode", enumSpec(false, []string{"balanced", "persistent"}, func(c *Config, v string) { c.Affinity.Mode = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "balanced",
			Description: "balanced rehashes some sessions when endpoints scale; persistent never does.",
			APISIX:      "upstream type chash",
			Note:        "\"persistent\" behaves like \"balanced\": chash moves some sessions when endpoints change",
		}),
		nginx("affinity-canary-behavior", ignoreSpec(enumSpec(false, []string{"sticky", "legacy"}, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "sticky",
			Description: "Whether sessions pinned to the canary stay there.", APISIX: "none",
			Note: "ignored: traffic-split decides per request; the affinity cookie does not pin users to the canary",
		}),
		nginx("session-cookie-name", stringSpec(TypeString, checkIdent, func(c *Config, v string) { c.Affinity.CookieName = v }), Entry{
			Group: g, Default: DefaultSessionCookieName, Description: "Name of the affinity cookie.",
			APISIX: "upstream chash key",
		}),
		nginx("session-cookie-path", stringSpec(TypePath, checkPath, func(c *Config, v string) { c.Affinity.CookiePath = v }), Entry{
			Group: g, Default: "the Ingress path",
			Description: "Path attribute of the affinity cookie.", APISIX: "Set-Cookie of the issued cookie",
		}),
		nginx("session-cookie-domain", stringSpec(TypeString, checkBasic, func(c *Config, v string) { c.Affinity.CookieDomain = v }), Entry{
			Group:       g,
			Description: "Domain attribute of the affinity cookie.", APISIX: "Set-Cookie of the issued cookie",
		}),
		nginx("session-cookie-expires", secondsSpec(0, func(c *Config, n int) { c.Affinity.CookieExpires = &n }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "session cookie",
			Description: "Expires attribute of the affinity cookie, in seconds from now.", APISIX: "Set-Cookie of the issued cookie",
			Note: "sent as Max-Age (the same lifetime) instead of an Expires date",
		}),
		nginx("session-cookie-max-age", secondsSpec(0, func(c *Config, n int) { c.Affinity.CookieMaxAge = &n }), Entry{
			Group: g, Default: "session cookie",
			Description: "Max-Age attribute of the affinity cookie, in seconds.", APISIX: "Set-Cookie of the issued cookie",
		}),
		nginx("session-cookie-secure", boolSpec(func(c *Config, b bool) { c.Affinity.CookieSecure = &b }), Entry{
			Group: g, Default: "true on HTTPS requests",
			Description: "Secure attribute of the affinity cookie.",
			APISIX:      "Set-Cookie of the issued cookie; when unset, Secure on TLS hosts that redirect HTTP to HTTPS (never with ssl-redirect \"false\")",
		}),
		nginx("session-cookie-samesite", enumSpec(true, []string{"None", "Lax", "Strict"}, func(c *Config, v string) { c.Affinity.CookieSameSite = v }), Entry{
			Group:       g,
			Description: "SameSite attribute of the affinity cookie.", APISIX: "Set-Cookie of the issued cookie",
		}),
		nginx("session-cookie-conditional-samesite-none", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Omits SameSite=None for user agents that mishandle it.", APISIX: "none",
			Note: "ignored: APISIX cannot drop SameSite=None per user agent",
		}),
		nginx("session-cookie-change-on-failure", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Picks a new endpoint and cookie after a failed attempt.", APISIX: "none",
			Note: "ignored: chash moves a session only when its endpoint is gone, not after a failed attempt",
		}),
	}
}
