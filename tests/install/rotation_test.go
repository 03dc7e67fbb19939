package install_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/certwatcher"

	"github.com/apisix-ingress/apisix-ingress/certs"
)

// TestRotationServedWithoutRestart: a serving certificate 65 days from
// expiry (inside the 90-day renew-before window) is renewed by the
// reconciler against the real API server; a TLS server that reads the files
// through controller-runtime's certwatcher, as the webhook server does, serves
// the new certificate without a restart, and a client trusting the updated
// caBundle accepts both the old and the new certificate.
func TestRotationServedWithoutRestart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const ns, svc = "rotation", "webhook"
	_, err := env.CreateNamespace(ctx, ns)
	require.NoError(t, err)
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "rotation"},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:                    "rotation.example.com",
			ClientConfig:            admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: ns, Name: svc}},
			SideEffects:             ptr(admissionregistrationv1.SideEffectClassNone),
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	require.NoError(t, env.Client.Create(ctx, vwc))

	now := time.Now()
	r := &certs.Reconciler{
		Client: env.Client, Namespace: ns, SecretName: "tls", ServiceName: svc, WebhookConfigs: []string{"rotation"},
		Policy: certs.Policy{DNSNames: certs.DNSNames(svc, ns), Validity: certs.DefaultValidity, RenewBefore: certs.DefaultRenewBefore},
		Now:    func() time.Time { return now.Add(-300 * 24 * time.Hour) }, // issued 300 days ago
	}
	first, err := r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "created", first.Secret)

	// The kubelet's view of the Secret volume, and the server reading it.
	dir := t.TempDir()
	writeSecretFiles(t, dir, ns)
	cw, err := certwatcher.New(filepath.Join(dir, certs.TLSCertKey), filepath.Join(dir, certs.TLSKeyKey))
	require.NoError(t, err)
	go func() { _ = cw.Start(ctx) }()
	addr := serveTLS(t, ctx, cw)
	require.Equal(t, first.Result.Serial, servedSerial(t, addr, caBundle(t, "rotation")))

	r.Now = time.Now
	second, err := r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "updated", second.Secret)
	require.Contains(t, second.Result.Reason, "within renew-before")
	require.Equal(t, []string{"ValidatingWebhookConfiguration/rotation"}, second.Injected)
	bundle := caBundle(t, "rotation")
	cas, err := certs.ParseCerts(bundle)
	require.NoError(t, err)
	require.Len(t, cas, 2, "the new CA and the one that signed the certificate still served")
	require.Equal(t, first.Result.Serial, servedSerial(t, addr, bundle), "the old certificate stays trusted meanwhile")

	writeSecretFiles(t, dir, ns)
	start := time.Now()
	require.Eventually(t, func() bool {
		serial, err := dialSerial(addr, bundle)
		return err == nil && serial.Cmp(second.Result.Serial) == 0
	}, 15*time.Second, 20*time.Millisecond, "the server never served the renewed certificate")
	t.Logf("renewed certificate served %s after the files changed", time.Since(start).Round(time.Millisecond))
}

func ptr[T any](v T) *T { return &v }

// writeSecretFiles writes tls.crt and tls.key of the Secret the way the
// kubelet updates a Secret volume: each file replaced atomically.
func writeSecretFiles(t *testing.T, dir, ns string) {
	t.Helper()
	var sec corev1.Secret
	require.NoError(t, env.Client.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: "tls"}, &sec))
	for _, k := range []string{certs.TLSKeyKey, certs.TLSCertKey} {
		tmp := filepath.Join(dir, "."+k+".tmp")
		require.NoError(t, os.WriteFile(tmp, sec.Data[k], 0o600))
		require.NoError(t, os.Rename(tmp, filepath.Join(dir, k)))
	}
}

func caBundle(t *testing.T, name string) []byte {
	t.Helper()
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	require.NoError(t, env.Client.Get(context.Background(), types.NamespacedName{Name: name}, vwc))
	return vwc.Webhooks[0].ClientConfig.CABundle
}

// serveTLS accepts TLS connections on 127.0.0.1 with certificates from cw
// until ctx ends, and returns the address.
func serveTLS(t *testing.T, ctx context.Context, cw *certwatcher.CertWatcher) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{GetCertificate: cw.GetCertificate, MinVersion: tls.VersionTLS12})
	require.NoError(t, err)
	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_ = c.(*tls.Conn).HandshakeContext(ctx)
			}(c)
		}
	}()
	return ln.Addr().String()
}

// servedSerial connects as the API server would (trusting bundle, checking
// the Service's DNS name) and returns the serial of the certificate served.
func servedSerial(t *testing.T, addr string, bundle []byte) *big.Int {
	t.Helper()
	serial, err := dialSerial(addr, bundle)
	require.NoError(t, err)
	return serial
}

func dialSerial(addr string, bundle []byte) (*big.Int, error) {
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(bundle) {
		return nil, errors.New("no certificate in caBundle")
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: roots, ServerName: "webhook.rotation.svc", MinVersion: tls.VersionTLS12})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber, nil
}
