package main

import (
	"fmt"
	"io"
)

func runTranslate(_ []string, _ io.Reader, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "apisix-ingress translate: not built yet")
	return 2
}
