package main

import (
	"context"
	"flag"
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
)

// runDev runs the whole product on this machine (what `make run` runs).
func runDev(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	adminURL := fs.String("apisix-admin-url", "", "a real APISIX Admin API (default: an in-process one)")
	adminListen := fs.String("admin-listen", "127.0.0.1:9180", "address of the in-process Admin API")
	demo := fs.Bool("demo", false, "run a scripted tour and exit")
	schemas := fs.String("apisix-schemas", "", "directory of APISIX's JSON schemas (core.*.json, plugin.*.json), so the in-process Admin API knows and checks every plugin, not only those this project models")
	verbose := fs.Bool("v", false, "print the components' logs")
	if err := fs.Parse(args); err != nil {
		return 2
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
	fmt.Fprintln(stderr, "starting kube-apiserver, etcd, the webhook, the controller and the Admin API...")
	stack, err := devstack.Start(ctx, devstack.Options{
		Assets: assets, AdminURL: *adminURL, AdminKey: os.Getenv("APISIX_ADMIN_KEY"), AdminListen: *adminListen, Dir: dir, Log: logs,
		SchemasDir: *schemas,
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
	if *demo {
		if err := devstack.RunDemo(ctx, stack, stdout); err != nil {
			fmt.Fprintln(stderr, "dev --demo:", err)
			return 1
		}
		return 0
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
  kubectl apply -f examples/demo/               # a Service, a rejected snippet, a legacy Ingress, a canary
  kubectl apply -f manifests/samples/invalid/route-method-enum.yaml   # rejected, with the field path
  kubectl get apisix                              # the CRDs' status columns

APISIX's state (Admin API at %s):
  curl -s -H 'X-API-KEY: %s' %s/apisix/admin/routes
  curl -s -H 'X-API-KEY: %s' %s/apisix/admin/upstreams

Ctrl-C stops everything and removes the temporary files.
`, s.Kubeconfig, s.AdminURL, maskKey(s.AdminKey), s.AdminURL, maskKey(s.AdminKey), s.AdminURL)
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
