// Package e2e proves translations by real requests: a real kube-apiserver
// and etcd, the webhook and the controller in one manager (internal/devstack),
// a real Apache APISIX 3.18.0 (../shared/apisix-runtime), and local backends
// (internal/echo) that EndpointSlices point at, on addresses of the loopback
// interface (see addresses_test.go for why they are not 127.0.0.x). Each
// scenario applies Kubernetes objects through the API server (so the webhook
// admits them) and asserts what a client sees: status, which backend
// answered, the URI and headers it received, response headers.
//
// Expectations come from ingress-nginx's documented behaviour
// (../shared/reference/ingress-nginx-annotations.md) and APISIX's
// documentation, never from the translator's output.
//
// Without the APISIX runtime the suite is skipped and says so; under
// CI=true that is a failure.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/devstack"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// suite is the shared stack; nil when the suite is skipped.
var suite *stack

// skipReason says why the suite did not run.
var skipReason string

type stack struct {
	apisix *apisixrt.Instance
	dev    *devstack.Stack
}

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	ctrllog.SetLogger(zap.New(zap.WriteTo(logSink()), zap.UseDevMode(true)))
	launcher, err := testutil.APISIXRuntime()
	if err != nil {
		if os.Getenv("CI") == "true" {
			return 1, fmt.Errorf("%v: the real-APISIX suite is required under CI=true", err)
		}
		skipReason = err.Error()
		// Run anyway so every test reports the skip by name.
		return m.Run(), nil
	}
	if err := ensurePodNet(); err != nil {
		if os.Getenv("CI") == "true" {
			return 1, err
		}
		skipReason = err.Error()
		return m.Run(), nil
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "apisix-ingress-e2e-")
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(tmp)
	// The opentelemetry plugin is not among APISIX's default plugins: an
	// operator enables it (as ingress-nginx's controller ConfigMap enables
	// its module), and so does the suite, for opentelemetry_test.go.
	plugins, err := exec.CommandContext(ctx, launcher, "plugins").Output()
	if err != nil {
		return 1, fmt.Errorf("apisix-runtime plugins: %w", err)
	}
	in, err := apisixrt.Start(ctx, filepath.Join(tmp, "apisix"), apisixrt.Options{Launcher: launcher,
		Args: []string{"--plugins", strings.TrimSpace(string(plugins)) + ",opentelemetry"}})
	if err != nil {
		return 1, err
	}
	defer in.Stop()
	assets, err := testenv.Assets()
	if err != nil {
		return 1, err
	}
	// The Gateway API CRDs make the controller and webhook serve Gateway API
	// kinds too (gateway_migrate_test.go). Gateways report 127.0.0.1 and get
	// no address pool: the suite's APISIX listens on a random port, and
	// without a pool routes do not match a listener's port.
	gwCRDs, err := devstack.GatewayAPICRDs()
	if err != nil {
		return 1, err
	}
	dev, err := devstack.Start(ctx, devstack.Options{
		Assets: assets, AdminURL: in.AdminURL, AdminKey: in.AdminKey, Dir: filepath.Join(tmp, "dev"), Log: logSink(),
		ExtraCRDs: gwCRDs, Gateway: translator.Options{GatewayAddresses: []string{"127.0.0.1"}},
	})
	if err != nil {
		return 1, fmt.Errorf("starting the stack: %w\nAPISIX error.log:\n%s", err, in.ErrorLogTail(30))
	}
	defer dev.Stop()
	suite = &stack{apisix: in, dev: dev}
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "APISIX error.log (tail):\n%s\n", in.ErrorLogTail(40))
	}
	return code, nil
}
