package annotations

import (
	"regexp"
	"strings"
)

var headerValueRE = regexp.MustCompile(`^[ -#%-~]*$`) // printable ASCII without $

// checkHeaderPair accepts "Name:Value" with a literal value.
func checkHeaderPair(s string) (string, string) {
	name, value, ok := strings.Cut(s, ":")
	if !ok {
		return "", "must be Name:Value"
	}
	if _, msg := checkHeaderName(strings.TrimSpace(name)); msg != "" {
		return "", msg
	}
	value = strings.TrimSpace(value)
	if strings.Contains(value, "$") {
		return "", noVarsMsg
	}
	if !headerValueRE.MatchString(value) {
		return "", "must be a printable header value"
	}
	return strings.TrimSpace(name) + ":" + value, ""
}

func headerPairs(v []string) []Header {
	out := make([]Header, len(v))
	for i, p := range v {
		n, val, _ := strings.Cut(p, ":")
		out[i] = Header{Name: n, Value: val}
	}
	return out
}

// apisixPluginEntries are this project's canonical keys for auth and plugins.
func apisixPluginEntries() []Entry {
	const g = "Canonical keys (k8s.apisix.apache.org)"
	headers := func(set func(*Config, []string)) spec { return listSpec(TypeHeaderList, ",", checkHeaderName, set) }
	return []Entry{
		apisix("auth-type", enumSpec(true, []string{"basicAuth", "keyAuth"}, func(c *Config, v string) { c.Auth.Type = v }), Entry{
			Group: g, Description: "Requires a Consumer credential (ApisixConsumer basicAuth or keyAuth).",
			APISIX: "basic-auth / key-auth + Consumers",
		}),
		apisix("auth-uri", stringSpec(TypeURL, checkAuthURL, func(c *Config, v string) { c.ExternalAuth.URL = v }), Entry{
			Group: g, Description: "External auth service called before each request.", APISIX: "forward-auth.uri",
		}),
		apisix("auth-ssl-verify", boolSpec(func(c *Config, b bool) { c.ExternalAuth.SSLVerify = &b }), Entry{
			Group: g, Default: "true", Description: "Verifies the auth service's certificate.", APISIX: "forward-auth.ssl_verify",
		}),
		apisix("auth-request-headers", headers(func(c *Config, v []string) { c.ExternalAuth.RequestHeaders = v }), Entry{
			Group: g, Description: "Client request headers sent to the auth service.", APISIX: "forward-auth.request_headers",
		}),
		apisix("auth-upstream-headers", headers(func(c *Config, v []string) { c.ExternalAuth.UpstreamHeaders = v }), Entry{
			Group: g, Description: "Auth response headers copied to the upstream request.", APISIX: "forward-auth.upstream_headers",
		}),
		apisix("auth-client-headers", headers(func(c *Config, v []string) { c.ExternalAuth.ClientHeaders = v }), Entry{
			Group: g, Description: "Auth response headers returned to the client on denial.", APISIX: "forward-auth.client_headers",
		}),
		apisix("enable-csrf", boolSpec(func(c *Config, b bool) { c.CSRF.Enabled = b }), Entry{
			Group: g, Default: "false", Description: "Enables CSRF protection; needs csrf-key.", APISIX: "csrf",
		}),
		apisix("csrf-key", stringSpec(TypeString, charset(printableRE, "printable characters without spaces"), func(c *Config, v string) { c.CSRF.Key = v }), Entry{
			Group: g, Description: "Secret used to sign CSRF tokens.", APISIX: "csrf.key",
		}),
		apisix("enable-response-rewrite", boolSpec(func(c *Config, b bool) { c.ResponseRewrite.Enabled = b }), Entry{
			Group: g, Default: "false", Description: "Enables the response-rewrite-* annotations.", APISIX: "response-rewrite",
		}),
		apisix("response-rewrite-status-code", intSpec(200, 599, func(c *Config, n int) { c.ResponseRewrite.StatusCode = n }), Entry{
			Group: g, Description: "Status code of the response.", APISIX: "response-rewrite.status_code",
		}),
		apisix("response-rewrite-body", stringSpec(TypeString, func(s string) (string, string) { return s, "" }, func(c *Config, v string) { c.ResponseRewrite.Body = v }), Entry{
			Group: g, Description: "Body of the response.", APISIX: "response-rewrite.body",
		}),
		apisix("response-rewrite-body-base64", boolSpec(func(c *Config, b bool) { c.ResponseRewrite.BodyBase64 = b }), Entry{
			Group: g, Default: "false", Description: "response-rewrite-body is base64-encoded.", APISIX: "response-rewrite.body_base64",
		}),
		apisix("response-rewrite-add-header", listSpec(TypeHeaderList, ",", checkHeaderPair, func(c *Config, v []string) { c.ResponseRewrite.AddHeaders = headerPairs(v) }), Entry{
			Group: g, Description: "Comma-separated Name:Value headers added to the response.", APISIX: "response-rewrite.headers.add",
		}),
		apisix("response-rewrite-set-header", listSpec(TypeHeaderList, ",", checkHeaderPair, func(c *Config, v []string) { c.ResponseRewrite.SetHeaders = headerPairs(v) }), Entry{
			Group: g, Description: "Comma-separated Name:Value headers set on the response.", APISIX: "response-rewrite.headers.set",
		}),
		apisix("response-rewrite-remove-header", headers(func(c *Config, v []string) { c.ResponseRewrite.RemoveHeaders = v }), Entry{
			Group: g, Description: "Comma-separated headers removed from the response.", APISIX: "response-rewrite.headers.remove",
		}),
	}
}
