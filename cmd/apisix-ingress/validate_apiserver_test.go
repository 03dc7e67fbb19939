package main

import (
	"encoding/json"
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

// TestValidateOutputFormats: -o github annotates the file and line of each
// finding; -o sarif is a SARIF 2.1.0 log with the same findings.
func TestValidateOutputFormats(t *testing.T) {
	in := "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop}\nspec:\n  rules:\n  - host: 10.0.0.1\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n"
	code, out, _ := runValidateArgs(t, in, "-q", "-o", "github", "-f", "-")
	require.Equal(t, 1, code)
	require.Equal(t, "::error file=-,line=1,title=Ingress default/shop::Ingress default/shop: spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address\n", out)
	code, out, _ = runValidateArgs(t, in, "-q", "-o", "sarif", "-f", "-")
	require.Equal(t, 1, code)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Equal(t, "2.1.0", log.Version)
	require.Len(t, log.Runs[0].Results, 1)
	r := log.Runs[0].Results[0]
	require.Equal(t, []string{"apiserver", "error", "-"}, []string{r.RuleID, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI})
	require.Equal(t, 1, r.Locations[0].PhysicalLocation.Region.StartLine)
}

// TestMigrateAndTranslateRefuseWhatTheAPIServerRefuses: translate and migrate
// report an object kubectl apply would refuse with the same words as
// validate, leave it out, and exit 1.
func TestMigrateAndTranslateRefuseWhatTheAPIServerRefuses(t *testing.T) {
	in := "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: A.example.com\n    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n"
	want := `-:1: Ingress default/a: spec.rules[0].host: Invalid value: "A.example.com": a lowercase RFC 1123 subdomain`
	for _, args := range [][]string{{"translate", "-f", "-"}, {"migrate", "-f", "-"}} {
		out, stderr, code := runCmd(t, in, args...)
		require.Equal(t, 1, code, "%v: %s", args, stderr)
		require.Contains(t, stderr, want, args[0])
		require.NotContains(t, out, "A.example.com", "%v printed the refused object", args)
	}
}
