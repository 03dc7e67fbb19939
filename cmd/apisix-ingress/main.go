// Command apisix-ingress is the APISIX ingress controller: an admission
// webhook, a translator from Kubernetes objects to APISIX configuration, and a
// controller that applies it through the Admin API. Its offline subcommands
// run the same code on files, for CI pipelines and migrations.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: apisix-ingress <command> [flags]

commands:
  version    print the version
  dev        the whole product on this machine (not yet available)
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "apisix-ingress", version)
		return 0
	case "dev":
		fmt.Fprintln(stderr, "apisix-ingress dev: the local stack (webhook, controller, in-memory APISIX) is not built yet; see the README's status section")
		return 1
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "apisix-ingress: unknown command %q\n%s", args[0], usage)
	return 2
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"
