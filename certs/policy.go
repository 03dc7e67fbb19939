package certs

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"
)

// Keys of the certificate Secret; cert-manager writes the same ones.
const (
	CACertKey  = "ca.crt"
	TLSCertKey = "tls.crt"
	TLSKeyKey  = "tls.key"
)

// Defaults for Policy: a serving certificate lives a year and is renewed
// 90 days before it expires, so a daily check has about 90 chances to succeed
// before anything breaks.
const (
	DefaultValidity    = 365 * 24 * time.Hour
	DefaultRenewBefore = 90 * 24 * time.Hour
)

// Material is what the Secret holds: the CA bundle the API server trusts
// (current CA first, then the previous one while it is still valid) and the
// serving certificate and key.
type Material struct {
	CABundle []byte
	Cert     []byte
	Key      []byte
}

// MaterialFromData reads Material from a Secret's data.
func MaterialFromData(data map[string][]byte) Material {
	return Material{CABundle: data[CACertKey], Cert: data[TLSCertKey], Key: data[TLSKeyKey]}
}

// Data returns the Secret data holding m.
func (m Material) Data() map[string][]byte {
	return map[string][]byte{CACertKey: m.CABundle, TLSCertKey: m.Cert, TLSKeyKey: m.Key}
}

// Policy says which certificate the webhook needs and when to renew it.
type Policy struct {
	DNSNames    []string      // names the certificate must carry (see DNSNames)
	Validity    time.Duration // lifetime of a new serving certificate and of its CA
	RenewBefore time.Duration // renew when the certificate expires sooner than this
}

// Validate reports a policy that could not keep a certificate valid.
func (p Policy) Validate() error {
	switch {
	case len(p.DNSNames) == 0:
		return errors.New("no DNS names")
	case p.Validity <= ClockSkew:
		return fmt.Errorf("validity %s must be longer than %s", p.Validity, ClockSkew)
	case p.RenewBefore <= 0:
		return fmt.Errorf("renew-before %s must be positive", p.RenewBefore)
	case p.RenewBefore >= p.Validity:
		return fmt.Errorf("renew-before %s must be shorter than validity %s, or every run would renew", p.RenewBefore, p.Validity)
	}
	return nil
}

// Check returns why m needs a new certificate at now, or "" when its serving
// certificate matches the policy, chains to the first CA of its bundle, and
// stays valid for longer than RenewBefore.
func (p Policy) Check(m Material, now time.Time) string {
	if len(m.Cert) == 0 || len(m.Key) == 0 {
		return "no serving certificate"
	}
	pair, err := tls.X509KeyPair(m.Cert, m.Key)
	if err != nil {
		return "serving certificate or key unreadable, or they do not match"
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return "serving certificate unreadable"
	}
	if !sameNames(cert.DNSNames, p.DNSNames) {
		return fmt.Sprintf("DNS names %v, want %v", cert.DNSNames, p.DNSNames)
	}
	cas, err := ParseCerts(m.CABundle)
	if err != nil {
		return "no CA certificate"
	}
	roots := x509.NewCertPool()
	roots.AddCert(cas[0])
	if _, err := cert.Verify(x509.VerifyOptions{
		Roots:       roots,
		CurrentTime: now,
		DNSName:     p.DNSNames[0],
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}); err != nil {
		return fmt.Sprintf("serving certificate does not verify against ca.crt at %s: %v", now.UTC().Format(time.RFC3339), err)
	}
	if deadline := now.Add(p.RenewBefore); !deadline.Before(cert.NotAfter) || !deadline.Before(cas[0].NotAfter) {
		return fmt.Sprintf("serving certificate expires at %s, within renew-before %s", minTime(cert.NotAfter, cas[0].NotAfter).Format(time.RFC3339), p.RenewBefore)
	}
	return ""
}

// Result is the outcome of Ensure.
type Result struct {
	Material Material
	Renewed  bool
	Reason   string // why it was renewed; empty when it was not
	Serial   *big.Int
	NotAfter time.Time
}

// Ensure returns m when Check passes, and otherwise new material: a new CA,
// a serving certificate it signed, and a bundle of the new CA followed by
// the previous one when that is still valid at now.
func (p Policy) Ensure(m Material, now time.Time) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	reason := p.Check(m, now)
	if reason == "" {
		cert, _ := ParseCerts(m.Cert)
		return Result{Material: m, Serial: cert[0].SerialNumber, NotAfter: cert[0].NotAfter}, nil
	}
	ca, err := NewCA("apisix-ingress-webhook-ca", now, p.Validity)
	if err != nil {
		return Result{}, err
	}
	serving, err := NewServing(ca, p.DNSNames, now, p.Validity)
	if err != nil {
		return Result{}, err
	}
	bundle := []*x509.Certificate{ca.Cert}
	if old, err := ParseCerts(m.CABundle); err == nil && now.Before(old[0].NotAfter) {
		bundle = append(bundle, old[0])
	}
	return Result{
		Material: Material{CABundle: EncodeCerts(bundle...), Cert: serving.CertPEM, Key: serving.KeyPEM},
		Renewed:  true,
		Reason:   reason,
		Serial:   serving.Cert.SerialNumber,
		NotAfter: serving.Cert.NotAfter,
	}, nil
}

func sameNames(have, want []string) bool {
	a, b := slices.Clone(have), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a.UTC()
	}
	return b.UTC()
}
