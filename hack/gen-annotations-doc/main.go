// Command gen-annotations-doc writes docs/annotations.md, generated from the
// annotation table of translator/annotations:
//
//	go run ./hack/gen-annotations-doc > docs/annotations.md
package main

import (
	"os"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

func main() {
	if _, err := os.Stdout.Write(annotations.Markdown()); err != nil {
		os.Exit(1)
	}
}
