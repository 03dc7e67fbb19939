package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCLIConventions: the command line behaves as kubectl's does.
func TestCLIConventions(t *testing.T) {
	for _, c := range commands() {
		for _, h := range []string{"--help", "-h"} {
			out, stderr, code := runCmd(t, "", c.name, h)
			require.Equal(t, 0, code, "%s %s: %s", c.name, h, stderr)
			require.Contains(t, out, "Usage:\n  apisix-ingress "+c.name+" [flags]", c.name)
			require.Contains(t, out, "Examples:\n", c.name)
			require.NotContains(t, stderr, "Usage of", c.name)
		}
	}
	out, _, code := runCmd(t, "", "--help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "completion")
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, _, code := runCmd(t, "", "completion", shell)
		require.Equal(t, 0, code, shell)
		require.Contains(t, out, "apisix-ingress", shell)
	}
	out, _, code = runCmd(t, "", "version")
	require.Equal(t, 0, code)
	require.Equal(t, "apisix-ingress dev (Apache APISIX 3.18.0, Admin API v3)\n", out)

	in := "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  rules:\n  - host: A.example.com\n    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n"
	want := "-:1: Ingress shop/a: spec.rules[0].host: Invalid value"
	for _, args := range [][]string{
		{"validate", "--namespace", "shop", "--filename", "-", "--quiet"},
		{"validate", "--namespace=shop", "--filename=-", "-q"},
		{"validate", "-n", "shop", "-f", "-", "-q", "-o", "text"},
		{"validate", "-n=shop", "-f-", "-q"},
		{"validate", "-n", "shop", "-f", "-", "-q", "-legacy-annotations", "warn"}, // the single-dash long flags of earlier releases
	} {
		out, stderr, code := runCmd(t, in, args...)
		require.Equal(t, 1, code, "%v: %s", args, stderr)
		require.True(t, strings.HasPrefix(out, want), "%v: %s", args, out)
	}
	_, stderr, code := runCmd(t, "", "validate", "--nope")
	require.Equal(t, 2, code)
	require.Equal(t, "apisix-ingress validate: unknown flag: --nope\nRun 'apisix-ingress validate --help' for usage.\n", stderr)
	_, stderr, code = runCmd(t, "", "nope")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `unknown command "nope"`)
}
