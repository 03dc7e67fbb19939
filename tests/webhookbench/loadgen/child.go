package loadgen

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"
)

// Serving is where a child serves: a free port on 127.0.0.1 and a serving
// certificate for it (tls.crt and tls.key in CertDir), signed by CAPEM.
type Serving struct {
	Host    string
	Port    int
	CertDir string
	CAPEM   []byte
}

// NewServing picks a port and writes a serving certificate.
func NewServing() (*Serving, error) {
	wo := envtest.WebhookInstallOptions{LocalServingHost: "127.0.0.1"}
	if err := wo.PrepWithoutInstalling(); err != nil {
		return nil, err
	}
	return &Serving{Host: wo.LocalServingHost, Port: wo.LocalServingPort, CertDir: wo.LocalServingCertDir, CAPEM: wo.LocalServingCAData}, nil
}

// Addr is host:port.
func (s *Serving) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Options are the options of controller-runtime's webhook server serving
// here with tlsOpts, as production does.
func (s *Serving) Options(tlsOpts []func(*tls.Config)) ctrlwebhook.Options {
	return ctrlwebhook.Options{Host: s.Host, Port: s.Port, CertDir: s.CertDir, TLSOpts: tlsOpts}
}

// WaitServing waits until a TLS handshake with the server succeeds, then
// announces it (see Announce).
func (s *Serving) WaitServing(timeout time.Duration) error {
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(s.CAPEM)
	cfg := &tls.Config{RootCAs: roots, ServerName: s.Host, MinVersion: tls.VersionTLS12}
	deadline := time.Now().Add(timeout)
	for {
		conn, err := tls.Dial("tcp", s.Addr(), cfg)
		if err == nil {
			_ = conn.Close()
			Announce(s.Addr(), s.CAPEM)
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("webhook server not serving on %s: %w", s.Addr(), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Serve serves handlers (by path) with controller-runtime's webhook server
// and tlsOpts, announces it, and returns when the parent is done.
func Serve(handlers map[string]http.Handler, tlsOpts []func(*tls.Config)) error {
	s, err := NewServing()
	if err != nil {
		return err
	}
	srv := ctrlwebhook.NewServer(s.Options(tlsOpts))
	for path, h := range handlers {
		srv.Register(path, h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, 1)
	go func() { errs <- srv.Start(ctx) }()
	if err := s.WaitServing(30 * time.Second); err != nil {
		return err
	}
	WaitParent()
	cancel()
	return <-errs
}
