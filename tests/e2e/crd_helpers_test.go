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
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// Helpers for the apisix.apache.org/v2 scenarios: backends with their own
// handlers (slow, TLS), certificates made with crypto/x509, Secrets, and
// what a TLS client receives.

// handlerBackend serves h (over TLS when cert is set) on a new pod address
// and creates Service name (port 80 "http") with an EndpointSlice to it.
func handlerBackend(t *testing.T, ns, name string, h http.Handler, cert *tls.Certificate) *echo.Server {
	t.Helper()
	ip := nextIP()
	s := &echo.Server{Name: name, IP: ip, Port: serve(t, ip, h, cert)}
	createService(t, ns, name, s)
	return s
}

// pool starts n echo handlers that all answer as name, on one port of n
// pod addresses, behind one Service name; a test tells them apart by their
// hit counts (or by the address they answer from: Got.Host is not it).
func pool(t *testing.T, ns, name string, n int) []*echo.Server {
	t.Helper()
	var servers []*echo.Server
	port := "0"
	for i := 0; i < n; i++ {
		ip := nextIP()
		ln, err := net.Listen("tcp", net.JoinHostPort(ip, port))
		if err != nil {
			t.Fatal(err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		port = fmt.Sprint(p)
		// echo.Server's handler needs none of Start's state.
		es := &echo.Server{Name: name, IP: ip, Port: int32(p)}
		srv := &http.Server{Handler: es, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { _ = srv.Close() })
		servers = append(servers, es)
	}
	createService(t, ns, name, servers...)
	return servers
}

// keyPair is a certificate and its key in PEM, and the parsed certificate.
type keyPair struct {
	CertPEM, KeyPEM []byte
	Cert            *x509.Certificate
	Key             *ecdsa.PrivateKey
}

// TLS is the pair as a tls.Certificate (for clients and servers).
func (k keyPair) TLS(t *testing.T) tls.Certificate {
	t.Helper()
	c, err := tls.X509KeyPair(k.CertPEM, k.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newCA makes a self-signed CA certificate.
func newCAPair(t *testing.T, cn string) keyPair {
	t.Helper()
	return makeCert(t, cn, nil, nil, true)
}

// issue makes a certificate for cn and dnsNames signed by ca (self-signed
// when ca is nil).
func issue(t *testing.T, ca *keyPair, cn string, dnsNames ...string) keyPair {
	t.Helper()
	return makeCert(t, cn, dnsNames, ca, false)
}

var serial int64 = time.Now().UnixNano()

func makeCert(t *testing.T, cn string, dnsNames []string, ca *keyPair, isCA bool) keyPair {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: cn},
		DNSNames:     dnsNames,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if isCA {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
	}
	parent, signer := tmpl, key
	if ca != nil {
		parent, signer = ca.Cert, ca.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}),
		Cert:    cert, Key: key,
	}
}

// secret creates Secret ns/name of type typ with data.
func secret(t *testing.T, ns, name string, typ corev1.SecretType, data map[string][]byte) {
	t.Helper()
	s := need(t)
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Type: typ, Data: data}
	if err := s.dev.Client.Create(context.Background(), sec); err != nil {
		t.Fatal(err)
	}
}

// tlsSecretFromPair creates a kubernetes.io/tls Secret holding kp (and ca.crt when
// ca is set).
func tlsSecretFromPair(t *testing.T, ns, name string, kp keyPair, ca []byte) {
	t.Helper()
	data := map[string][]byte{corev1.TLSCertKey: kp.CertPEM, corev1.TLSPrivateKeyKey: kp.KeyPEM}
	if ca != nil {
		data["ca.crt"] = ca
	}
	createSecret(t, ns, name, corev1.SecretTypeTLS, data)
}

// serverCert connects to APISIX's HTTPS port with SNI sni and returns the
// certificate it presents.
func servedCert(sni string) (*x509.Certificate, error) {
	d := &net.Dialer{Timeout: 5 * time.Second}
	addr := strings.TrimPrefix(suite.apisix.HTTPSURL, "https://")
	conn, err := tls.DialWithDialer(d, "tcp", addr, &tls.Config{ServerName: sni, InsecureSkipVerify: true}) //nolint:gosec // the test inspects the certificate itself
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0], nil
}

// awaitCert waits until APISIX presents, for sni, a certificate whose
// subject CN is cn, and returns it.
func awaitCert(t *testing.T, sni, cn string) *x509.Certificate {
	t.Helper()
	return awaitCertWithin(t, sni, cn, 20*time.Second)
}

// awaitCertWithin is awaitCert with a deadline of d.
func awaitCertWithin(t *testing.T, sni, cn string, d time.Duration) *x509.Certificate {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		c, err := servedCert(sni)
		if err == nil && c.Subject.CommonName == cn {
			return c
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("got subject %q, SANs %v", c.Subject.CommonName, c.DNSNames)
			}
			t.Fatalf("certificate %q for SNI %s not presented within %v: %v", cn, sni, d, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// all is a check: every check passes.
func all(checks ...func(Response) error) func(Response) error {
	return func(r Response) error {
		for _, c := range checks {
			if err := c(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// header is a check: the response header name has value want.
func header(name, want string) func(Response) error {
	return func(r Response) error {
		if got := r.Header.Get(name); got != want {
			return fmt.Errorf("response header %s: got %q, want %q (status %d)", name, got, want, r.Status)
		}
		return nil
	}
}

// expect sends r once and fails t unless check passes.
func expect(t *testing.T, what string, r Req, check func(Response) error) Response {
	t.Helper()
	resp := do(t, r)
	if err := check(resp); err != nil {
		t.Errorf("%s: %v", what, err)
	}
	return resp
}

// svcPort is one port of a Service made by portsService.
type svcPort struct {
	Name   string
	Port   int32 // the Service port
	Target int32 // the pod's port
}

// portsService creates Service ns/name with ports, and an EndpointSlice
// listing ip as a ready endpoint with every target port.
func portsService(t *testing.T, ns, name, ip string, ports ...svcPort) {
	t.Helper()
	s := need(t)
	ctx := context.Background()
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	es := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name + "-e2e",
			Labels: map[string]string{discoveryv1.LabelServiceName: name}},
		AddressType: discoveryv1.AddressTypeIPv4,
	}
	ready := true
	es.Endpoints = []discoveryv1.Endpoint{{Addresses: []string{ip}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}}
	for _, p := range ports {
		proto := corev1.ProtocolTCP
		svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Name: p.Name, Port: p.Port, TargetPort: intstr.FromInt32(p.Target), Protocol: proto})
		pname, target := p.Name, p.Target
		es.Ports = append(es.Ports, discoveryv1.EndpointPort{Name: &pname, Port: &target, Protocol: &proto})
	}
	if err := s.dev.Client.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	if err := s.dev.Client.Create(ctx, es); err != nil {
		t.Fatal(err)
	}
}

// serve serves h on ip (a free port; over TLS with cert) until the test ends.
func serve(t *testing.T, ip string, h http.Handler, cert *tls.Certificate) int32 {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if cert != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return int32(ln.Addr().(*net.TCPAddr).Port)
}

// awaitUpdate is await with a longer deadline, for a change to objects
// APISIX already serves: on a busy machine an update has been seen to take
// close to await's 20 s to reach clients.
func awaitUpdate(t *testing.T, r Req, what string, check func(Response) error) Response {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for {
		resp, err := send(r)
		if err == nil {
			if last = check(resp); last == nil {
				return resp
			}
		} else {
			last = err
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within 60s: %v", what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
