package manifests

import "embed"

// GatewayAPI holds gateway-api/*.yaml: the Gateway API v1.6.3
// standard-channel CRDs, copied from the sigs.k8s.io/gateway-api module
// (see gateway-api/README.md).
//
//go:embed gateway-api/*.yaml
var GatewayAPI embed.FS
