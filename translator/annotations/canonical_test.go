package annotations

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCanonical(t *testing.T) {
	cases := []struct {
		key, value       string
		wantKey, wantVal string
		ok               bool
	}{
		{n("proxy-read-timeout"), "30", a("upstream-read-timeout"), "30s", true},
		{n("proxy-next-upstream-tries"), "3", a("upstream-retries"), "2", true},
		{n("proxy-next-upstream-tries"), "0", n("proxy-next-upstream-tries"), "0", true},
		{n("backend-protocol"), "GRPCS", a("upstream-scheme"), "grpcs", true},
		{n("backend-protocol"), "fcgi", "", "", false},
		{n("whitelist-source-range"), " 10.0.0.1/8 ,192.168.0.1", a("allowlist-source-range"), "10.0.0.0/8,192.168.0.1", true},
		{n("limit-whitelist"), "10.0.0.0/8", n("limit-allowlist"), "10.0.0.0/8", true},
		{n("denylist-source-range"), "1.2.3.4", a("blocklist-source-range"), "1.2.3.4", true},
		{n("enable-cors"), "True", a("enable-cors"), "true", true},
		{n("cors-allow-methods"), "get, post", a("cors-allow-methods"), "GET,POST", true},
		{n("force-ssl-redirect"), "1", a("http-to-https"), "true", true},
		{n("rewrite-target"), "/new", a("rewrite-target"), "/new", true},
		{n("rewrite-target"), "/$2", n("rewrite-target"), "/$2", true},
		{n("auth-url"), "https://auth.example.com/check", a("auth-uri"), "https://auth.example.com/check", true},
		{n("auth-response-headers"), "X-User, X-Email", a("auth-upstream-headers"), "X-User,X-Email", true},
		{n("ssl-redirect"), "FALSE", n("ssl-redirect"), "false", true},
		{n("proxy-body-size"), "8M", n("proxy-body-size"), "8m", true},
		{n("session-cookie-samesite"), "strict", n("session-cookie-samesite"), "Strict", true},
		{a("upstream-read-timeout"), "2m", a("upstream-read-timeout"), "120s", true},
		{a("upstream-scheme"), "HTTPS", a("upstream-scheme"), "https", true},
		{n("limit-rps"), "ten", "", "", false},
		{n("limit-rps"), "10\n", "", "", false},
		{n("configuration-snippet"), "x", "", "", false},
		{n("no-such-key"), "x", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			k, v, ok := Canonical(tc.key, tc.value)
			require.Equal(t, []any{tc.wantKey, tc.wantVal, tc.ok}, []any{k, v, ok})
		})
	}
}

// TestCanonicalKeepsMeaning checks that rewriting every translatable key to
// its canonical form parses to the same Config.
func TestCanonicalKeepsMeaning(t *testing.T) {
	for _, tc := range keyCases() {
		e, _ := Lookup(tc.key)
		if e.Stance == Reject || len(tc.extra) > 0 {
			continue
		}
		k, v, ok := Canonical(tc.key, tc.val)
		require.True(t, ok, tc.key)
		before, _, _ := Parse(map[string]string{tc.key: tc.val})
		after, errs, _ := Parse(map[string]string{k: v})
		require.Empty(t, errs, tc.key)
		require.Equal(t, before, after, tc.key)
	}
}
