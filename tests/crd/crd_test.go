// Package crd_test applies the sample manifests to a real kube-apiserver: the
// valid ones must be accepted, and each invalid one rejected by the API server
// itself (OpenAPI schema or CEL) with the field path and message pinned.
package crd_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

var (
	update = flag.Bool("update", false, "rewrite the expected rejections in testdata/invalid")
	env    *testenv.Env
)

func TestMain(m *testing.M) {
	flag.Parse()
	testenv.Main(m, &env, testenv.Options{})
}

func samplesDir() string { return filepath.Join(testutil.ModuleRoot(), "manifests", "samples") }

func TestValidSamplesAccepted(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(samplesDir(), "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			res := env.RunKubectl(context.Background(), nil, "apply", "--server-side", "--field-manager=samples-test", "-f", f)
			require.Equal(t, 0, res.ExitCode, "kubectl apply %s:\n%s%s", f, res.Stdout, res.Stderr)
			require.NotContains(t, res.Stdout+res.Stderr, "Warning")
		})
	}
	// Applying again changes nothing.
	res := env.RunKubectl(context.Background(), nil, "apply", "--server-side", "--field-manager=samples-test", "-f", samplesDir())
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	for _, line := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
		require.True(t, strings.HasSuffix(line, " serverside-applied"), line)
	}
	// Defaults from the CRDs are applied by the API server.
	out := env.RunKubectl(context.Background(), nil, "get", "apisixpluginconfig", "common-plugins", "-o", "jsonpath={.spec.plugins[1].enable}")
	require.Equal(t, "true", out.Stdout, out.Stderr)
	out = env.RunKubectl(context.Background(), nil, "get", "ar", "httpbin", "-o", "jsonpath={.spec.stream[1].backend.resolveGranularity}")
	require.Equal(t, "endpoint", out.Stdout, out.Stderr)
}

// TestInvalidSamplesRejected pins kubectl's error for every invalid sample;
// run with -update to rewrite testdata/invalid/*.txt after reviewing a change.
func TestInvalidSamplesRejected(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(samplesDir(), "invalid", "*.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 30)
	sort.Strings(files)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			res := env.RunKubectl(context.Background(), nil, "apply", "--server-side", "--field-manager=samples-test", "-f", f)
			require.NotEqual(t, 0, res.ExitCode, "the API server accepted %s:\n%s", f, res.Stdout)
			got := strings.ReplaceAll(res.Stderr, f, "FILE")
			golden := filepath.Join("testdata", "invalid", name+".txt")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing %s: run go test ./tests/crd -update and review it", golden)
			require.Equal(t, string(want), got)
		})
	}
}

// TestShortNamesAndCategory checks the discovery names users type.
func TestShortNamesAndCategory(t *testing.T) {
	ctx := context.Background()
	for _, short := range []string{"ar", "au", "atls", "apc", "ac", "agr"} {
		res := env.RunKubectl(ctx, nil, "get", short, "-A")
		require.Equal(t, 0, res.ExitCode, "kubectl get %s: %s", short, res.Stderr)
	}
	res := env.RunKubectl(ctx, nil, "api-resources", "--categories=apisix", "-o", "name")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Equal(t, strings.Join([]string{
		"apisixconsumers.apisix.apache.org",
		"apisixglobalrules.apisix.apache.org",
		"apisixpluginconfigs.apisix.apache.org",
		"apisixroutes.apisix.apache.org",
		"apisixtlses.apisix.apache.org",
		"apisixupstreams.apisix.apache.org",
	}, "\n"), strings.TrimSpace(res.Stdout))
}
