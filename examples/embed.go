// Package examples embeds the manifests of the `apisix-ingress dev --demo`
// tour (examples/demo), which users can also apply by hand.
package examples

import "embed"

// Demo holds demo/*.yaml.
//
//go:embed demo/*.yaml
var Demo embed.FS
