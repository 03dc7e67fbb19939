package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// testCA is a certificate authority made for one test: a root, or an
// intermediate below parent.
type testCA struct {
	cert   *x509.Certificate
	key    *ecdsa.PrivateKey
	der    []byte
	parent *testCA
}

// nextSerial returns a serial number no other certificate of the run has.
func nextSerial() *big.Int { return big.NewInt(time.Now().UnixNano() + counter.Add(1)) }

// newCA makes a root CA (parent nil) or an intermediate CA signed by parent.
func newCA(t *testing.T, cn string, parent *testCA) *testCA {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"e2e"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	ca := &testCA{key: newKey(t), parent: parent}
	signer, signerKey := tmpl, ca.key
	if parent != nil {
		signer, signerKey = parent.cert, parent.key
	}
	ca.der, ca.cert = sign(t, tmpl, signer, &ca.key.PublicKey, signerKey)
	return ca
}

// pem is the CA's certificate in PEM (what a ca.crt holds).
func (ca *testCA) pem() []byte { return pemBlock("CERTIFICATE", ca.der) }

// issue makes a leaf certificate for cn: a server certificate for hosts
// when hosts are given, else a client certificate. The returned
// tls.Certificate carries the intermediates up to (not including) the root,
// as a client or server sends them; certPEM holds the same chain.
func (ca *testCA) issue(t *testing.T, cn string, hosts ...string) (cert tls.Certificate, certPEM, keyPEM []byte) {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: nextSerial(),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"e2e"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		DNSNames:     hosts,
	}
	if len(hosts) > 0 {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	key := newKey(t)
	der, leaf := sign(t, tmpl, ca.cert, &key.PublicKey, ca.key)
	cert = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	certPEM = pemBlock("CERTIFICATE", der)
	for c := ca; c.parent != nil; c = c.parent {
		cert.Certificate = append(cert.Certificate, c.der)
		certPEM = append(certPEM, c.pem()...)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return cert, certPEM, pemBlock("EC PRIVATE KEY", kb)
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sign(t *testing.T, tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, key *ecdsa.PrivateKey) ([]byte, *x509.Certificate) {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return der, c
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

// createSecret creates Secret ns/name of type typ with data.
func createSecret(t *testing.T, ns, name string, typ corev1.SecretType, data map[string][]byte) {
	t.Helper()
	s := need(t)
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Type: typ, Data: data}
	if err := s.dev.Client.Create(context.Background(), sec); err != nil {
		t.Fatal(err)
	}
}

// serverCert creates a kubernetes.io/tls Secret ns/name with a certificate
// for hosts, issued by a CA of its own.
func serverCert(t *testing.T, ns, name string, hosts ...string) {
	t.Helper()
	_, certPEM, keyPEM := newCA(t, "e2e server CA", nil).issue(t, hosts[0], hosts...)
	createSecret(t, ns, name, corev1.SecretTypeTLS, map[string][]byte{corev1.TLSCertKey: certPEM, corev1.TLSPrivateKeyKey: keyPEM})
}

// caSecret creates Secret ns/name holding ca.crt, as auth-tls-secret
// expects.
func caSecret(t *testing.T, ns, name string, ca *testCA) {
	t.Helper()
	createSecret(t, ns, name, corev1.SecretTypeOpaque, map[string][]byte{"ca.crt": ca.pem()})
}
