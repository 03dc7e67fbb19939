// Package manifests embeds the deployable manifests (the generated CRDs and
// the kustomize base), so that `apisix-ingress dev` installs exactly what a
// cluster install applies.
package manifests

import "embed"

// FS holds crds/*.yaml and base/*.yaml.
//
//go:embed crds/*.yaml base/*.yaml
var FS embed.FS
