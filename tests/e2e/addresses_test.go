package e2e

import "github.com/apisix-ingress/apisix-ingress/internal/podnet"

// Backends' addresses: the API server refuses loopback addresses in an
// EndpointSlice, so backends bind to addresses of 198.18.0.0/16, which
// podnet assigns to the loopback interface (see internal/podnet).

// ensurePodNet makes the backends' range local (idempotent).
func ensurePodNet() error { return podnet.Ensure() }
