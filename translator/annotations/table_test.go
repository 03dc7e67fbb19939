package annotations

import (
	"strings"
	"testing"
)

// nginxKeys are the 136 keys of ingress-nginx's annotation parsers plus
// its two aliases (whitelist-source-range, limit-whitelist), at
// kubernetes/ingress-nginx dbb11b92 (controller v1.15.1, the last release).
var nginxKeys = []string{
	"rewrite-target",
	"use-regex",
	"app-root",
	"server-alias",
	"default-backend",
	"custom-http-errors",
	"disable-proxy-intercept-errors",
	"ssl-redirect",
	"force-ssl-redirect",
	"preserve-trailing-slash",
	"from-to-www-redirect",
	"permanent-redirect",
	"permanent-redirect-code",
	"temporal-redirect",
	"temporal-redirect-code",
	"relative-redirects",
	"use-port-in-redirects",
	"ssl-passthrough",
	"ssl-ciphers",
	"ssl-prefer-server-ciphers",
	"backend-protocol",
	"service-upstream",
	"upstream-vhost",
	"proxy-http-version",
	"proxy-ssl-secret",
	"proxy-ssl-verify",
	"proxy-ssl-verify-depth",
	"proxy-ssl-ciphers",
	"proxy-ssl-protocols",
	"proxy-ssl-name",
	"proxy-ssl-server-name",
	"fastcgi-index",
	"fastcgi-params-configmap",
	"proxy-connect-timeout",
	"proxy-send-timeout",
	"proxy-read-timeout",
	"proxy-next-upstream",
	"proxy-next-upstream-timeout",
	"proxy-next-upstream-tries",
	"proxy-request-buffering",
	"proxy-body-size",
	"client-body-buffer-size",
	"proxy-buffering",
	"proxy-buffers-number",
	"proxy-buffer-size",
	"proxy-busy-buffers-size",
	"proxy-max-temp-file-size",
	"enable-cors",
	"cors-allow-origin",
	"cors-allow-methods",
	"cors-allow-headers",
	"cors-expose-headers",
	"cors-allow-credentials",
	"cors-max-age",
	"whitelist-source-range",
	"allowlist-source-range",
	"denylist-source-range",
	"satisfy",
	"limit-rps",
	"limit-rpm",
	"limit-connections",
	"limit-burst-multiplier",
	"limit-allowlist",
	"limit-whitelist",
	"limit-rate",
	"limit-rate-after",
	"auth-type",
	"auth-secret",
	"auth-secret-type",
	"auth-realm",
	"auth-url",
	"auth-method",
	"auth-signin",
	"auth-signin-redirect-param",
	"auth-response-headers",
	"auth-proxy-set-headers",
	"auth-request-redirect",
	"auth-cache-key",
	"auth-cache-duration",
	"auth-always-set-cookie",
	"auth-keepalive",
	"auth-keepalive-share-vars",
	"auth-keepalive-requests",
	"auth-keepalive-timeout",
	"auth-snippet",
	"enable-global-auth",
	"auth-tls-secret",
	"auth-tls-verify-client",
	"auth-tls-verify-depth",
	"auth-tls-error-page",
	"auth-tls-pass-certificate-to-upstream",
	"auth-tls-match-cn",
	"canary",
	"canary-by-header",
	"canary-by-header-value",
	"canary-by-header-pattern",
	"canary-by-cookie",
	"canary-weight",
	"canary-weight-total",
	"affinity",
	"affinity-mode",
	"affinity-canary-behavior",
	"session-cookie-name",
	"session-cookie-path",
	"session-cookie-domain",
	"session-cookie-expires",
	"session-cookie-max-age",
	"session-cookie-secure",
	"session-cookie-samesite",
	"session-cookie-conditional-samesite-none",
	"session-cookie-change-on-failure",
	"upstream-hash-by",
	"upstream-hash-by-subset",
	"upstream-hash-by-subset-size",
	"load-balance",
	"x-forwarded-prefix",
	"connection-proxy-header",
	"custom-headers",
	"proxy-cookie-domain",
	"proxy-cookie-path",
	"proxy-redirect-from",
	"proxy-redirect-to",
	"mirror-target",
	"mirror-host",
	"mirror-request-body",
	"configuration-snippet",
	"server-snippet",
	"stream-snippet",
	"modsecurity-snippet",
	"enable-modsecurity",
	"enable-owasp-core-rules",
	"modsecurity-transaction-id",
	"enable-access-log",
	"enable-rewrite-log",
	"enable-opentelemetry",
	"opentelemetry-trust-incoming-span",
	"opentelemetry-operation-name",
	"http2-push-preload",
}

func TestTableHasEveryIngressNginxKey(t *testing.T) {
	if len(nginxKeys) != 138 {
		t.Fatalf("nginxKeys has %d keys, want 136 + 2 aliases", len(nginxKeys))
	}
	covered := map[string]bool{}
	for _, c := range keyCases() {
		covered[c.key] = true
	}
	for _, k := range nginxKeys {
		e, ok := Lookup(NginxPrefix + k)
		if !ok {
			t.Errorf("%s: not in the table", k)
			continue
		}
		switch e.Stance {
		case Translate, TranslateWithWarning, IgnoreWithWarning, Reject:
		default:
			t.Errorf("%s: stance %q", k, e.Stance)
		}
		if !covered[e.Key] {
			t.Errorf("%s: no test case in keyCases", k)
		}
	}
	for _, e := range Table() {
		if !covered[e.Key] {
			t.Errorf("%s: no test case in keyCases", e.Key)
		}
	}
}

func TestTableEntriesAreComplete(t *testing.T) {
	for _, e := range Table() {
		if e.Type == "" || e.Group == "" || e.Description == "" || e.APISIX == "" || e.run == nil {
			t.Errorf("%s: missing type, group, description, APISIX or parser", e.Key)
		}
		if (e.Stance == Translate) != (e.Note == "") {
			t.Errorf("%s: stance %s needs a note exactly when it is not Translate", e.Key, e.Stance)
		}
		if len(e.Note) > 120 {
			t.Errorf("%s: note is %d characters, want <= 120", e.Key, len(e.Note))
		}
		if strings.HasSuffix(e.Key, "-snippet") && e.Stance != Reject {
			t.Errorf("%s: snippet keys must be rejected", e.Key)
		}
		for _, ref := range []string{e.Canonical, e.AliasOf} {
			if _, ok := Lookup(ref); ref != "" && !ok {
				t.Errorf("%s: refers to unknown key %s", e.Key, ref)
			}
		}
		if e.Canonical != "" && !strings.HasPrefix(e.Canonical, APISIXPrefix) {
			t.Errorf("%s: canonical key %s is not a %s key", e.Key, e.Canonical, APISIXPrefix)
		}
	}
}

func TestTableIsACopy(t *testing.T) {
	tab := Table()
	tab[0].Key = "changed"
	if Table()[0].Key == "changed" {
		t.Fatal("Table exposes the registry")
	}
}

func TestStanceCounts(t *testing.T) {
	got := map[Stance]int{}
	for _, k := range nginxKeys {
		e, _ := Lookup(NginxPrefix + k)
		got[e.Stance]++
	}
	want := map[Stance]int{Translate: 62, TranslateWithWarning: 27, IgnoreWithWarning: 40, Reject: 9}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("%s: %d keys, want %d", s, got[s], n)
		}
	}
}
