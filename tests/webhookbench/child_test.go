package webhookbench

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	ctrlwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/tests/webhookbench/loadgen"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// envKubeconfig names the kubeconfig file of the control plane, for the
// server process of BenchmarkHTTPSAdmissionsOneCore.
const envKubeconfig = "APISIX_INGRESS_WEBHOOKBENCH_KUBECONFIG"

// oneCoreServer is the server of BenchmarkHTTPSAdmissionsOneCore, started
// once for every run of the benchmark function (and ended with this
// process).
var oneCoreServer loadgen.Lazy

// TestHTTPSServerChild is the server process of
// BenchmarkHTTPSAdmissionsOneCore: a manager with webhook.Setup on the
// parent's control plane, serving until the parent is done. It is skipped
// in any other process.
func TestHTTPSServerChild(t *testing.T) {
	if !loadgen.Child() {
		t.Skip("the server of BenchmarkHTTPSAdmissionsOneCore")
	}
	if err := serveChild(); err != nil {
		t.Fatal(err)
	}
}

func serveChild() error {
	cfg, err := clientcmd.BuildConfigFromFlags("", os.Getenv(envKubeconfig))
	if err != nil {
		return err
	}
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return err
	}
	if err := apiv2.AddToScheme(scheme); err != nil {
		return err
	}
	s, err := loadgen.NewServing()
	if err != nil {
		return err
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:        scheme,
		Metrics:       metricsserver.Options{BindAddress: "0"},
		WebhookServer: ctrlwebhook.NewServer(s.Options(webhook.TLSOptions())),
	})
	if err != nil {
		return err
	}
	if err := webhook.Setup(mgr, webhook.Options{Registerer: prometheus.NewRegistry()}); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, 1)
	go func() { errs <- mgr.Start(ctx) }()
	if !mgr.GetCache().WaitForCacheSync(ctx) {
		return fmt.Errorf("cache did not sync")
	}
	if err := s.WaitServing(30 * time.Second); err != nil {
		return err
	}
	loadgen.WaitParent()
	cancel()
	return <-errs
}
