package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestValidateGatewayAPI: Gateway API files are checked as `kubectl apply`
// to a cluster with the Gateway API CRDs and this webhook would check them:
// the CRDs' own CEL rules (RequestRedirect beside backendRefs), then the
// translator's refusals at their field paths (an ExtensionRef to a missing
// ApisixPluginConfig, a path regular expression that does not compile).
func TestValidateGatewayAPI(t *testing.T) {
	dir := filepath.Join("testdata", "validate", "gateway-api")
	code, out, errs := runValidateArgs(t, "", "-f", dir, "--schemas", testutil.SchemasDir(t))
	require.Equal(t, 1, code, errs)
	golden(t, "gateway-api.out.txt", out)
}
