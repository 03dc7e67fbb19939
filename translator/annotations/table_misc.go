package annotations

import "regexp"

const snippetNote = "raw nginx configuration is never rendered; use APISIX plugins in an ApisixRoute or ApisixPluginConfig"

func wafEntries() []Entry {
	const g = "Snippets and WAF"
	noModsec := "APISIX has no ModSecurity; attach a WAF plugin (e.g. coraza-proxy-wasm) with an ApisixPluginConfig"
	return []Entry{
		nginx("configuration-snippet", rejectSpec(TypeSnippet), Entry{
			Group: g, Stance: Reject, Description: "Raw nginx directives in the location block.",
			APISIX: "none", Note: snippetNote,
		}),
		nginx("server-snippet", rejectSpec(TypeSnippet), Entry{
			Group: g, Stance: Reject, Description: "Raw nginx directives in the server block.",
			APISIX: "none", Note: snippetNote,
		}),
		nginx("stream-snippet", rejectSpec(TypeSnippet), Entry{
			Group: g, Stance: Reject, Description: "Raw nginx stream configuration.",
			APISIX: "none", Note: "raw nginx configuration is never rendered; use an ApisixRoute stream route instead",
		}),
		nginx("modsecurity-snippet", rejectSpec(TypeSnippet), Entry{
			Group: g, Stance: Reject, Description: "Raw ModSecurity rules.", APISIX: "none", Note: noModsec,
		}),
		nginx("enable-modsecurity", rejectSpec(TypeBool), Entry{
			Group: g, Stance: Reject, Default: "false", Description: "Enables ModSecurity.", APISIX: "none", Note: noModsec,
		}),
		nginx("enable-owasp-core-rules", rejectSpec(TypeBool), Entry{
			Group: g, Stance: Reject, Default: "false", Description: "Loads the OWASP core rule set into ModSecurity.",
			APISIX: "none", Note: noModsec,
		}),
		nginx("modsecurity-transaction-id", ignoreSpec(stringSpec(TypeString, checkNginxVar, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Description: "ModSecurity transaction id.", APISIX: "none",
			Note: "ignored: APISIX has no ModSecurity",
		}),
	}
}

var spanNameRE = regexp.MustCompile(`^[A-Za-z0-9_\-]+$`)

func miscEntries() []Entry {
	const g = "Observability and protocol"
	return []Entry{
		nginx("enable-access-log", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "true",
			Description: "Writes access log entries for the Ingress.", APISIX: "none",
			Note: "ignored: APISIX access logging is global; per-route logs are logger plugins",
		}),
		nginx("enable-rewrite-log", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Logs nginx rewrite processing.", APISIX: "none",
			Note: "ignored: APISIX has no rewrite log",
		}),
		nginx("enable-opentelemetry", boolSpec(func(c *Config, b bool) { c.Telemetry.Enabled = &b }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "the controller's setting (false)",
			Description: "Enables OpenTelemetry tracing of the Ingress.", APISIX: "opentelemetry",
			Note: "needs opentelemetry in APISIX's plugins list and its plugin_metadata (collector); APISIX 3.18 has neither by default",
		}),
		nginx("opentelemetry-trust-incoming-span", boolSpec(func(c *Config, b bool) { c.Telemetry.TrustIncomingSpan = &b }), Entry{
			Group: g, Default: "true",
			Description: "Continues the trace of an incoming traceparent.",
			APISIX:      "opentelemetry; \"false\": serverless-pre-function drops traceparent before it",
		}),
		nginx("opentelemetry-operation-name", ignoreSpec(stringSpec(TypeString, charset(spanNameRE, "letters, digits, - and _ only"), nil)), Entry{
			Group: g, Stance: IgnoreWithWarning,
			Description: "Span name of the Ingress's requests.", APISIX: "none",
			Note: "ignored: APISIX names spans after the route",
		}),
		nginx("http2-push-preload", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "HTTP/2 server push of Link preload headers.", APISIX: "none",
			Note: "ignored: HTTP/2 server push is obsolete and APISIX does not support it",
		}),
	}
}

// legacyEntries are keys ingress-nginx no longer reads: in its last
// release they had no effect, so ignoring them keeps its behaviour.
func legacyEntries() []Entry {
	const g = "Removed ingress-nginx keys"
	anyValue := stringSpec(TypeString, func(s string) (string, string) { return s, "" }, nil)
	legacy := func(name, desc, note string) Entry {
		return nginx(name, anyValue, Entry{Group: g, Stance: IgnoreWithWarning, Description: desc, APISIX: "none", Note: note})
	}
	return []Entry{
		legacy("secure-backends", "Removed in 2018; replaced by backend-protocol.",
			"removed from ingress-nginx (no effect); use backend-protocol: \"HTTPS\""),
		legacy("secure-verify-ca-secret", "Removed; replaced by proxy-ssl-secret.",
			"removed from ingress-nginx (no effect); use proxy-ssl-secret"),
		legacy("grpc-backend", "Removed in 2018; replaced by backend-protocol.",
			"removed from ingress-nginx (no effect); use backend-protocol: \"GRPC\""),
		legacy("add-base-url", "Removed; injected a <base> tag.", "removed from ingress-nginx (no effect)"),
		legacy("base-url-scheme", "Removed; scheme of add-base-url.", "removed from ingress-nginx (no effect)"),
		legacy("session-cookie-hash", "Removed; hash of the affinity cookie.", "removed from ingress-nginx (no effect)"),
		legacy("upstream-max-fails", "Removed; passive health checks.",
			"removed from ingress-nginx (no effect); use ApisixUpstream passive health checks"),
		legacy("upstream-fail-timeout", "Removed; passive health checks.",
			"removed from ingress-nginx (no effect); use ApisixUpstream passive health checks"),
		legacy("enable-opentracing", "Removed with OpenTracing; replaced by enable-opentelemetry.",
			"removed from ingress-nginx (no effect); use enable-opentelemetry"),
		legacy("opentracing-trust-incoming-span", "Removed with OpenTracing.",
			"removed from ingress-nginx (no effect); use opentelemetry-trust-incoming-span"),
		legacy("opentelemetry-trust-incoming-spans", "Misspelling ingress-nginx does not read.",
			"not read by ingress-nginx (no effect); use opentelemetry-trust-incoming-span"),
		legacy("enable-influxdb", "Removed InfluxDB metrics.", "removed from ingress-nginx (no effect)"),
		legacy("mirror-uri", "Renamed to mirror-target in 2020.",
			"renamed to mirror-target in 2020 and no longer read (no effect); use mirror-target"),
		legacy("global-rate-limit", "Removed memcached-based global rate limit.",
			"removed from ingress-nginx (no effect); use limit-count with a redis policy in an ApisixRoute"),
		legacy("global-rate-limit-window", "Removed with global-rate-limit.", "removed from ingress-nginx (no effect)"),
		legacy("global-rate-limit-key", "Removed with global-rate-limit.", "removed from ingress-nginx (no effect)"),
		legacy("global-rate-limit-ignored-cidrs", "Removed with global-rate-limit.", "removed from ingress-nginx (no effect)"),
	}
}
