package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/spf13/pflag"

	"github.com/apisix-ingress/apisix-ingress/certs"
)

// certgenFlags are certgen's options, parsed from its arguments.
type certgenFlags struct {
	kubeconfig  string
	namespace   string
	secretName  string
	serviceName string
	configs     []string
	validity    time.Duration
	renewBefore time.Duration
	every       time.Duration
}

func parseCertgenFlags(args []string, stdout, stderr io.Writer) (certgenFlags, error) {
	f := certgenFlags{}
	fs := newFlagSet("certgen", stderr)
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)")
	fs.StringVarP(&f.namespace, "namespace", "n", defaultNamespace(), "namespace of the Secret and the webhook Service ($POD_NAMESPACE when set)")
	fs.StringVar(&f.secretName, "secret-name", "apisix-ingress-webhook-tls", "Secret holding ca.crt, tls.crt and tls.key")
	fs.StringVar(&f.serviceName, "service-name", "apisix-ingress-webhook", "webhook Service the certificate is for")
	configs := fs.String("webhook-config-name", "apisix-ingress", "comma-separated names of the Validating/MutatingWebhookConfigurations whose caBundle to set")
	fs.StringVar(configs, "webhook-config-names", "apisix-ingress", "alias of --webhook-config-name")
	fs.DurationVar(&f.validity, "validity", certs.DefaultValidity, "lifetime of a new serving certificate and its CA")
	fs.DurationVar(&f.renewBefore, "renew-before", certs.DefaultRenewBefore, "renew when the certificate expires sooner than this")
	fs.DurationVar(&f.every, "every", 0, "keep running and re-check this often (0: run once and exit)")
	if err := fs.Parse(legacyArgs(fs, args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, usageOf(fs, "certgen"))
		}
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, n := range strings.Split(*configs, ",") {
		if n = strings.TrimSpace(n); n != "" {
			f.configs = append(f.configs, n)
		}
	}
	switch {
	case f.namespace == "" || f.secretName == "" || f.serviceName == "":
		return f, errors.New("--namespace, --secret-name and --service-name must not be empty")
	case f.every < 0:
		return f, errors.New("--every must not be negative")
	}
	return f, f.policy().Validate()
}

// defaultNamespace is the pod's namespace when the downward API provides it.
func defaultNamespace() string {
	if ns := os.Getenv("POD_NAMESPACE"); ns != "" {
		return ns
	}
	return "apisix-ingress"
}

func (f certgenFlags) policy() certs.Policy {
	return certs.Policy{
		DNSNames:    certs.DNSNames(f.serviceName, f.namespace),
		Validity:    f.validity,
		RenewBefore: f.renewBefore,
	}
}

func runCertgen(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	f, err := parseCertgenFlags(args, stdout, stderr)
	if errors.Is(err, pflag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "apisix-ingress certgen:", err)
		return 2
	}
	cfg, err := loadKubeconfig(f.kubeconfig)
	if err != nil {
		fmt.Fprintln(stderr, "apisix-ingress certgen: kubeconfig:", err)
		return 2
	}
	c, err := newCertgenClient(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "apisix-ingress certgen:", err)
		return 2
	}
	r := &certs.Reconciler{
		Client:         c,
		Namespace:      f.namespace,
		SecretName:     f.secretName,
		ServiceName:    f.serviceName,
		WebhookConfigs: f.configs,
		Policy:         f.policy(),
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if f.every > 0 {
		r.RunEvery(ctx, f.every, func(rep certs.Report, err error) { printCertgen(stdout, stderr, f, rep, err) })
		return 0
	}
	rep, err := r.Reconcile(ctx)
	if !printCertgen(stdout, stderr, f, rep, err) {
		return 1
	}
	return 0
}

// printCertgen reports one run: serial and expiry, never key material.
func printCertgen(stdout, stderr io.Writer, f certgenFlags, rep certs.Report, err error) bool {
	if rep.Secret != "" {
		fmt.Fprintf(stdout, "Secret %s/%s %s: serving certificate serial %x valid until %s",
			f.namespace, f.secretName, rep.Secret, rep.Result.Serial, rep.Result.NotAfter.UTC().Format(time.RFC3339))
		if rep.Result.Renewed {
			fmt.Fprintf(stdout, " (new: %s)", rep.Result.Reason)
		}
		fmt.Fprintln(stdout)
	}
	for _, p := range rep.Injected {
		fmt.Fprintf(stdout, "%s: caBundle updated\n", p)
	}
	if err != nil {
		fmt.Fprintln(stderr, "apisix-ingress certgen:", err)
		return false
	}
	if len(rep.Injected) == 0 {
		fmt.Fprintf(stdout, "caBundle of %s up to date\n", strings.Join(f.configs, ", "))
	}
	return true
}

func loadKubeconfig(path string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if path != "" {
		rules.ExplicitPath = path
	}
	return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
}

func newCertgenClient(cfg *rest.Config) (client.Client, error) {
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, err
	}
	return client.New(cfg, client.Options{Scheme: scheme})
}
