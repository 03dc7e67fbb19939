// Package webhook_test runs the admission webhook against a real
// kube-apiserver and etcd: the handlers served over TLS by a
// controller-runtime manager, registered with ValidatingWebhookConfiguration
// and MutatingWebhookConfiguration objects built by webhook.Configurations,
// and driven with kubectl.
package webhook_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// cluster is the control plane with the webhook registered.
type cluster struct {
	env        *envtest.Environment
	cfg        *rest.Config
	client     client.Client
	kubeconfig string
	kubectl    string
	apisix     *apisixtest.Server
	cancel     context.CancelFunc
	dir        string
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
	assets, err := testenv.Assets()
	if err != nil {
		return nil, err
	}
	schemas := os.Getenv("APISIX_SCHEMAS_DIR")
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, err
	}
	if err := apiv2.AddToScheme(scheme); err != nil {
		return nil, err
	}
	vwc, mwc := webhook.Configurations(webhook.ConfigOptions{ServiceNamespace: "apisix-ingress", ServiceName: "webhook", ServicePort: 443})
	env := &envtest.Environment{
		BinaryAssetsDirectory: assets,
		CRDDirectoryPaths:     []string{filepath.Join(testutil.ModuleRoot(), "manifests", "crds")},
		ErrorIfCRDPathMissing: true,
		Scheme:                scheme,
		WebhookInstallOptions: envtest.WebhookInstallOptions{
			ValidatingWebhooks: []*admissionregistrationv1.ValidatingWebhookConfiguration{vwc},
			MutatingWebhooks:   []*admissionregistrationv1.MutatingWebhookConfiguration{mwc},
		},
	}
	cfg, err := env.Start()
	if err != nil {
		return nil, err
	}
	c := &cluster{env: env, cfg: cfg}
	if err := c.init(assets, scheme, schemas); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

func (c *cluster) init(assets string, scheme *runtime.Scheme, schemas string) error {
	var err error
	if c.client, err = client.New(c.cfg, client.Options{Scheme: scheme}); err != nil {
		return err
	}
	if c.dir, err = os.MkdirTemp("", "apisix-ingress-webhook-"); err != nil {
		return err
	}
	user, err := c.env.AddUser(envtest.User{Name: "admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return err
	}
	kc, err := user.KubeConfig()
	if err != nil {
		return err
	}
	c.kubeconfig = filepath.Join(c.dir, "kubeconfig")
	if err := os.WriteFile(c.kubeconfig, kc, 0o600); err != nil {
		return err
	}
	if c.kubectl = filepath.Join(assets, "kubectl"); !fileExists(c.kubectl) {
		if c.kubectl, err = exec.LookPath("kubectl"); err != nil {
			return err
		}
	}
	c.apisix, err = apisixtest.Start(apisixtest.Options{SchemasDir: schemas, APIKey: "test-key"})
	if err != nil {
		return err
	}
	admin, err := apisix.NewClient(apisix.Config{BaseURLs: []string{c.apisix.URL}, APIKey: "test-key", MaxRetries: -1})
	if err != nil {
		return err
	}
	wo := c.env.WebhookInstallOptions
	mgr, err := ctrl.NewManager(c.cfg, ctrl.Options{
		Scheme:  scheme,
		Metrics: metricsserver.Options{BindAddress: "0"},
		WebhookServer: ctrlwebhook.NewServer(ctrlwebhook.Options{
			Host: wo.LocalServingHost, Port: wo.LocalServingPort, CertDir: wo.LocalServingCertDir,
			TLSOpts: webhook.TLSOptions(),
		}),
	})
	if err != nil {
		return err
	}
	if err := webhook.Setup(mgr, webhook.Options{APISIX: admin, Registerer: prometheus.NewRegistry()}); err != nil {
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
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("webhook server not serving on %s: %w", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *cluster) stop() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.apisix != nil {
		c.apisix.Close()
	}
	_ = c.env.Stop()
	if c.dir != "" {
		_ = os.RemoveAll(c.dir)
	}
}

// kubectl runs kubectl with stdin.
func (c *cluster) run(stdin string, args ...string) testenv.KubectlResult {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.kubectl, append([]string{"--kubeconfig", c.kubeconfig}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	res := testenv.KubectlResult{Stdout: out.String(), Stderr: errb.String()}
	if err != nil {
		res.ExitCode = -1
		if ee, ok := err.(*exec.ExitError); ok {
			res.ExitCode = ee.ExitCode()
		}
	}
	return res
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
