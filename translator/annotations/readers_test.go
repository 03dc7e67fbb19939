package annotations

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadersUseTheTableSemantics: the readers other packages use read a
// value as Parse does: strconv.ParseBool for booleans (migrate used to
// compare with "true" case-insensitively, so "1" was not a canary there),
// the canonical key winning over the ingress-nginx one, invalid values not
// applying.
func TestReadersUseTheTableSemantics(t *testing.T) {
	canary := func(v string) bool { return IsCanary(map[string]string{NginxPrefix + "canary": v}) }
	require.True(t, canary("true"))
	require.True(t, canary(" True "))
	require.True(t, canary("1"))
	require.False(t, canary("yes"))
	require.False(t, canary(""))

	require.True(t, SetsRegex(map[string]string{NginxPrefix + "use-regex": "true"}))
	require.True(t, SetsRegex(map[string]string{APISIXPrefix + "rewrite-target": "/"}))
	require.False(t, SetsRegex(map[string]string{NginxPrefix + "use-regex": "true", APISIXPrefix + "use-regex": "false"}),
		"the canonical key wins")

	c, on := AffinityCookie(map[string]string{NginxPrefix + "affinity": "cookie"})
	require.True(t, on)
	require.Equal(t, DefaultSessionCookieName, c)
	c, on = AffinityCookie(map[string]string{NginxPrefix + "affinity": "cookie", NginxPrefix + "session-cookie-name": "route"})
	require.True(t, on)
	require.Equal(t, "route", c)
	_, on = AffinityCookie(map[string]string{NginxPrefix + "session-cookie-name": "route"})
	require.False(t, on)

	require.Equal(t, []string{"header", "weight"}, CanaryRouting(map[string]string{
		NginxPrefix + "canary-weight": "10", NginxPrefix + "canary-by-header": "X-Canary", NginxPrefix + "canary-by-cookie": "",
	}))
	require.True(t, ServiceUpstream(map[string]string{NginxPrefix + "service-upstream": "TRUE"}))
	require.True(t, HasDefaultBackend(map[string]string{NginxPrefix + "default-backend": "standby"}))

	v, ok := LegacyClass(map[string]string{LegacyClassKey: "apisix"})
	require.True(t, ok)
	require.Equal(t, "apisix", v)
	require.True(t, IsDefaultClass(map[string]string{DefaultClassKey: "true"}))
	require.False(t, IsDefaultClass(map[string]string{DefaultClassKey: "True"}), "Kubernetes compares with \"true\" exactly")
	require.Equal(t, "canary", Name(NginxPrefix+"canary"))
	require.True(t, Ours(APISIXPrefix+"x") && IsLegacy(NginxPrefix+"x") && !IsLegacy(APISIXPrefix+"x"))
}

// TestNamesObjectsCoversEveryReference: every key whose parse sets a
// reference of Config (what translator.References reads) makes
// NamesObjects true; a set without such a key is not parsed for references.
func TestNamesObjectsCoversEveryReference(t *testing.T) {
	refs := func(c *Config) bool {
		return c.BasicAuth.Secret != nil || c.ExternalAuth.ProxySetHeaders != nil || c.ClientCert.CASecret != nil ||
			c.Headers.CustomHeaders != nil || c.Upstream.ClientCertSecret != nil ||
			c.Upstream.ServiceNamespace != "" || c.Route.DefaultBackend != "" || c.Route.PluginConfigName != ""
	}
	for _, e := range Table() {
		if e.run == nil || e.Stance == Reject {
			continue
		}
		for _, v := range []string{"ns/name", "name", "team-a", "true", "10", "/", "a.example.com"} {
			c := &Config{}
			if _, msg := e.run(v, c); msg == "" && refs(c) {
				require.True(t, NamesObjects(map[string]string{e.Key: v}), "%s=%s sets a reference", e.Key, v)
			}
		}
	}
	require.False(t, NamesObjects(map[string]string{NginxPrefix + "limit-rps": "10", "other": "x"}))
}
