// Package webhookbench benchmarks the admission webhook against the real
// informer cache: a kube-apiserver and etcd (envtest) filled with Ingresses
// and Services, a controller-runtime manager with webhook.Setup (so the
// cache, its informers and field indexes are the ones production uses),
// and the handlers reached through the manager's webhook server's mux.
//
//	export KUBEBUILDER_ASSETS=$(bash hack/k8s-bins.sh)
//	go test ./tests/webhookbench -run '^$' -bench . -benchtime 3000x
package webhookbench

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// bench is the running control plane and webhook.
type bench struct {
	env    *testenv.Env
	mgr    ctrl.Manager
	addr   string      // host:port of the webhook server
	tls    *tls.Config // trusts the webhook server's certificate
	cancel context.CancelFunc
}

var cl *bench

func TestMain(m *testing.M) {
	flag.Parse()
	// The benchmarks measure the handlers, not logging: without a logger
	// controller-runtime prints a warning with a stack trace after 30 s.
	ctrl.SetLogger(logr.Discard())
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		// Only benchmarks live here: a plain `go test` (CI) skips the
		// control plane instead of starting it for nothing.
		os.Exit(m.Run())
	}
	var err error
	cl, err = start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if cl != nil {
			cl.stop()
		}
		os.Exit(1)
	}
	code := m.Run()
	cl.stop()
	os.Exit(code)
}

func start() (*bench, error) {
	env, err := testenv.Start(testenv.Options{})
	if err != nil {
		return nil, err
	}
	env.Config.QPS, env.Config.Burst = -1, 0 // no client-side rate limit while filling
	b := &bench{env: env}
	wo := envtest.WebhookInstallOptions{LocalServingHost: "127.0.0.1", LocalServingPort: freePort()}
	if err := wo.PrepWithoutInstalling(); err != nil {
		return b, err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(wo.LocalServingCAData)
	b.tls = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	b.addr = net.JoinHostPort(wo.LocalServingHost, strconv.Itoa(wo.LocalServingPort))
	b.mgr, err = ctrl.NewManager(env.Config, ctrl.Options{
		Scheme:  env.Scheme,
		Metrics: metricsserver.Options{BindAddress: "0"},
		WebhookServer: ctrlwebhook.NewServer(ctrlwebhook.Options{
			Host: wo.LocalServingHost, Port: wo.LocalServingPort, CertDir: wo.LocalServingCertDir,
			TLSOpts: webhook.TLSOptions(),
		}),
	})
	if err != nil {
		return b, err
	}
	if err := webhook.Setup(b.mgr, webhook.Options{Registerer: prometheus.NewRegistry()}); err != nil {
		return b, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go func() { _ = b.mgr.Start(ctx) }()
	if !b.mgr.GetCache().WaitForCacheSync(ctx) {
		return b, fmt.Errorf("cache did not sync")
	}
	return b, b.waitServing(30 * time.Second)
}

func (b *bench) waitServing(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		conn, err := tls.Dial("tcp", b.addr, b.tls)
		if err == nil {
			return conn.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("webhook server not serving on %s: %w", b.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *bench) stop() {
	if b.cancel != nil {
		b.cancel()
	}
	_ = b.env.Stop()
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 9443
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
