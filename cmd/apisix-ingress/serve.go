package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	crwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/spf13/pflag"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// serveFlags are the options of `serve`.
type serveFlags struct {
	kubeconfig        string
	adminURLs         multiFlag
	adminKeyFile      string
	adminKeySecret    string
	adminCAFile       string
	controllerName    string
	ingressClass      string
	extraClasses      string
	namespaces        string
	resync            time.Duration
	leaderElect       bool
	leaderNamespace   string
	metricsAddr       string
	probeAddr         string
	webhookPort       int
	webhookCertDir    string
	legacyPolicy      string
	statusAddresses   string
	disableWebhook    bool
	disableController bool
	schemasDir        string
	webhookHost       string
	gateway           gatewayFlags
}

func (f *serveFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file (default: in-cluster or $KUBECONFIG)")
	fs.Var(&f.adminURLs, "apisix-admin-url", "APISIX Admin API URL; repeat for failover")
	fs.StringVar(&f.adminKeyFile, "apisix-admin-key-file", "", "file holding the Admin API key")
	fs.StringVar(&f.adminKeySecret, "apisix-admin-key-secret", "", "Secret holding the Admin API key: NAMESPACE/NAME[:KEY] (KEY default \"key\")")
	fs.StringVar(&f.adminCAFile, "apisix-admin-ca-file", "", "PEM CA bundle for an https Admin API")
	fs.StringVar(&f.controllerName, "controller-name", translator.DefaultControllerName, "spec.controller of the IngressClasses served")
	fs.StringVar(&f.ingressClass, "ingress-class", translator.DefaultIngressClass, "IngressClass name served (also without an IngressClass object)")
	fs.StringVar(&f.extraClasses, "extra-ingress-classes", "", "further class names taken over, comma separated (e.g. nginx while migrating)")
	fs.StringVar(&f.namespaces, "watch-namespaces", "", "namespaces to watch, comma separated (default all)")
	fs.DurationVar(&f.resync, "resync-period", controller.DefaultResyncPeriod, "full resync period: re-list APISIX, repair drift, delete orphans")
	fs.BoolVar(&f.leaderElect, "leader-elect", false, "elect a leader on a Lease (run several replicas)")
	fs.StringVar(&f.leaderNamespace, "leader-election-namespace", "", "namespace of the Lease (default: the pod's)")
	fs.StringVar(&f.metricsAddr, "metrics-bind-address", ":8080", "Prometheus metrics address (0 disables)")
	fs.StringVar(&f.probeAddr, "health-probe-bind-address", ":8081", "/healthz and /readyz address")
	fs.IntVar(&f.webhookPort, "webhook-port", 9443, "admission webhook HTTPS port")
	fs.StringVar(&f.webhookHost, "webhook-host", "", "admission webhook listen host (default all)")
	fs.StringVar(&f.webhookCertDir, "webhook-cert-dir", "/tmp/k8s-webhook-server/serving-certs", "directory with tls.crt and tls.key (reloaded when they change)")
	fs.StringVar(&f.legacyPolicy, "legacy-annotations", string(webhook.PolicyConvert), "nginx annotations at admission: convert, warn or reject")
	fs.StringVar(&f.statusAddresses, "ingress-status-address", "", "addresses written to Ingress status.loadBalancer, comma separated")
	fs.BoolVar(&f.disableWebhook, "disable-webhook", false, "run without the admission webhook")
	fs.BoolVar(&f.disableController, "disable-controller", false, "run only the admission webhook")
	fs.StringVar(&f.schemasDir, "apisix-schemas", "", "directory of APISIX's JSON schemas (core.*.json, plugin.*.json): checks user plugin configs locally and lets the diff ignore plugin defaults APISIX fills in")
	f.gateway.register(fs, true)
}

// runServe runs the webhook and the controller in one manager.
func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	var f serveFlags
	f.register(fs)
	if code, done := parseFlags(fs, "serve", args, stdout, stderr); done {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.SetLogger(zap.New(zap.WriteTo(stderr)))
	if err := serve(ctx, f, stderr); err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, f serveFlags, stderr io.Writer) error {
	if !f.disableController && len(f.adminURLs) == 0 {
		return fmt.Errorf("--apisix-admin-url is required (or --disable-controller)")
	}
	policy, err := webhook.ParsePolicy(f.legacyPolicy)
	if err != nil {
		return err
	}
	cfg, err := restConfig(f.kubeconfig)
	if err != nil {
		return err
	}
	// Status writes for thousands of objects need more than client-go's
	// default 5 QPS.
	cfg.QPS, cfg.Burst = 200, 400
	var schemas *schema.Schemas
	if f.schemasDir != "" {
		if schemas, err = schema.Load(f.schemasDir, schema.Options{}); err != nil {
			return err
		}
	}
	// One annotation cache for the controller's translations and the
	// webhook's: a cluster has few distinct annotation sets.
	gwMode, err := kubekinds.ParseGatewayAPI(f.gateway.mode)
	if err != nil {
		return err
	}
	topts := translator.Options{ControllerName: f.controllerName, IngressClass: f.ingressClass, ExtraIngressClasses: splitList(f.extraClasses),
		AnnotationCache: translator.NewAnnotationCache(0)}
	f.gateway.apply(&topts, splitList(f.statusAddresses))
	copts := controller.Options{
		AdminURLs:              f.adminURLs,
		AdminKeyFile:           f.adminKeyFile,
		Translator:             topts,
		Namespaces:             splitList(f.namespaces),
		ResyncPeriod:           f.resync,
		IngressStatusAddresses: splitList(f.statusAddresses),
		GatewayAPI:             gwMode,
	}
	if schemas != nil {
		copts.Defaults = schemas
	}
	if f.adminKeySecret != "" {
		ref, err := parseSecretKeyRef(f.adminKeySecret)
		if err != nil {
			return err
		}
		copts.AdminKeySecret = ref
	}
	if f.adminCAFile != "" {
		if copts.AdminCABundle, err = os.ReadFile(f.adminCAFile); err != nil {
			return err
		}
	}
	mopts := controller.ManagerOptions(copts)
	mopts.LeaderElection = f.leaderElect
	mopts.LeaderElectionNamespace = f.leaderNamespace
	mopts.LeaderElectionReleaseOnCancel = true
	mopts.Metrics = metricsserver.Options{BindAddress: f.metricsAddr}
	mopts.HealthProbeBindAddress = f.probeAddr
	if !f.disableWebhook {
		mopts.WebhookServer = crwebhook.NewServer(crwebhook.Options{
			Host: f.webhookHost, Port: f.webhookPort, CertDir: f.webhookCertDir, TLSOpts: webhook.TLSOptions(),
		})
	}
	mgr, err := ctrl.NewManager(cfg, mopts)
	if err != nil {
		return err
	}
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return err
	}
	if !f.disableWebhook {
		wopts := webhook.Options{Translator: topts, Policy: policy, Schemas: schemas, GatewayAPI: gwMode, Logger: slog.New(slog.NewTextHandler(stderr, nil))}
		if len(f.adminURLs) > 0 {
			client, err := adminClient(ctx, mgr.GetAPIReader(), f, copts)
			if err != nil {
				return err
			}
			wopts.APISIX = client
		}
		if err := webhook.Setup(mgr, wopts); err != nil {
			return err
		}
		if err := mgr.AddReadyzCheck("webhook", mgr.GetWebhookServer().StartedChecker()); err != nil {
			return err
		}
	}
	if !f.disableController {
		if _, err := controller.Setup(mgr, copts); err != nil {
			return err
		}
	}
	return mgr.Start(ctx)
}

// adminClient is the Admin API client the webhook asks for plugin schemas,
// with the key the controller uses (from a file or a Secret).
func adminClient(ctx context.Context, r client.Reader, f serveFlags, copts controller.Options) (*apisix.Client, error) {
	key, err := controller.AdminKey(ctx, r, copts)
	if err != nil {
		return nil, err
	}
	return apisix.NewClient(apisix.Config{BaseURLs: f.adminURLs, APIKey: key, CABundle: copts.AdminCABundle, Timeout: time.Second, MaxRetries: -1})
}

func parseSecretKeyRef(s string) (*controller.SecretKeyRef, error) {
	nsName, key, _ := strings.Cut(s, ":")
	ns, name, ok := strings.Cut(nsName, "/")
	if !ok || ns == "" || name == "" {
		return nil, fmt.Errorf("--apisix-admin-key-secret %q: want NAMESPACE/NAME[:KEY]", s)
	}
	return &controller.SecretKeyRef{Namespace: ns, Name: name, Key: key}, nil
}
