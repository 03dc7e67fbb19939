package main

import (
	"fmt"
	"io"
)

func runCertgen(_ []string, _ io.Reader, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "apisix-ingress certgen: not built yet")
	return 2
}
