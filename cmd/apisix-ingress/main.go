// Command apisix-ingress is the APISIX ingress controller: an admission
// webhook, a translator from Kubernetes objects to APISIX configuration, and a
// controller that applies it through the Admin API. Its offline subcommands
// run the same code on files, for CI pipelines and migrations.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand. Each lives in its own file.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is the subcommand table; exit codes: 0 ok, 1 failure or invalid
// input, 2 usage or I/O error.
func commands() map[string]command {
	return map[string]command{
		"version":   {"print the version", runVersion},
		"dev":       {"the whole product on this machine: kube-apiserver, etcd, webhook, controller, APISIX", runDev},
		"translate": {"print the APISIX configuration that manifests translate to", runTranslate},
		"certgen":   {"create or renew the webhook's serving certificate and inject its CA", runCertgen},
		"serve":     {"run the admission webhook and the controller (in a cluster)", runServe},
		"migrate":   {"report on and rewrite manifests or a cluster moving off ingress-nginx", runMigrate},
		"validate":  {"check manifests as the admission webhook does (exit 0 valid, 1 invalid, 2 usage or I/O)", runValidate},
	}
}

func usage() string {
	var b strings.Builder
	b.WriteString("usage: apisix-ingress <command> [flags]\n\ncommands:\n")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, cmds[n].summary)
	}
	return b.String()
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage())
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "apisix-ingress: unknown command %q\n%s", args[0], usage())
		return 2
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func runVersion(_ []string, _ io.Reader, stdout, _ io.Writer) int {
	fmt.Fprintln(stdout, "apisix-ingress", version)
	return 0
}
