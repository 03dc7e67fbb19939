package annotations

import "strconv"

var nextUpstreamConditions = []string{"error", "timeout", "invalid_header", "http_500", "http_502", "http_503",
	"http_504", "http_403", "http_404", "http_429", "non_idempotent", "off"}

func withSeconds(v string) (string, bool) { return v + "s", true }

func timeoutEntries() []Entry {
	const g = "Timeouts and retries"
	return []Entry{
		nginx("proxy-connect-timeout", secondsSpec(1, func(c *Config, n int) { c.Timeouts.Connect = &n }), Entry{
			Group: g, Default: "5", Canonical: APISIXPrefix + "upstream-connect-timeout", toCanonical: withSeconds,
			Description: "Timeout in seconds for connecting to the backend.",
			APISIX:      "route timeout.connect",
		}),
		nginx("proxy-send-timeout", secondsSpec(1, func(c *Config, n int) { c.Timeouts.Send = &n }), Entry{
			Group: g, Default: "60", Canonical: APISIXPrefix + "upstream-send-timeout", toCanonical: withSeconds,
			Description: "Timeout in seconds between two writes to the backend.",
			APISIX:      "route timeout.send",
		}),
		nginx("proxy-read-timeout", secondsSpec(1, func(c *Config, n int) { c.Timeouts.Read = &n }), Entry{
			Group: g, Default: "60", Canonical: APISIXPrefix + "upstream-read-timeout", toCanonical: withSeconds,
			Description: "Timeout in seconds between two reads from the backend.",
			APISIX:      "route timeout.read",
		}),
		nginx("proxy-next-upstream", listSpec(TypeList, " ", func(s string) (string, string) {
			if !contains(nextUpstreamConditions, s) {
				return "", "must be one of " + quoteList(nextUpstreamConditions)
			}
			return s, ""
		}, func(c *Config, v []string) { c.Retry.Conditions = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "error timeout", noteWhenApplies: true,
			Description: "Space-separated conditions on which the request is passed to the next endpoint.",
			APISIX:      "upstream retries (\"off\" is retries: 0)",
			Note:        "APISIX retries on connection errors and timeouts only; http_*, invalid_header and non_idempotent are not applied",
		}),
		nginx("proxy-next-upstream-timeout", secondsSpec(0, func(c *Config, n int) { c.Retry.Timeout = &n }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "0 (no limit)",
			Description: "Time in seconds allowed for passing a request to the next endpoints.",
			APISIX:      "upstream retry_timeout",
			Note:        "when the time is up APISIX answers 500, not the last attempt's error (504 after a timeout)",
		}),
		nginx("proxy-next-upstream-tries", intSpec(0, maxInt32, func(c *Config, n int) {
			if n > 0 {
				r := n - 1
				c.Retry.Retries = &r
			}
		}), Entry{
			Group: g, Default: "3", Canonical: APISIXPrefix + "upstream-retries",
			toCanonical: func(v string) (string, bool) {
				n, _ := strconv.Atoi(v)
				return strconv.Itoa(n - 1), n > 0
			},
			Description: "Attempts including the first (0: one per endpoint).",
			APISIX:      "upstream retries = tries - 1",
		}),
	}
}

func bodyEntries() []Entry {
	const g = "Body and buffering"
	globalBuffers := "ignored: APISIX sets nginx buffers globally (nginx_config), not per route"
	return []Entry{
		nginx("proxy-body-size", sizeSpec(func(c *Config, n int64) { c.Body.MaxSize = &n }), Entry{
			Group: g, Default: "1m",
			Description: "Maximum request body size (413 above it); 0 means unlimited.",
			APISIX:      "client-control.max_body_size",
		}),
		nginx("proxy-request-buffering", onOffSpec(func(c *Config, b bool) { c.Body.RequestBuffering = &b }), Entry{
			Group: g, Default: "on",
			Description: "Buffers the whole request body before proxying.",
			APISIX:      "proxy-control.request_buffering",
		}),
		nginx("proxy-buffering", onOffSpec(func(c *Config, b bool) { c.Body.ProxyBuffering = &b }), Entry{
			Group: g, Default: "off",
			Description: "Buffers responses from the backend.",
			APISIX:      "proxy-buffering.disable_proxy_buffering (APISIX 3.17+)",
		}),
		nginx("client-body-buffer-size", ignoreSpec(sizeSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "8k",
			Description: "Buffer size for reading the request body.",
			APISIX:      "none (global nginx_config)",
			Note:        globalBuffers,
		}),
		nginx("proxy-buffers-number", ignoreSpec(intSpec(1, maxInt32, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "4",
			Description: "Number of response buffers (proxy_buffers).",
			APISIX:      "none (global nginx_config)",
			Note:        globalBuffers,
		}),
		nginx("proxy-buffer-size", ignoreSpec(sizeSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "4k",
			Description: "Buffer for the response headers (proxy_buffer_size).",
			APISIX:      "none (global nginx_config)",
			Note:        globalBuffers,
		}),
		nginx("proxy-busy-buffers-size", ignoreSpec(sizeSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "twice proxy-buffer-size",
			Description: "proxy_busy_buffers_size.",
			APISIX:      "none (global nginx_config)",
			Note:        globalBuffers,
		}),
		nginx("proxy-max-temp-file-size", ignoreSpec(sizeSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "1024m",
			Description: "proxy_max_temp_file_size.",
			APISIX:      "none (global nginx_config)",
			Note:        globalBuffers,
		}),
	}
}
