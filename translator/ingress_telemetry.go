package translator

import "github.com/apisix-ingress/apisix-ingress/translator/annotations"

// opentelemetry-trust-incoming-span "false": ingress-nginx starts a new trace
// instead of continuing the client's traceparent. APISIX's opentelemetry
// plugin always continues it, so a serverless-pre-function running just
// before it (priority 12009) removes the client's trace context headers.

// beforeOpentelemetry is a priority just above opentelemetry's (12009), in
// the rewrite phase.
const beforeOpentelemetry = 12010

// distrustIncomingSpan: tracing is on and the client's span is not trusted.
func distrustIncomingSpan(t annotations.Telemetry) bool {
	return t.Enabled != nil && *t.Enabled && t.TrustIncomingSpan != nil && !*t.TrustIncomingSpan
}

// dropIncomingSpan is the serverless-pre-function that removes the client's
// W3C trace context.
func dropIncomingSpan() map[string]any {
	fn := `return function(conf, ctx)
  ngx.req.clear_header("traceparent")
  ngx.req.clear_header("tracestate")
end`
	return map[string]any{"phase": "rewrite", "functions": []string{fn}}
}
