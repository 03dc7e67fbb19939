package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/apisix-ingress/apisix-ingress/internal/devstack"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// runDev runs the whole product on this machine (what `make run` runs).
func runDev(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("dev", stderr)
	adminURL := fs.String("apisix-admin-url", "", "a real APISIX Admin API (default: an in-process one)")
	adminListen := fs.String("admin-listen", "127.0.0.1:9180", "address of the in-process Admin API")
	runtime := fs.String("apisix-runtime", "", "path of the apisix-runtime launcher: start a real APISIX 3.18.0 with it, and echo servers for the demo's pods (make run passes it when one is available)")
	demo := fs.Bool("demo", false, "run a scripted tour and exit")
	schemas := fs.String("apisix-schemas", "", "directory of APISIX's JSON schemas (core.*.json, plugin.*.json), so the in-process Admin API knows and checks every plugin, not only those this project models")
	verbose := fs.BoolP("verbose", "v", false, "print the components' logs")
	if code, done := parseFlags(fs, "dev", args, stdout, stderr); done {
		return code
	}
	logs := io.Discard
	if *verbose {
		logs = stderr
	}
	log.SetLogger(zap.New(zap.WriteTo(logs)))
	assets, err := devAssets(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "dev:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "apisix-ingress-dev-")
	if err != nil {
		fmt.Fprintln(stderr, "dev:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	what := "the Admin API"
	if *runtime != "" && *adminURL == "" {
		what = "a real APISIX 3.18.0 (apisix-runtime)"
	}
	fmt.Fprintf(stderr, "starting kube-apiserver, etcd, the webhook, the controller and %s...\n", what)
	// The Gateway API CRDs are installed too, so that Gateways and
	// HTTPRoutes can be tried (they report APISIX's address, 127.0.0.1).
	gatewayCRDs, err := devstack.GatewayAPICRDs()
	if err != nil {
		fmt.Fprintln(stderr, "dev:", err)
		return 1
	}
	stack, err := devstack.Start(ctx, devstack.Options{
		Assets: assets, AdminURL: *adminURL, AdminKey: os.Getenv("APISIX_ADMIN_KEY"), AdminListen: *adminListen, Dir: dir, Log: logs,
		SchemasDir: *schemas, APISIXRuntime: *runtime,
		ExtraCRDs: gatewayCRDs, Gateway: translator.Options{GatewayAddresses: []string{"127.0.0.1"}},
	})
	if err != nil {
		_ = os.RemoveAll(dir)
		fmt.Fprintln(stderr, "dev:", err)
		return 1
	}
	defer func() {
		if err := stack.Stop(); err != nil {
			fmt.Fprintln(stderr, "dev: stopping:", err)
		}
	}()
	fmt.Fprintf(stderr, "ready in %s\n", time.Since(start).Round(100*time.Millisecond))
	for _, n := range stack.Notes {
		fmt.Fprintln(stderr, "note:", n)
	}
	if *demo {
		if err := devstack.RunDemo(ctx, stack, stdout); err != nil {
			fmt.Fprintln(stderr, "dev --demo:", err)
			return 1
		}
		return 0
	}
	if stack.Pods != nil {
		if err := devstack.ApplyDemoServices(ctx, stack); err != nil {
			fmt.Fprintln(stderr, "dev: creating the demo's Services:", err)
			return 1
		}
	}
	printDevUsage(stdout, stack)
	<-ctx.Done()
	fmt.Fprintln(stderr, "stopping...")
	return 0
}

func printDevUsage(out io.Writer, s *devstack.Stack) {
	fmt.Fprintf(out, `apisix-ingress is running.

  export KUBECONFIG=%s
  kubectl apply -f manifests/samples/           # every apisix.apache.org/v2 kind
  kubectl apply -f examples/demo/               # Services, a rejected snippet, a legacy Ingress, a canary
  kubectl apply -f manifests/samples/invalid/route-method-enum.yaml   # rejected, with the field path
  kubectl get apisix                              # the CRDs' status columns

APISIX's state (Admin API at %s):
  curl -s -H 'X-API-KEY: %s' %s/apisix/admin/routes
  curl -s -H 'X-API-KEY: %s' %s/apisix/admin/upstreams

`, s.Kubeconfig, s.AdminURL, maskKey(s.AdminKey), s.AdminURL, maskKey(s.AdminKey), s.AdminURL)
	printGatewayUsage(out, s)
	fmt.Fprintln(out, "\nCtrl-C stops everything and removes the temporary files.")
}

// printGatewayUsage tells how to send requests through the real APISIX, or
// why there is none.
func printGatewayUsage(out io.Writer, s *devstack.Stack) {
	if s.HTTPURL == "" {
		fmt.Fprintln(out, "\nNo gateway to send requests through (see the notes above).")
		return
	}
	fmt.Fprintf(out, `
APISIX 3.18.0 proxies at APISIX_HTTP_URL (after kubectl apply -f examples/demo/):
  export APISIX_HTTP_URL=%s
  curl -s -H 'Host: www.example.com' $APISIX_HTTP_URL/                      # web-0 or web-1; web-canary-0 one time in ten
  curl -s -H 'Host: www.example.com' -H 'X-Canary: always' $APISIX_HTTP_URL/  # always web-canary-0
  curl -s -H 'Host: snippet.example.com' $APISIX_HTTP_URL/                  # 404: that Ingress was rejected
`, s.HTTPURL)
	if s.Pods == nil {
		fmt.Fprintln(out, "  (no demo pods: those requests get 502; see the notes above)")
		return
	}
	fmt.Fprintf(out, "The demo's pods (examples/demo/01-web.yaml, already created) are echo servers: %s\n", s.Pods)
	if moved := s.Pods.Moved(); len(moved) > 0 {
		fmt.Fprintf(out, "Their ports were taken (another dev running?), so %s: apply only 02-04 of examples/demo/.\n", strings.Join(moved, ", "))
	}
}

// maskKey shows the in-process key (it is a fixed development key) but not
// a real one given through the environment.
func maskKey(k string) string {
	if k == "dev-admin-key" {
		return k
	}
	return "$APISIX_ADMIN_KEY"
}

// devAssets finds kube-apiserver and etcd: KUBEBUILDER_ASSETS, else
// hack/k8s-bins.sh of the checkout (which builds them on first use).
func devAssets(stderr io.Writer) (string, error) {
	if dir := os.Getenv("KUBEBUILDER_ASSETS"); dir != "" {
		return dir, nil
	}
	script := filepath.Join("hack", "k8s-bins.sh")
	if _, err := os.Stat(script); err != nil {
		return "", fmt.Errorf("set KUBEBUILDER_ASSETS to a directory with kube-apiserver and etcd, or run from the checkout (make run)")
	}
	fmt.Fprintln(stderr, "building kube-apiserver and etcd from the Go module proxy (about 4 minutes the first time)...")
	cmd := exec.Command("bash", script)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s: %w", script, err)
	}
	return strings.TrimSpace(string(out)), nil
}
