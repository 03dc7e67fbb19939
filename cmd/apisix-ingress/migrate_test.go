package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func examplesPath() string {
	return filepath.Join(testutil.ModuleRoot(), "examples", "ingress-nginx")
}

// TestMigrateOutputValidates: the manifests migrate writes, in both modes,
// pass `apisix-ingress validate` (the admission webhook's checks) as this
// controller's class, with no error.
func TestMigrateOutputValidates(t *testing.T) {
	for _, mode := range []string{"ingress", "crd"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			var out, errb bytes.Buffer
			code := runMigrate([]string{"-f", examplesPath(), "--to", mode, "-o", dir, "--format", "json"}, nil, &out, &errb)
			require.Equal(t, 0, code, errb.String())
			require.Contains(t, out.String(), `"ingresses"`)
			out.Reset()
			errb.Reset()
			code = runValidate([]string{"-f", dir, "-q"}, nil, &out, &errb)
			require.Equal(t, 0, code, "validate:\n%s%s", out.String(), errb.String())
		})
	}
}

func TestMigrateExitCodes(t *testing.T) {
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := runMigrate(args, strings.NewReader(""), &out, &errb)
		return code, errb.String()
	}
	code, _ := run("-f", examplesPath(), "--fail-on", "blocked")
	require.Equal(t, 1, code, "the examples have blocked Ingresses")
	code, _ = run("-f", filepath.Join(examplesPath(), "04-blog-timeouts.yaml"), "--fail-on", "blocked,changed,ignored,traps")
	require.Equal(t, 0, code)
	code, _ = run("-f", filepath.Join(examplesPath(), "02-shop-api-rewrite.yaml"), "--fail-on", "changed")
	require.Equal(t, 1, code)
	code, msg := run("-f", examplesPath(), "--fail-on", "everything")
	require.Equal(t, 2, code)
	require.Contains(t, msg, `--fail-on "everything"`)
	code, _ = run("-f", examplesPath(), "--to", "gateway")
	require.Equal(t, 2, code)
	code, _ = run("-f", filepath.Join(examplesPath(), "does-not-exist.yaml"))
	require.Equal(t, 2, code)
	code, _ = run("-f", examplesPath(), "--format", "xml")
	require.Equal(t, 2, code)
}

// TestMigrateStdin reads stdin and writes the rewritten Ingress to stdin.yaml.
func TestMigrateStdin(t *testing.T) {
	in := `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  annotations:
    # kept
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  defaultBackend:
    service:
      name: a
      port:
        number: 80
`
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := runMigrate([]string{"-f", "-", "-o", dir, "--format", "markdown"}, strings.NewReader(in), &out, &errb)
	require.Equal(t, 0, code, errb.String())
	require.Contains(t, out.String(), "| default/a | -:1 | translated | rewritten |")
	got := readFile(t, filepath.Join(dir, "stdin.yaml"))
	require.Contains(t, got, "    # kept\n    k8s.apisix.apache.org/upstream-read-timeout: \"30s\"\n")
	require.Contains(t, got, "ingressClassName: apisix")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

// TestMigrateGatewayAPI: --to gateway-api writes the Gateway to
// gateway.yaml and HTTPRoutes in place of the Ingresses; --gateway attaches
// them to an existing Gateway instead, and is refused with other modes.
func TestMigrateGatewayAPI(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := runMigrate([]string{"-f", examplesPath(), "--to", "gateway-api", "-o", dir}, nil, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	require.Contains(t, out.String(), "; Gateway API: 43 annotations carried (")
	gw := readFile(t, filepath.Join(dir, "gateway.yaml"))
	require.Contains(t, gw, "kind: Gateway\nmetadata:\n  name: apisix\n  namespace: default\n")
	require.Contains(t, readFile(t, filepath.Join(dir, "01-shop-web.yaml")), "kind: HTTPRoute\n")

	dir = t.TempDir()
	out.Reset()
	code = runMigrate([]string{"-f", examplesPath(), "--to", "gateway-api", "--gateway", "infra/public", "-o", dir}, nil, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	_, err := os.Stat(filepath.Join(dir, "gateway.yaml"))
	require.True(t, os.IsNotExist(err), "no Gateway is written with --gateway")
	require.Contains(t, readFile(t, filepath.Join(dir, "01-shop-web.yaml")), "  - name: public\n    namespace: infra\n    port: 443\n")

	for _, args := range [][]string{
		{"--gateway", "infra/public"},
		{"--to", "gateway-api", "--gateway", "Infra/Public"},
	} {
		errb.Reset()
		code = runMigrate(append([]string{"-f", examplesPath()}, args...), nil, &out, &errb)
		require.Equal(t, 2, code, "%v", args)
		require.Contains(t, errb.String(), "migrate: --gateway ")
	}
}
