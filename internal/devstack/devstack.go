// Package devstack runs the whole product on one machine for `apisix-ingress
// dev`: a real kube-apiserver and etcd (controller-runtime's envtest), the
// CRDs and webhook configurations of manifests/ installed, the webhook and
// the controller in one manager, and an Admin API: a real APISIX (one given
// by URL, or one started through the apisix-runtime launcher, with echo
// servers standing in for the demo's pods), otherwise the in-process
// apisixtest server.
package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	crwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// Options configure the stack.
type Options struct {
	// Assets is the directory holding kube-apiserver and etcd.
	Assets string
	// AdminURL and AdminKey name a real APISIX; empty starts apisixtest on
	// AdminListen.
	AdminURL    string
	AdminKey    string
	AdminListen string
	// APISIXRuntime is the path of the apisix-runtime launcher: when set
	// (and AdminURL is not), the stack starts a real APISIX 3.18.0 with it
	// and echo servers for the demo's pods. When that fails, the stack
	// uses the in-process Admin API and says why in Notes.
	APISIXRuntime string
	// SchemasDir, when set, gives the in-process Admin API APISIX's JSON
	// schemas, so it knows (and checks) every plugin, not only the ones the
	// project models.
	SchemasDir string
	// ExtraCRDs are installed with the project's (the Gateway API CRDs,
	// say); the controller and webhook watch the Gateway API kinds when
	// they are among them.
	ExtraCRDs []*apiextensionsv1.CustomResourceDefinition
	// Gateway sets the Gateway API options of the translation
	// (GatewayControllerName, GatewayAddresses, GatewayAddressPool); its
	// other fields are ignored.
	Gateway translator.Options
	// Dir receives the kubeconfig; it is created and removed by Stop.
	Dir string
	// Log receives the components' logs.
	Log io.Writer
}

// Stack is a running local product.
type Stack struct {
	Config     *rest.Config
	Client     client.Client
	Kubeconfig string
	AdminURL   string
	AdminKey   string
	Admin      *apisix.Client
	// HTTPURL is the real APISIX's proxy listener ("" without one).
	HTTPURL string
	// Pods stand in for the demo's pods (nil without a real APISIX, or
	// when the pod addresses could not be made local: see Notes).
	Pods *Pods
	// Notes say what was skipped and why.
	Notes []string

	env    *envtest.Environment
	apisix *apisixrt.Instance
	fake   *apisixtest.Server
	cancel context.CancelFunc
	done   chan error
	dir    string
}

// Start brings the stack up; call Stop to tear it down.
func Start(ctx context.Context, opts Options) (_ *Stack, err error) {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Stack{dir: opts.Dir, done: make(chan error, 1)}
	defer func() {
		if err != nil {
			_ = s.Stop()
		}
	}()
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, err
	}
	if err := s.startAPIServer(opts); err != nil {
		return nil, err
	}
	if err := s.startRealAPISIX(ctx, opts); err != nil {
		return nil, err
	}
	if err := s.startAPISIX(opts); err != nil {
		return nil, err
	}
	if err := s.startManager(ctx, opts); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Stack) startAPIServer(opts Options) error {
	crds, err := embeddedCRDs()
	if err != nil {
		return err
	}
	crds = append(crds, opts.ExtraCRDs...)
	vwh, mwh, err := embeddedWebhooks()
	if err != nil {
		return err
	}
	s.env = &envtest.Environment{
		BinaryAssetsDirectory: opts.Assets,
		CRDInstallOptions:     envtest.CRDInstallOptions{CRDs: crds},
		WebhookInstallOptions: envtest.WebhookInstallOptions{
			ValidatingWebhooks: vwh, MutatingWebhooks: mwh, LocalServingHost: "127.0.0.1",
		},
		Scheme: controller.NewScheme(),
	}
	cfg, err := s.env.Start()
	if err != nil {
		return fmt.Errorf("starting kube-apiserver and etcd from %s: %w", opts.Assets, err)
	}
	s.Config = cfg
	if s.Client, err = client.New(cfg, client.Options{Scheme: s.env.Scheme}); err != nil {
		return err
	}
	user, err := s.env.AddUser(envtest.User{Name: "admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return err
	}
	kc, err := user.KubeConfig()
	if err != nil {
		return err
	}
	s.Kubeconfig = filepath.Join(s.dir, "kubeconfig")
	if err := os.WriteFile(s.Kubeconfig, kc, 0o600); err != nil {
		return err
	}
	return applyEmbeddedIngressClass(context.Background(), s.Client)
}

func (s *Stack) startAPISIX(opts Options) error {
	s.AdminURL, s.AdminKey = opts.AdminURL, opts.AdminKey
	if s.apisix != nil {
		s.AdminURL, s.AdminKey = s.apisix.AdminURL, s.apisix.AdminKey
	}
	if s.AdminURL == "" {
		s.AdminKey = devAdminKey
		fake, err := apisixtest.Start(apisixtest.Options{Addr: opts.AdminListen, APIKey: s.AdminKey, SchemasDir: opts.SchemasDir})
		if err != nil {
			return fmt.Errorf("starting the in-process Admin API on %s: %w", opts.AdminListen, err)
		}
		s.fake, s.AdminURL = fake, fake.URL
	}
	admin, err := apisix.NewClient(apisix.Config{BaseURLs: []string{s.AdminURL}, APIKey: s.AdminKey})
	if err != nil {
		return err
	}
	s.Admin = admin
	return nil
}

func (s *Stack) startManager(ctx context.Context, opts Options) error {
	topts := translator.Options{AnnotationCache: translator.NewAnnotationCache(0),
		GatewayControllerName: opts.Gateway.GatewayControllerName, GatewayAddresses: opts.Gateway.GatewayAddresses,
		GatewayAddressPool: opts.Gateway.GatewayAddressPool}
	copts := controller.Options{AdminClient: s.Admin, Translator: topts, Debounce: 50 * time.Millisecond}
	mopts := controller.ManagerOptions(copts)
	mopts.Metrics = metricsserver.Options{BindAddress: "0"}
	mopts.HealthProbeBindAddress = "0"
	wio := &s.env.WebhookInstallOptions
	mopts.WebhookServer = crwebhook.NewServer(crwebhook.Options{
		Host: wio.LocalServingHost, Port: wio.LocalServingPort, CertDir: wio.LocalServingCertDir, TLSOpts: webhook.TLSOptions(),
	})
	// Status writes for many objects need more than client-go's default
	// 5 QPS, as in serve.
	mcfg := rest.CopyConfig(s.Config)
	mcfg.QPS, mcfg.Burst = 200, 400
	mgr, err := ctrl.NewManager(mcfg, mopts)
	if err != nil {
		return err
	}
	if err := webhook.Setup(mgr, webhook.Options{Translator: topts, APISIX: s.Admin}); err != nil {
		return err
	}
	if _, err := controller.Setup(mgr, copts); err != nil {
		return err
	}
	mctx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	go func() { s.done <- mgr.Start(mctx) }()
	return s.waitWebhook(ctx)
}

// waitWebhook waits until the webhook server answers the API server.
func (s *Stack) waitWebhook(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := dryRunProbe(ctx, s.Client)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the webhook did not answer within 30s: %w", err)
		}
		select {
		case err := <-s.done:
			return fmt.Errorf("the manager stopped: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop tears everything down and removes the stack's files.
func (s *Stack) Stop() error {
	var errs []error
	if s.cancel != nil {
		s.cancel()
		select {
		case err := <-s.done:
			if err != nil && !errors.Is(err, context.Canceled) {
				errs = append(errs, err)
			}
		case <-time.After(15 * time.Second):
			errs = append(errs, errors.New("the manager did not stop within 15s"))
		}
	}
	if s.fake != nil {
		s.fake.Close()
	}
	s.Pods.Close()
	if s.apisix != nil {
		errs = append(errs, s.apisix.Stop())
	}
	if s.env != nil {
		errs = append(errs, s.env.Stop())
	}
	if s.dir != "" {
		errs = append(errs, os.RemoveAll(s.dir))
	}
	return errors.Join(errs...)
}
