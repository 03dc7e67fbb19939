// Package webhook_test runs the admission webhook against a real
// kube-apiserver and etcd: the handlers served over TLS by a
// controller-runtime manager, registered with ValidatingWebhookConfiguration
// and MutatingWebhookConfiguration objects built by webhook.Configurations,
// and driven with kubectl.
package webhook_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// cluster is the control plane with the webhook registered.
type cluster struct {
	*testenv.Env
	apisix *apisixtest.Server
	cancel context.CancelFunc
}

var cl *cluster

func TestMain(m *testing.M) {
	// The plugin-schema cases need APISIX's schemas ($APISIX_SCHEMAS_DIR,
	// set by make test).
	if os.Getenv("APISIX_SCHEMAS_DIR") == "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "APISIX_SCHEMAS_DIR is not set (required under CI=true; make test sets it)")
			os.Exit(1)
		}
		fmt.Println("skipping: APISIX_SCHEMAS_DIR is not set; run make test")
		os.Exit(0)
	}
	var err error
	cl, err = start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	cl.stop()
	os.Exit(code)
}

func start() (*cluster, error) {
	vwc, mwc := webhook.Configurations(webhook.ConfigOptions{ServiceNamespace: "apisix-ingress", ServiceName: "webhook", ServicePort: 443})
	env, err := testenv.Start(testenv.Options{Webhooks: envtest.WebhookInstallOptions{
		ValidatingWebhooks: []*admissionregistrationv1.ValidatingWebhookConfiguration{vwc},
		MutatingWebhooks:   []*admissionregistrationv1.MutatingWebhookConfiguration{mwc},
	}})
	if err != nil {
		return nil, err
	}
	c := &cluster{Env: env}
	if err := c.init(os.Getenv("APISIX_SCHEMAS_DIR")); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// init starts the fake Admin API and the webhook behind a manager's
// webhook server, and waits until it serves.
func (c *cluster) init(schemas string) error {
	var err error
	c.apisix, err = apisixtest.Start(apisixtest.Options{SchemasDir: schemas, APIKey: "test-key"})
	if err != nil {
		return err
	}
	admin, err := apisix.NewClient(apisix.Config{BaseURLs: []string{c.apisix.URL}, APIKey: "test-key", MaxRetries: -1})
	if err != nil {
		return err
	}
	wo := c.Webhooks()
	mgr, err := ctrl.NewManager(c.Config, ctrl.Options{
		Scheme:  c.Scheme,
		Metrics: metricsserver.Options{BindAddress: "0"},
		WebhookServer: ctrlwebhook.NewServer(ctrlwebhook.Options{
			Host: wo.LocalServingHost, Port: wo.LocalServingPort, CertDir: wo.LocalServingCertDir,
			TLSOpts: webhook.TLSOptions(),
		}),
	})
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	if err := webhook.Setup(mgr, webhook.Options{APISIX: admin, Registerer: reg}); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go func() { _ = mgr.Start(ctx) }()
	if !mgr.GetCache().WaitForCacheSync(ctx) {
		return fmt.Errorf("cache did not sync")
	}
	addr := net.JoinHostPort(wo.LocalServingHost, strconv.Itoa(wo.LocalServingPort))
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // readiness probe only
		if err == nil {
			conn.Close()
			if schemasLoaded(reg) {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("webhook server not serving on %s, or plugin schemas not fetched: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// schemasLoaded reports whether the webhook has fetched APISIX's plugin
// schemas (in the background, after the manager starts).
func schemasLoaded(reg *prometheus.Registry) bool {
	mfs, err := reg.Gather()
	if err != nil {
		return false
	}
	for _, mf := range mfs {
		if mf.GetName() == "apisix_ingress_admission_plugin_schemas" {
			return len(mf.GetMetric()) > 0 && mf.GetMetric()[0].GetGauge().GetValue() > 0
		}
	}
	return false
}

func (c *cluster) stop() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.apisix != nil {
		c.apisix.Close()
	}
	_ = c.Stop()
}

// run runs kubectl with stdin (none when empty).
func (c *cluster) run(stdin string, args ...string) testenv.KubectlResult {
	var in []byte
	if stdin != "" {
		in = []byte(stdin)
	}
	return c.RunKubectl(context.Background(), in, args...)
}
