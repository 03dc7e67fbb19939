package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestTranslateValidFile(t *testing.T) {
	out, stderr, code := runCmd(t, "", "translate", "-f", "../../translator/testdata/ingress-basic.in.yaml")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	var state map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &state))
	keys := []string{}
	for k := range state {
		keys = append(keys, k)
	}
	require.ElementsMatch(t, []string{"routes", "upstreams", "ssls", "consumers", "plugin_configs", "global_rules", "stream_routes", "services", "consumer_groups"}, keys)
	require.Len(t, state["routes"], 4)
	require.Len(t, state["upstreams"], 2)
}

func TestTranslateStdinErrors(t *testing.T) {
	in := `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bad
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: ten
spec:
  ingressClassName: apisix
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
`
	out, stderr, code := runCmd(t, in, "translate", "-f", "-")
	require.Equal(t, 1, code)
	require.Contains(t, out, `"routes": []`)
	require.Equal(t, `-:1: error: Ingress default/bad: metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"]: Invalid value: "ten": must be a whole number of at least 1, e.g. "10"`+"\n"+
		`-:1: error: Ingress default/bad: spec.rules[0].http.paths[0].backend.service.name: Not found: "Service default/web"`+"\n", stderr)
}

func TestTranslateUsage(t *testing.T) {
	_, stderr, code := runCmd(t, "", "translate")
	require.Equal(t, 2, code)
	require.Equal(t, "translate: -f FILE|DIR|- is required\n", stderr)
	_, _, code = runCmd(t, "", "translate", "-f", "/nonexistent")
	require.Equal(t, 2, code)
}

func TestTranslateRedactsSecrets(t *testing.T) {
	out, _, code := runCmd(t, "", "translate", "-f", "../../translator/testdata/ingress-basic-auth.in.yaml")
	require.Equal(t, 1, code) // the htpasswd Ingress is an error
	require.NotContains(t, out, "s3cret-pass")
	require.Contains(t, out, `"password": "REDACTED (11 bytes; --show-secrets prints it)"`)
	out, _, _ = runCmd(t, "", "translate", "--show-secrets", "-f", "../../translator/testdata/ingress-basic-auth.in.yaml")
	require.Contains(t, out, `"password": "s3cret-pass"`)
	out, _, _ = runCmd(t, "", "translate", "-f", "../../translator/testdata/ingress-tls.in.yaml")
	require.NotContains(t, out, "PRIVATE KEY")
	require.Contains(t, out, "BEGIN CERTIFICATE")
}
