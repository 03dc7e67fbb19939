package annotations

import (
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func inv(key, value, msg string) *field.Error { return field.Invalid(FieldPath(key), value, msg) }

func TestParseErrors(t *testing.T) {
	const (
		cidrMsg = `entry 2 "10.0.0.300/24": is not an IP address or CIDR; use e.g. "10.0.0.0/8,192.168.1.1"`
		ctrlMsg = "must not contain control characters such as CR or LF; write the value on one line"
	)
	cases := []struct {
		name string
		ann  map[string]string
		want field.ErrorList
	}{
		{"limit-rps not a number", map[string]string{n("limit-rps"): "ten"},
			field.ErrorList{inv(n("limit-rps"), "ten", `must be a whole number of at least 1, e.g. "10"`)}},
		{"proxy-body-size bad unit", map[string]string{n("proxy-body-size"): "1x"},
			field.ErrorList{inv(n("proxy-body-size"), "1x", `must be an nginx size: digits with an optional unit k, m or g, e.g. "8m" ("0" means unlimited)`)}},
		{"CIDR list with a bad entry", map[string]string{n("whitelist-source-range"): "10.0.0.0/8, 10.0.0.300/24"},
			field.ErrorList{inv(n("whitelist-source-range"), "10.0.0.0/8, 10.0.0.300/24", cidrMsg)}},
		{"CR/LF injection", map[string]string{n("permanent-redirect"): "https://example.com/\r\nX-Injected: 1"},
			field.ErrorList{inv(n("permanent-redirect"), "https://example.com/\r\nX-Injected: 1", ctrlMsg)}},
		{"trailing newline of a block scalar", map[string]string{n("ssl-redirect"): "true\n"},
			field.ErrorList{inv(n("ssl-redirect"), "true\n", ctrlMsg)}},
		{"$host in the upstream Host header", map[string]string{n("upstream-vhost"): "$host"},
			field.ErrorList{inv(n("upstream-vhost"), "$host", noVarsMsg)}},
		{"$host in X-Forwarded-Prefix", map[string]string{n("x-forwarded-prefix"): "/$host"},
			field.ErrorList{inv(n("x-forwarded-prefix"), "/$host", noVarsMsg)}},
		{"$host in a response header value", map[string]string{a("response-rewrite-set-header"): "X-Host:$host"},
			field.ErrorList{inv(a("response-rewrite-set-header"), "X-Host:$host", `entry 1 "X-Host:$host": `+noVarsMsg)}},
		{"nginx variable in a redirect", map[string]string{n("permanent-redirect"): "https://example.com$request_uri"},
			field.ErrorList{inv(n("permanent-redirect"), "https://example.com$request_uri", noVarsMsg)}},
		{"nginx variable in auth-url", map[string]string{n("auth-url"): "https://$host/oauth2/auth"},
			field.ErrorList{inv(n("auth-url"), "https://$host/oauth2/auth", "must not contain nginx variables: forward-auth calls a fixed URL, e.g. the auth Service's address")}},
		{"nginx variable in rewrite-target", map[string]string{n("rewrite-target"): "/$host/$1"},
			field.ErrorList{inv(n("rewrite-target"), "/$host/$1", "may use only capture groups $1..$9, not nginx variables")}},
		{"backend-protocol FCGI", map[string]string{n("backend-protocol"): "FCGI"},
			field.ErrorList{inv(n("backend-protocol"), "FCGI", "APISIX has no FastCGI upstream; serve the application over HTTP")}},
		{"backend-protocol unknown", map[string]string{n("backend-protocol"): "AJP"},
			field.ErrorList{inv(n("backend-protocol"), "AJP", `must be one of "HTTP", "HTTPS", "GRPC", "GRPCS", "AUTO_HTTP" or "FCGI"`)}},
		{"proxy-ssl-verify on fails closed", map[string]string{n("proxy-ssl-verify"): "on"},
			field.ErrorList{inv(n("proxy-ssl-verify"), "on", `"on" is not supported: APISIX cannot verify upstream certificates per route; use "off"`)}},
		{"satisfy any fails closed", map[string]string{n("satisfy"): "any"},
			field.ErrorList{inv(n("satisfy"), "any", `"any" is not supported: APISIX applies IP rules and authentication together; use "all"`)}},
		{"optional client certificates fail closed", map[string]string{n("auth-tls-verify-client"): "optional"},
			field.ErrorList{inv(n("auth-tls-verify-client"), "optional", `optional verification has no APISIX equivalent; use "on" or "off"`)}},
		{"auth-method HEAD", map[string]string{n("auth-method"): "HEAD"},
			field.ErrorList{inv(n("auth-method"), "HEAD", "APISIX forward-auth supports only GET and POST")}},
		{"bad canary pattern", map[string]string{n("canary"): "true", n("canary-by-header"): "X-C", n("canary-by-header-pattern"): "(a"},
			field.ErrorList{inv(n("canary-by-header-pattern"), "(a", "must be a valid regular expression: missing closing ): `(a`")}},
		{"canary keys without canary", map[string]string{n("canary-weight"): "10", n("canary-by-cookie"): "c"},
			field.ErrorList{
				inv(n("canary-by-cookie"), "c", `has no effect unless nginx.ingress.kubernetes.io/canary is "true"; set it or remove this annotation`),
				inv(n("canary-weight"), "10", `has no effect unless nginx.ingress.kubernetes.io/canary is "true"; set it or remove this annotation`),
			}},
		{"canary weight above total", map[string]string{n("canary"): "true", n("canary-weight"): "150"},
			field.ErrorList{inv(n("canary-weight"), "150", "must not exceed canary-weight-total (100)")}},
		{"limit-rps with limit-rpm", map[string]string{n("limit-rps"): "10", n("limit-rpm"): "100"},
			field.ErrorList{inv(n("limit-rpm"), "100", "cannot be combined with limit-rps: APISIX applies one limit-req per route; keep one of them")}},
		{"chash without a key", map[string]string{n("load-balance"): "chash"},
			field.ErrorList{inv(n("load-balance"), "chash", `"chash" needs upstream-hash-by; set it or use "round_robin"`)}},
		{"sticky load balancing", map[string]string{n("load-balance"): "sticky_balanced"},
			field.ErrorList{inv(n("load-balance"), "sticky_balanced", `use affinity: "cookie" for sticky sessions`)}},
		{"proxy-next-upstream off with others", map[string]string{n("proxy-next-upstream"): "off error"},
			field.ErrorList{inv(n("proxy-next-upstream"), "off error", `"off" cannot be combined with other conditions`)}},
		{"timeout zero", map[string]string{n("proxy-read-timeout"): "0"},
			field.ErrorList{inv(n("proxy-read-timeout"), "0", `must be a whole number of at least 1, e.g. "10"`)}},
		{"canonical timeout with ms", map[string]string{a("upstream-read-timeout"): "500ms"},
			field.ErrorList{inv(a("upstream-read-timeout"), "500ms", `must be a whole number of seconds with an optional unit s, m or h, e.g. "30s"`)}},
		{"redirect code out of range", map[string]string{n("permanent-redirect"): "https://e.com/", n("permanent-redirect-code"): "200"},
			field.ErrorList{inv(n("permanent-redirect-code"), "200", "must be a whole number from 300 to 308")}},
		{"regex server alias", map[string]string{n("server-alias"): "~^www\\d+\\.example\\.com$"},
			field.ErrorList{inv(n("server-alias"), "~^www\\d+\\.example\\.com$", `entry 1 "~^www\\d+\\.example\\.com$": regular-expression server names have no APISIX equivalent; list the host names`)}},
		{"mirror target with another variable", map[string]string{n("mirror-target"): "https://m.example.com$uri"},
			field.ErrorList{inv(n("mirror-target"), "https://m.example.com$uri", `must be an http(s) URL whose path is literal or ends in $request_uri, e.g. "https://mirror.example.com$request_uri"`)}},
		{"cross-namespace ref with a bad namespace", map[string]string{n("auth-tls-secret"): "Bad_NS/ca"},
			field.ErrorList{inv(n("auth-tls-secret"), "Bad_NS/ca", `must be a name or namespace/name, e.g. "my-secret" or "team-a/my-secret"`)}},
		{"regex rewrite without template", map[string]string{a("rewrite-target-regex"): "^/a/(.*)"},
			field.ErrorList{inv(a("rewrite-target-regex"), "^/a/(.*)", "needs k8s.apisix.apache.org/rewrite-target-regex-template too")}},
		{"csrf without key", map[string]string{a("enable-csrf"): "true"},
			field.ErrorList{field.Required(FieldPath(a("csrf-key")), `is required when enable-csrf is "true"`)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, _ := Parse(tc.ann)
			require.Equal(t, tc.want, errs)
		})
	}
}

func TestParseRejects(t *testing.T) {
	ann := map[string]string{
		n("configuration-snippet"): "more_set_headers \"X: y\";",
		n("auth-type"):             "digest",
		n("new-feature-snippet"):   "anything",
		a("lua-snippet"):           "anything",
		"example.com/snippet":      "not ours",
	}
	_, errs, _ := Parse(ann)
	require.Equal(t, field.ErrorList{
		field.Forbidden(FieldPath(a("lua-snippet")), snippetNote),
		field.Invalid(FieldPath(n("auth-type")), "digest", "digest authentication has no APISIX equivalent; use \"basic\" (over HTTPS)"),
		field.Forbidden(FieldPath(n("configuration-snippet")), snippetNote),
		field.Forbidden(FieldPath(n("new-feature-snippet")), snippetNote),
	}, errs)
}

func TestErrorStrings(t *testing.T) {
	_, errs, _ := Parse(map[string]string{n("limit-rps"): "ten", n("server-snippet"): "return 200;"})
	require.Equal(t, []string{
		`metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"]: Invalid value: "ten": must be a whole number of at least 1, e.g. "10"`,
		`metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]: Forbidden: raw nginx configuration is never rendered; use APISIX plugins in an ApisixRoute or ApisixPluginConfig`,
	}, []string{errs[0].Error(), errs[1].Error()})
}
