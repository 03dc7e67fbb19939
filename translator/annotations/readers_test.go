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
