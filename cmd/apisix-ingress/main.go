// Command apisix-ingress is the APISIX ingress controller: an admission
// webhook, a translator from Kubernetes objects to APISIX configuration, and a
// controller that applies it through the Admin API. Its offline subcommands
// run the same code on files, for CI pipelines and migrations.
//
// The command line follows kubectl's conventions (spf13/cobra and pflag):
// `--flag value` and `--flag=value`, -h/--help with examples on every
// command, `completion bash|zsh|fish`. Installed as `kubectl-apisix_ingress`
// on PATH it is a kubectl plugin: `kubectl apisix-ingress validate -f ...`.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand. Each lives in its own file and parses its own
// flags (see cli.go), so it can be called directly by tests.
type command struct {
	name, summary, example string
	run                    func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is the subcommand table; exit codes: 0 ok, 1 failure or invalid
// input, 2 usage or I/O error.
func commands() []command {
	return []command{
		{"serve", "run the admission webhook and the controller (in a cluster)",
			"  apisix-ingress serve --apisix-admin-url http://apisix-admin:9180 --apisix-admin-key-secret apisix/admin-key --leader-elect", runServe},
		{"validate", "check manifests as kubectl apply would: the API server's rules, then the admission webhook's (exit 0 valid, 1 invalid, 2 usage or I/O)",
			"  apisix-ingress validate -f manifests/\n  apisix-ingress validate -f ingress.yaml -o github --schemas ./apisix-schemas\n  kubectl kustomize overlays/prod | apisix-ingress validate -f - -o sarif > results.sarif", runValidate},
		{"translate", "print the APISIX configuration that manifests translate to",
			"  apisix-ingress translate -f ingress.yaml\n  apisix-ingress translate -f manifests/ -n shop --show-secrets", runTranslate},
		{"migrate", "report on and rewrite manifests or a cluster moving off ingress-nginx",
			"  apisix-ingress migrate -f old-manifests/ -o new-manifests/\n  apisix-ingress migrate --kubeconfig ~/.kube/config -A --format markdown\n  apisix-ingress migrate -f manifests/ --to crd --fail-on blocked,traps\n  apisix-ingress migrate -f manifests/ --to gateway-api -o gateway-manifests/ [--gateway infra/public]", runMigrate},
		{"certgen", "create or renew the webhook's serving certificate and inject its CA",
			"  apisix-ingress certgen --namespace apisix-ingress\n  apisix-ingress certgen --every 24h", runCertgen},
		{"dev", "the whole product on this machine: kube-apiserver, etcd, webhook, controller, APISIX",
			"  apisix-ingress dev\n  apisix-ingress dev --demo --apisix-runtime /opt/apisix-runtime/apisix-runtime", runDev},
	}
}

// findCommand returns the subcommand named name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// targetAPISIX is the APISIX release whose Admin API and schemas this build targets.
const targetAPISIX = "3.18.0"

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// displayName is how the binary was invoked: "kubectl apisix-ingress" as a
// kubectl plugin, else "apisix-ingress".
func displayName() string {
	if strings.HasPrefix(filepath.Base(os.Args[0]), "kubectl-") {
		return "kubectl apisix-ingress"
	}
	return "apisix-ingress"
}

// run executes the command line; it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := 0
	root := &cobra.Command{
		Use:           "apisix-ingress",
		Short:         "Apache APISIX at the edge of Kubernetes, in place of ingress-nginx",
		Long:          "apisix-ingress: an admission webhook that catches configuration mistakes at kubectl apply time,\na translator from Ingress (with nginx.ingress.kubernetes.io annotations) and the apisix.apache.org/v2\nCRDs to APISIX configuration, and a controller that applies it without reloads.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Annotations:   map[string]string{cobra.CommandDisplayNameAnnotation: displayName()},
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, c := range commands() {
		root.AddCommand(&cobra.Command{
			Use: c.name + " [flags]", Short: c.summary, Example: c.example,
			// Each command parses its own flags (cli.go) with pflag, so it
			// also runs on its own in tests; --help is answered there.
			DisableFlagParsing: true,
			RunE: func(_ *cobra.Command, args []string) error {
				code = c.run(args, stdin, stdout, stderr)
				return nil
			},
		})
	}
	root.AddCommand(&cobra.Command{
		Use: "version", Short: "print the version and the APISIX release it targets", Args: cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			fmt.Fprintf(stdout, "apisix-ingress %s (Apache APISIX %s, Admin API v3)\n", version, targetAPISIX)
		},
	})
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for usage.\n", displayName(), err, displayName())
		return 2
	}
	return code
}
