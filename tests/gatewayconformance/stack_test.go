package gatewayconformance

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	gatewayv1alpha2 "sigs.k8s.io/gateway-api/apis/v1alpha2"
	gatewayv1alpha3 "sigs.k8s.io/gateway-api/apis/v1alpha3"
	gatewayv1beta1 "sigs.k8s.io/gateway-api/apis/v1beta1"
	gatewayxv1alpha1 "sigs.k8s.io/gateway-api/apisx/v1alpha1"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/devstack"
	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
	"github.com/apisix-ingress/apisix-ingress/internal/podsim"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

// stack is the package's running product and cluster stand-ins.
type stack struct {
	apisix *apisixrt.Instance
	dev    *devstack.Stack
	sim    *podsim.Sim
	// client knows the core kinds, Gateway API's and CRDs (the schemes the
	// suite's own client has).
	client client.Client
	tmp    string
}

var (
	shared    *stack
	sharedErr error
	startOnce sync.Once
)

// need returns the shared stack, starting it on first use; it skips t
// without the APISIX runtime or local pod addresses (fails under CI=true).
func need(t *testing.T) *stack {
	t.Helper()
	launcher := testutil.APISIXLauncher(t)
	if err := podnet.Ensure(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: required under CI=true", err)
		}
		t.Skip(err)
	}
	startOnce.Do(func() {
		if shared, sharedErr = startStack(launcher); sharedErr != nil {
			shared = nil
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// startStack starts APISIX (listening on every Gateway address), the
// devstack (API server, webhook, controller) with Gateway API enabled
// through configureGatewayAPI, the Gateway API CRDs, podsim, and the
// GatewayClass.
func startStack(launcher string) (_ *stack, err error) {
	ctx := context.Background()
	s := &stack{}
	begin := time.Now()
	step := func(what string) {
		fmt.Fprintf(logSink(), "gatewayconformance: %s at %s\n", what, time.Since(begin).Round(time.Millisecond))
	}
	defer func() {
		if err != nil {
			s.stop()
		}
	}()
	if s.tmp, err = os.MkdirTemp("", "apisix-ingress-gwconf-"); err != nil {
		return nil, err
	}
	if s.apisix, err = apisixrt.Start(ctx, filepath.Join(s.tmp, "apisix"), apisixrt.Options{Launcher: launcher}); err != nil {
		return nil, err
	}
	step("APISIX started")
	httpAddrs, httpsAddrs, err := listenAddresses(gatewayAddressPool, gatewayHTTPPorts, gatewayHTTPSPorts)
	if err != nil {
		return nil, err
	}
	// The reload that adds the Gateway addresses runs while the API server
	// and the manager start.
	listened := make(chan error, 1)
	go func() { listened <- s.apisix.Listen(ctx, httpAddrs, httpsAddrs) }()
	defer func() {
		if lerr := <-listened; lerr != nil && err == nil {
			err = fmt.Errorf("APISIX on the Gateway addresses: %w", lerr)
		} else if lerr == nil {
			step("APISIX listens on the Gateway addresses")
		}
	}()
	assets, err := testenv.Assets()
	if err != nil {
		return nil, err
	}
	opts := devstack.Options{
		Assets: assets, AdminURL: s.apisix.AdminURL, AdminKey: s.apisix.AdminKey,
		Dir: filepath.Join(s.tmp, "dev"), Log: logSink(),
	}
	if err := configureGatewayAPI(&opts); err != nil {
		return nil, err
	}
	if s.dev, err = devstack.Start(ctx, opts); err != nil {
		return nil, fmt.Errorf("starting the stack: %w\nAPISIX error.log:\n%s", err, s.apisix.ErrorLogTail(30))
	}
	step("devstack started")
	crds, err := devstack.GatewayAPICRDs()
	if err != nil {
		return nil, err
	}
	if _, err := envtest.InstallCRDs(s.dev.Config, envtest.CRDInstallOptions{CRDs: crds}); err != nil {
		return nil, fmt.Errorf("installing the Gateway API CRDs: %w", err)
	}
	step("Gateway API CRDs installed")
	if s.client, err = client.New(s.suiteConfig(), client.Options{Scheme: scheme()}); err != nil {
		return nil, err
	}
	if s.sim, err = podsim.Start(ctx, s.dev.Config, podsim.Options{Log: logSink()}); err != nil {
		return nil, err
	}
	if err := ensureGatewayClass(ctx, s.client); err != nil {
		return nil, err
	}
	step("podsim started, GatewayClass created")
	return s, nil
}

func (s *stack) stop() {
	s.sim.Close()
	if s.dev != nil {
		_ = s.dev.Stop()
	}
	if s.apisix != nil {
		_ = s.apisix.Stop()
	}
	if s.tmp != "" {
		_ = os.RemoveAll(s.tmp)
	}
}

// suiteConfig is the RestConfig for the suite: its own copy (it rewrites
// UserAgent per test), without client-side throttling (client-go's default
// 5 requests/s makes its 100 ms polls, run by parallel tests, fail with
// "client rate limiter Wait returned an error").
func (s *stack) suiteConfig() *rest.Config {
	cfg := rest.CopyConfig(s.dev.Config)
	cfg.QPS, cfg.Burst = 500, 1000
	return cfg
}

// scheme has every kind the suite reads or writes.
func scheme() *runtime.Scheme {
	sc := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		clientgoscheme.AddToScheme, apiextensionsv1.AddToScheme, gatewayv1.Install, gatewayv1beta1.Install,
		gatewayv1alpha2.Install, gatewayv1alpha3.Install, gatewayxv1alpha1.Install,
	} {
		if err := add(sc); err != nil {
			panic(err)
		}
	}
	return sc
}

// ensureGatewayClass creates the GatewayClass the suite runs against (the
// suite expects it to exist and to be Accepted by the controller).
func ensureGatewayClass(ctx context.Context, c client.Client) error {
	gc := &gatewayv1.GatewayClass{
		ObjectMeta: metav1.ObjectMeta{Name: gatewayClassName},
		Spec:       gatewayv1.GatewayClassSpec{ControllerName: gatewayControllerName},
	}
	if err := c.Create(ctx, gc); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating GatewayClass %s: %w", gatewayClassName, err)
	}
	return nil
}

// listenAddresses are ip:port for every host address of pool (not its
// network and broadcast addresses) and each port.
func listenAddresses(pool string, httpPorts, httpsPorts []int) (httpAddrs, httpsAddrs []string, err error) {
	p, err := netip.ParsePrefix(pool)
	if err != nil || !p.Addr().Is4() {
		return nil, nil, fmt.Errorf("gateway address pool %q: want an IPv4 CIDR", pool)
	}
	p = p.Masked()
	for a := p.Addr().Next(); p.Contains(a.Next()); a = a.Next() {
		for _, port := range httpPorts {
			httpAddrs = append(httpAddrs, net.JoinHostPort(a.String(), strconv.Itoa(port)))
		}
		for _, port := range httpsPorts {
			httpsAddrs = append(httpsAddrs, net.JoinHostPort(a.String(), strconv.Itoa(port)))
		}
	}
	return httpAddrs, httpsAddrs, nil
}

func logSink() io.Writer {
	if os.Getenv("GATEWAY_CONFORMANCE_V") != "" {
		return os.Stderr
	}
	return io.Discard
}

// eventually polls check every 200 ms until it returns nil or timeout
// passes, then fails t with the last error.
func eventually(t *testing.T, timeout time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s: %v", what, timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
