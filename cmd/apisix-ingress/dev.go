package main

import (
	"fmt"
	"io"
)

func runDev(_ []string, _ io.Reader, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "apisix-ingress dev: the local stack (webhook, controller, in-memory APISIX) is not built yet; see the README's status section")
	return 1
}
