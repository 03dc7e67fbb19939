package annotations

func corsEnableSpec() spec {
	return boolSpec(func(c *Config, b bool) { c.CORS.Enabled = b })
}

func corsOriginSpec() spec {
	return listSpec(TypeList, ",", checkOrigin, func(c *Config, v []string) { c.CORS.AllowOrigins = v })
}

func corsMethodsSpec() spec {
	return listSpec(TypeList, ",", checkMethod, func(c *Config, v []string) { c.CORS.AllowMethods = v })
}

func corsHeadersSpec() spec {
	return listSpec(TypeHeaderList, ",", checkHeaderName, func(c *Config, v []string) { c.CORS.AllowHeaders = v })
}

func corsEntries() []Entry {
	const g = "CORS"
	return []Entry{
		nginx("enable-cors", corsEnableSpec(), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "false", Canonical: APISIXPrefix + "enable-cors", toCanonical: same,
			Description: "Answers CORS preflights and adds CORS headers.",
			APISIX:      "cors",
			Note:        "APISIX answers every OPTIONS request itself with 200 (ingress-nginx: 204; OPTIONS from other origins reach the app)",
		}),
		nginx("cors-allow-origin", corsOriginSpec(), Entry{
			Group: g, Default: "*", Canonical: APISIXPrefix + "cors-allow-origin", toCanonical: same,
			Description: "Comma-separated allowed origins; https://*.example.com allows one subdomain level.",
			APISIX:      "cors.allow_origins / allow_origins_by_regex",
		}),
		nginx("cors-allow-methods", corsMethodsSpec(), Entry{
			Group: g, Default: DefaultCORSAllowMethods, Canonical: APISIXPrefix + "cors-allow-methods", toCanonical: same,
			Description: "Comma-separated Access-Control-Allow-Methods.",
			APISIX:      "cors.allow_methods",
		}),
		nginx("cors-allow-headers", corsHeadersSpec(), Entry{
			Group: g, Default: DefaultCORSAllowHeaders, Canonical: APISIXPrefix + "cors-allow-headers", toCanonical: same,
			Description: "Comma-separated Access-Control-Allow-Headers.",
			APISIX:      "cors.allow_headers",
		}),
		nginx("cors-expose-headers", listSpec(TypeHeaderList, ",", checkExposeHeader, func(c *Config, v []string) { c.CORS.ExposeHeaders = v }), Entry{
			Group: g, Description: "Comma-separated Access-Control-Expose-Headers.",
			APISIX: "cors.expose_headers",
		}),
		nginx("cors-allow-credentials", boolSpec(func(c *Config, b bool) { c.CORS.AllowCredentials = b }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "true", noteWhenApplies: true, // only with allow-origin "*" (finishCORS)
			Description: "Sends Access-Control-Allow-Credentials: true.",
			APISIX:      "cors.allow_credential",
			Note:        "with allow-origin \"*\" credentials are not allowed; browsers refused them from ingress-nginx too",
		}),
		nginx("cors-max-age", secondsSpec(0, func(c *Config, n int) { c.CORS.MaxAge = n }), Entry{
			Group: g, Default: "1728000", Description: "Access-Control-Max-Age in seconds.",
			APISIX: "cors.max_age",
		}),
	}
}

func cidrSpec(set func(*Config, []string)) spec {
	return listSpec(TypeCIDRList, ",", checkCIDR, set)
}

func accessEntries() []Entry {
	const g = "Access control"
	allow := func(c *Config, v []string) { c.Access.Allow = v }
	return []Entry{
		nginx("allowlist-source-range", cidrSpec(allow), Entry{
			Group: g, Canonical: APISIXPrefix + "allowlist-source-range", toCanonical: same,
			Description: "Comma-separated client IPs/CIDRs allowed; others get 403.",
			APISIX:      "ip-restriction.whitelist",
		}),
		nginx("whitelist-source-range", cidrSpec(allow), Entry{
			Group: g, AliasOf: NginxPrefix + "allowlist-source-range",
			Canonical: APISIXPrefix + "allowlist-source-range", toCanonical: same,
			Description: "Alias of allowlist-source-range.",
			APISIX:      "ip-restriction.whitelist",
		}),
		nginx("denylist-source-range", cidrSpec(func(c *Config, v []string) { c.Access.Deny = v }), Entry{
			Group: g, Canonical: APISIXPrefix + "blocklist-source-range", toCanonical: same,
			Description: "Comma-separated client IPs/CIDRs denied with 403, even inside allowlist-source-range.",
			APISIX:      "ip-restriction.blacklist; with an allow list, removed from ip-restriction.whitelist",
		}),
		nginx("satisfy", satisfySpec(), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "all",
			Description: "Whether IP rules and authentication must all pass (all) or one of them (any).",
			APISIX:      "none needed for \"all\" (plugins all apply)",
			Note:        "only \"all\" is supported; APISIX cannot let an IP rule or authentication alone suffice",
		}),
	}
}

func satisfySpec() spec {
	s := enumSpec(false, []string{"all", "any"}, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, c)
		if v == "any" {
			return "", "\"any\" is not supported: APISIX applies IP rules and authentication together; use \"all\""
		}
		return v, msg
	}
	return s
}

func limitEntries() []Entry {
	const g = "Rate limits"
	exempt := func(c *Config, v []string) { c.RateLimit.Allowlist = v }
	bandwidth := "ignored: APISIX has no per-route response bandwidth limit"
	return []Entry{
		nginx("limit-rps", intSpec(1, maxInt32, func(c *Config, n int) { c.RateLimit.RPS = &n }), Entry{
			Group: g, Description: "Requests per second per client IP; burst = limit x limit-burst-multiplier; 503 above.",
			APISIX: "limit-req {rate, burst, nodelay, key: remote_addr, rejected_code: 503}",
		}),
		nginx("limit-rpm", intSpec(1, maxInt32, func(c *Config, n int) { c.RateLimit.RPM = &n }), Entry{
			Group: g, Description: "Requests per minute per client IP; burst = limit x limit-burst-multiplier; 503 above.",
			APISIX: "limit-req {rate: N/60, burst: N x multiplier (requests), nodelay, key: remote_addr, rejected_code: 503}",
		}),
		nginx("limit-connections", intSpec(1, maxInt32, func(c *Config, n int) { c.RateLimit.Connections = &n }), Entry{
			Group: g, Description: "Concurrent connections per client IP; 503 above.",
			APISIX: "limit-conn {conn, burst: 0, key: remote_addr, rejected_code: 503}",
		}),
		nginx("limit-burst-multiplier", intSpec(1, maxInt32, func(c *Config, n int) { c.RateLimit.BurstMultiplier = n }), Entry{
			Group: g, Default: "5", Description: "Burst size as a multiple of limit-rps / limit-rpm.",
			APISIX: "limit-req.burst",
		}),
		nginx("limit-allowlist", cidrSpec(exempt), Entry{
			Group: g, Description: "Comma-separated client IPs/CIDRs exempt from the limits.",
			APISIX: "_meta.filter [\"remote_addr\", \"!\", \"ipmatch\", [...]] on limit-req / limit-conn",
		}),
		nginx("limit-whitelist", cidrSpec(exempt), Entry{
			Group: g, AliasOf: NginxPrefix + "limit-allowlist",
			Description: "Alias of limit-allowlist.",
			APISIX:      "_meta.filter on limit-req / limit-conn",
		}),
		nginx("limit-rate", ignoreSpec(intSpec(0, maxInt32, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "0",
			Description: "Response bandwidth per connection in KB/s.", APISIX: "none", Note: bandwidth,
		}),
		nginx("limit-rate-after", ignoreSpec(intSpec(0, maxInt32, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "0",
			Description: "KB sent before limit-rate applies.", APISIX: "none", Note: bandwidth,
		}),
	}
}
