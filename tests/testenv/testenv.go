// Package testenv runs a real kube-apiserver and etcd for tests, through
// controller-runtime's envtest, with this project's CRDs installed. It hands
// tests a client, a rest.Config and a kubeconfig file for kubectl.
//
// The binaries come from KUBEBUILDER_ASSETS (make test sets it); when it is
// unset, hack/k8s-bins.sh builds them from the Go module proxy (minutes the
// first time, cached outside the tree afterwards).
package testenv

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// Env is a running control plane.
type Env struct {
	Config     *rest.Config
	Client     client.Client
	Scheme     *runtime.Scheme
	Kubeconfig string // path of a kubeconfig file for kubectl (cluster admin)
	Kubectl    string // path of the kubectl binary

	env *envtest.Environment
	dir string
}

// Options adjust the control plane.
type Options struct {
	// ExtraCRDPaths are installed besides manifests/crds.
	ExtraCRDPaths []string
	// Webhooks are webhook configurations to install, pointed at a local
	// serving address and certificate (see Env.Webhooks).
	Webhooks envtest.WebhookInstallOptions
}

// Start starts kube-apiserver and etcd and installs the CRDs. Call Stop when done.
func Start(opts Options) (*Env, error) {
	assets, err := Assets()
	if err != nil {
		return nil, err
	}
	scheme := runtime.NewScheme()
	if err := kubekinds.AddToScheme(scheme); err != nil {
		return nil, err
	}
	crds := append([]string{filepath.Join(testutil.ModuleRoot(), "manifests", "crds")}, opts.ExtraCRDPaths...)
	env := &envtest.Environment{
		BinaryAssetsDirectory: assets,
		CRDDirectoryPaths:     crds,
		ErrorIfCRDPathMissing: true,
		Scheme:                scheme,
		WebhookInstallOptions: opts.Webhooks,
	}
	cfg, err := env.Start()
	if err != nil {
		return nil, fmt.Errorf("starting kube-apiserver and etcd from %s: %w", assets, err)
	}
	e := &Env{Config: cfg, Scheme: scheme, env: env}
	if err := e.init(assets); err != nil {
		_ = env.Stop()
		return nil, err
	}
	return e, nil
}

func (e *Env) init(assets string) error {
	c, err := client.New(e.Config, client.Options{Scheme: e.Scheme})
	if err != nil {
		return err
	}
	e.Client = c
	e.dir, err = os.MkdirTemp("", "apisix-ingress-testenv-")
	if err != nil {
		return err
	}
	user, err := e.env.AddUser(envtest.User{Name: "admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return fmt.Errorf("adding an admin user: %w", err)
	}
	kc, err := user.KubeConfig()
	if err != nil {
		return err
	}
	e.Kubeconfig = filepath.Join(e.dir, "kubeconfig")
	if err := os.WriteFile(e.Kubeconfig, kc, 0o600); err != nil {
		return err
	}
	e.Kubectl, err = findKubectl(assets)
	return err
}

// Main is a TestMain body: it starts a control plane into *env, runs the
// tests, stops it and exits with the tests' code (1 when it cannot start).
func Main(m *testing.M, env **Env, opts Options) {
	var err error
	if *env, err = Start(opts); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = (*env).Stop()
	os.Exit(code)
}

// Webhooks returns where the installed webhook configurations send
// requests (host, port) and the directory of the serving certificate.
func (e *Env) Webhooks() envtest.WebhookInstallOptions { return e.env.WebhookInstallOptions }

// Stop stops the control plane and removes its files.
func (e *Env) Stop() error {
	err := e.env.Stop()
	if e.dir != "" {
		_ = os.RemoveAll(e.dir)
	}
	return err
}

// KubectlResult is what a kubectl run printed.
type KubectlResult struct {
	Stdout, Stderr string
	ExitCode       int
}

// RunKubectl runs kubectl against the control plane, with stdin when given.
func (e *Env) RunKubectl(ctx context.Context, stdin []byte, args ...string) KubectlResult {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.Kubectl, append([]string{"--kubeconfig", e.Kubeconfig}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err := cmd.Run()
	res := KubectlResult{Stdout: out.String(), Stderr: errb.String()}
	if err != nil {
		res.ExitCode = -1
		if ee, ok := err.(*exec.ExitError); ok {
			res.ExitCode = ee.ExitCode()
		} else {
			res.Stderr += err.Error()
		}
	}
	return res
}

// CreateNamespace creates a namespace and returns its name.
func (e *Env) CreateNamespace(ctx context.Context, name string) (string, error) {
	ns := &corev1.Namespace{}
	ns.Name = name
	return name, e.Client.Create(ctx, ns)
}

// Assets returns the directory holding kube-apiserver and etcd, building them
// when KUBEBUILDER_ASSETS is unset.
func Assets() (string, error) {
	if dir := os.Getenv("KUBEBUILDER_ASSETS"); dir != "" {
		return dir, nil
	}
	script := filepath.Join(testutil.ModuleRoot(), "hack", "k8s-bins.sh")
	cmd := exec.Command("bash", script)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("building the test control plane with %s: %w", script, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func findKubectl(assets string) (string, error) {
	if p := filepath.Join(assets, "kubectl"); fileExists(p) {
		return p, nil
	}
	if p, err := exec.LookPath("kubectl"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("kubectl not found in %s or PATH; run hack/k8s-bins.sh", assets)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
