package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestValidateRefusesWhatTheAPIServerRefuses: every file of
// manifests/samples/invalid fails validate (15 of them passed before the API
// server's own rules ran first), and Ingresses kubectl apply refuses are
// refused with its field paths and words.
func TestValidateRefusesWhatTheAPIServerRefuses(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testutil.ModuleRoot(), "manifests", "samples", "invalid", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		code, out, _ := runValidateArgs(t, "", "-q", "-f", f)
		require.Equal(t, 1, code, "%s passed validate:\n%s", filepath.Base(f), out)
	}
	in := `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  ingressClassName: apisix
  rules:
  - host: Shop.Example.com
    http:
      paths:
      - {path: /a/../b, pathType: Prefix, backend: {service: {name: web, port: {number: 80, name: http}}}}
      - {path: /, backend: {service: {name: web, port: {number: 80}}}}
`
	code, out, _ := runValidateArgs(t, in, "-q", "-f", "-")
	require.Equal(t, 1, code)
	require.Equal(t, `-:1: Ingress default/shop: spec.rules[0].host: Invalid value: "Shop.Example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
-:1: Ingress default/shop: spec.rules[0].http.paths[0].path: Invalid value: "/a/../b": must not contain '/../'
-:1: Ingress default/shop: spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number
-:1: Ingress default/shop: spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified
`, out)
}
