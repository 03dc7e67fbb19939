package annotations

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseNotices(t *testing.T) {
	cases := []struct {
		name string
		ann  map[string]string
		want []Notice
	}{
		{"canonical key wins", map[string]string{n("proxy-read-timeout"): "30", a("upstream-read-timeout"): "45s"}, []Notice{
			{n("proxy-read-timeout"), SeverityInfo, "ignored: k8s.apisix.apache.org/upstream-read-timeout is also set and wins"},
		}},
		{"alias", map[string]string{n("whitelist-source-range"): "10.0.0.0/8"}, []Notice{
			{n("whitelist-source-range"), SeverityInfo, "deprecated alias; use k8s.apisix.apache.org/allowlist-source-range"},
		}},
		{"alias and its key", map[string]string{n("limit-whitelist"): "10.0.0.0/8", n("limit-allowlist"): "10.1.0.0/16"}, []Notice{
			{n("limit-whitelist"), SeverityInfo, "ignored: nginx.ingress.kubernetes.io/limit-allowlist is also set and wins"},
		}},
		{"translated with a difference", map[string]string{n("affinity"): "cookie"}, []Notice{
			{n("affinity"), SeverityWarning, "the issued cookie holds the client address, so new sessions are spread by client IP, not at random"},
		}},
		{"ignored", map[string]string{n("proxy-buffer-size"): "16k"}, []Notice{
			{n("proxy-buffer-size"), SeverityWarning, "ignored: APISIX sets nginx buffers globally (nginx_config), not per route"},
		}},
		{"removed key", map[string]string{n("secure-backends"): "true"}, []Notice{
			{n("secure-backends"), SeverityWarning, `removed from ingress-nginx (no effect); use backend-protocol: "HTTPS"`},
		}},
		{"unknown and empty", map[string]string{n("no-such-key"): "1", n("limit-rps"): " "}, []Notice{
			{n("limit-rps"), SeverityWarning, "empty value, ignored; remove the annotation or give it a value"},
			{n("no-such-key"), SeverityWarning, "unknown annotation, ignored; see docs/annotations.md for the supported keys"},
		}},
		{"temporal wins over permanent", map[string]string{n("temporal-redirect"): "https://a.com/", n("permanent-redirect"): "https://b.com/"}, []Notice{
			{n("permanent-redirect"), SeverityInfo, "ignored: nginx.ingress.kubernetes.io/temporal-redirect is also set and wins"},
		}},
		{"canary weight total below 100", map[string]string{n("canary"): "true", n("canary-weight-total"): "50"}, []Notice{
			{n("canary-weight-total"), SeverityWarning, "values below 100 are treated as 100, as in ingress-nginx"},
		}},
		{"canary value wins over pattern", map[string]string{n("canary"): "true", n("canary-by-header"): "X-C",
			n("canary-by-header-value"): "yes", n("canary-by-header-pattern"): "^y"}, []Notice{
			{n("canary-by-header-pattern"), SeverityInfo, "ignored: canary-by-header-value is also set and wins, as in ingress-nginx"},
		}},
		{"cors settings without cors", map[string]string{n("cors-max-age"): "10"}, []Notice{
			{n("cors-max-age"), SeverityWarning, `has no effect unless enable-cors is "true"`},
		}},
		{"cookie settings without affinity", map[string]string{n("session-cookie-name"): "s"}, []Notice{
			{n("session-cookie-name"), SeverityWarning, `has no effect unless affinity is "cookie"`},
		}},
		{"affinity with service-upstream", map[string]string{n("affinity"): "cookie", n("service-upstream"): "true"}, []Notice{
			{n("affinity"), SeverityWarning, `has no effect with service-upstream "true", as in ingress-nginx`},
			{n("affinity"), SeverityWarning, "the issued cookie holds the client address, so new sessions are spread by client IP, not at random"},
		}},
		{"retries off: nothing unapplied", map[string]string{n("proxy-next-upstream"): "off"}, nil},
		{"retries on errors and timeouts: nothing unapplied", map[string]string{n("proxy-next-upstream"): "error timeout"}, nil},
		{"retries on http status codes", map[string]string{n("proxy-next-upstream"): "error http_502 timeout http_503"}, []Notice{
			{n("proxy-next-upstream"), SeverityWarning, "APISIX retries on connection errors and timeouts only, so these conditions are not applied: http_502 http_503"},
		}},
		{"cookie attributes are applied to the issued cookie", map[string]string{n("affinity"): "cookie", n("session-cookie-path"): "/app",
			n("session-cookie-max-age"): "60", n("session-cookie-secure"): "true", n("session-cookie-samesite"): "Lax", n("session-cookie-domain"): "example.com"}, []Notice{
			{n("affinity"), SeverityWarning, "the issued cookie holds the client address, so new sessions are spread by client IP, not at random"},
		}},
		{"trust-incoming-span false is applied without auth-url", map[string]string{n("enable-opentelemetry"): "true", n("opentelemetry-trust-incoming-span"): "false"}, []Notice{
			{n("enable-opentelemetry"), SeverityWarning, "needs opentelemetry in APISIX's plugins list and its plugin_metadata (collector); APISIX 3.18 has neither by default"},
		}},
		{"trust-incoming-span false is not applied with auth-url", map[string]string{n("auth-url"): "http://auth.example/verify",
			n("enable-opentelemetry"): "true", n("opentelemetry-trust-incoming-span"): "false"}, []Notice{
			{n("auth-url"), SeverityWarning, "of the client's headers only Authorization, Cookie, Proxy-Authorization, Accept, User-Agent, X-Requested-With are sent"},
			{n("enable-opentelemetry"), SeverityWarning, "needs opentelemetry in APISIX's plugins list and its plugin_metadata (collector); APISIX 3.18 has neither by default"},
			{n("opentelemetry-trust-incoming-span"), SeverityWarning, `"false" is not applied together with auth-url: the client's trace is continued`},
		}},
		{"not our prefix", map[string]string{"kubernetes.io/ingress.class": "apisix"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, notices := Parse(tc.ann)
			require.Empty(t, errs)
			require.Equal(t, tc.want, notices)
		})
	}
}

func TestCanonicalWinsInConfig(t *testing.T) {
	cfg, _, _ := Parse(map[string]string{
		n("proxy-read-timeout"): "30", a("upstream-read-timeout"): "45s",
		n("backend-protocol"): "HTTPS", a("upstream-scheme"): "grpc",
		n("temporal-redirect"): "https://a.com/", a("http-redirect"): "/b",
	})
	require.Equal(t, 45, *cfg.Timeouts.Read)
	require.Equal(t, "grpc", cfg.Upstream.Scheme)
	require.Equal(t, "/b", cfg.Redirect.URL)
	require.Equal(t, 301, cfg.Redirect.Code)
}

func TestNoticesFitKubectlWarnings(t *testing.T) {
	ann := map[string]string{}
	for _, e := range Table() {
		if e.Stance != Reject {
			ann[e.Key] = "x"
		}
	}
	ann[n("no-such-key-with-a-rather-long-name-to-test-the-limit")] = "1"
	_, _, notices := Parse(ann)
	for _, nt := range notices {
		if len(nt.Message) > 120 {
			t.Errorf("%s: notice is %d characters: %s", nt.Key, len(nt.Message), nt.Message)
		}
	}
	for _, e := range Table() {
		if len(e.Note) > 120 {
			t.Errorf("%s: note is %d characters", e.Key, len(e.Note))
		}
	}
}

func TestParseIsDeterministic(t *testing.T) {
	ann := map[string]string{n("session-cookie-name"): "a", n("session-cookie-path"): "/", n("affinity-mode"): "balanced",
		n("limit-rps"): "x", n("proxy-body-size"): "y", n("canary-weight"): "5"}
	_, errs1, notices1 := Parse(ann)
	for i := 0; i < 20; i++ {
		_, errs2, notices2 := Parse(ann)
		require.Equal(t, errs1, errs2)
		require.Equal(t, notices1, notices2)
	}
}
