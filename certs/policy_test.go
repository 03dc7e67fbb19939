package certs

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func testPolicy() Policy {
	return Policy{DNSNames: DNSNames("webhook", "ns"), Validity: DefaultValidity, RenewBefore: DefaultRenewBefore}
}

func TestEnsureCreatesThenKeeps(t *testing.T) {
	p, now := testPolicy(), time.Now()
	first, err := p.Ensure(Material{}, now)
	require.NoError(t, err)
	require.True(t, first.Renewed)
	require.Equal(t, "no serving certificate", first.Reason)
	require.Empty(t, p.Check(first.Material, now))

	cert := parse(t, first.Material.Cert)
	require.Equal(t, []string{"webhook", "webhook.ns", "webhook.ns.svc", "webhook.ns.svc.cluster.local"}, cert.DNSNames)
	require.Equal(t, now.Add(-ClockSkew).UTC().Truncate(time.Second), cert.NotBefore)
	require.Equal(t, first.Serial, cert.SerialNumber)
	require.Equal(t, first.NotAfter, cert.NotAfter)
	cas, err := ParseCerts(first.Material.CABundle)
	require.NoError(t, err)
	require.Len(t, cas, 1)
	require.True(t, cas[0].IsCA)

	// Later, but before the renewal window: unchanged, same bytes.
	again, err := p.Ensure(first.Material, now.Add(DefaultValidity-DefaultRenewBefore-time.Hour))
	require.NoError(t, err)
	require.False(t, again.Renewed)
	require.Equal(t, first.Material, again.Material)
}

func TestEnsureRenewsNearExpiryKeepingOldCA(t *testing.T) {
	p, now := testPolicy(), time.Now()
	old, err := p.Ensure(Material{}, now.Add(-300*24*time.Hour)) // 65 days left
	require.NoError(t, err)
	res, err := p.Ensure(old.Material, now)
	require.NoError(t, err)
	require.True(t, res.Renewed)
	require.Contains(t, res.Reason, "within renew-before 2160h0m0s")
	require.NotEqual(t, old.Serial, res.Serial)

	cas, err := ParseCerts(res.Material.CABundle)
	require.NoError(t, err)
	require.Len(t, cas, 2, "new CA first, the previous one kept while it is valid")
	oldCAs, _ := ParseCerts(old.Material.CABundle)
	require.Equal(t, oldCAs[0].Raw, cas[1].Raw)

	// Both the old and the new serving certificate verify against the new bundle.
	roots := x509.NewCertPool()
	for _, c := range cas {
		roots.AddCert(c)
	}
	for _, m := range []Material{old.Material, res.Material} {
		_, err := parse(t, m.Cert).Verify(x509.VerifyOptions{Roots: roots, DNSName: "webhook.ns.svc", CurrentTime: now})
		require.NoError(t, err)
	}

	// The next renewal keeps only the CA just replaced.
	later := now.Add(DefaultValidity - DefaultRenewBefore + time.Hour)
	next, err := p.Ensure(res.Material, later)
	require.NoError(t, err)
	require.True(t, next.Renewed)
	cas, _ = ParseCerts(next.Material.CABundle)
	require.Len(t, cas, 2)
	newCAs, _ := ParseCerts(res.Material.CABundle)
	require.Equal(t, newCAs[0].Raw, cas[1].Raw)
}

func TestCheckReasons(t *testing.T) {
	p, now := testPolicy(), time.Now()
	good, err := p.Ensure(Material{}, now)
	require.NoError(t, err)
	other, err := p.Ensure(Material{}, now)
	require.NoError(t, err)

	renamed := p
	renamed.DNSNames = DNSNames("webhook", "other")
	require.Contains(t, renamed.Check(good.Material, now), "DNS names")

	swappedKey := good.Material
	swappedKey.Key = other.Material.Key
	require.Equal(t, "serving certificate or key unreadable, or they do not match", p.Check(swappedKey, now))

	wrongCA := good.Material
	wrongCA.CABundle = other.Material.CABundle
	require.Contains(t, p.Check(wrongCA, now), "does not verify against ca.crt")

	noCA := good.Material
	noCA.CABundle = nil
	require.Equal(t, "no CA certificate", p.Check(noCA, now))

	require.Contains(t, p.Check(good.Material, now.Add(-2*ClockSkew)), "does not verify", "not yet valid")
	require.Contains(t, p.Check(good.Material, now.Add(DefaultValidity+time.Hour)), "does not verify", "expired")
	require.Equal(t, "no serving certificate", p.Check(Material{CABundle: good.Material.CABundle}, now))
}

func TestPolicyValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		mutate func(*Policy)
		want   string
	}{
		"no names":          {func(p *Policy) { p.DNSNames = nil }, "no DNS names"},
		"short validity":    {func(p *Policy) { p.Validity = time.Minute }, "validity 1m0s must be longer than 1h0m0s"},
		"zero renew":        {func(p *Policy) { p.RenewBefore = 0 }, "renew-before 0s must be positive"},
		"renew >= validity": {func(p *Policy) { p.RenewBefore = p.Validity }, "must be shorter than validity"},
	} {
		t.Run(name, func(t *testing.T) {
			p := testPolicy()
			tc.mutate(&p)
			require.ErrorContains(t, p.Validate(), tc.want)
			_, err := p.Ensure(Material{}, time.Now())
			require.Error(t, err)
		})
	}
	require.NoError(t, testPolicy().Validate())
}

func parse(t *testing.T, pemBytes []byte) *x509.Certificate {
	t.Helper()
	cs, err := ParseCerts(pemBytes)
	require.NoError(t, err)
	return cs[0]
}
