package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

var updateValidate = flag.Bool("update-validate", false, "rewrite testdata/validate/*.out.*")

func runValidateArgs(t *testing.T, stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := runValidate(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "validate", name)
	if *updateValidate {
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run go test ./cmd/apisix-ingress -run Validate -update-validate and review")
	require.Equal(t, string(want), got)
}

func TestValidateMixedDirectory(t *testing.T) {
	schemas := testutil.SchemasDir(t)
	dir := filepath.Join("testdata", "validate", "mixed")
	code, out, errs := runValidateArgs(t, "", "-f", dir, "--schemas", schemas)
	require.Equal(t, 1, code, errs)
	golden(t, "mixed.out.txt", out)

	code, out, errs = runValidateArgs(t, "", "-f", dir, "--schemas", schemas, "-o", "json")
	require.Equal(t, 1, code, errs)
	golden(t, "mixed.out.json", out)
}

func TestValidateExitCodes(t *testing.T) {
	schemas := testutil.SchemasDir(t)
	valid := filepath.Join("testdata", "validate", "valid")
	code, out, errs := runValidateArgs(t, "", "-f", valid, "--schemas", schemas)
	require.Equal(t, 0, code, out+errs)
	require.Empty(t, out)

	manifest, err := os.ReadFile(filepath.Join(valid, "app.yaml"))
	require.NoError(t, err)
	code, _, errs = runValidateArgs(t, string(manifest), "-f", "-")
	require.Equal(t, 0, code, errs)

	code, _, _ = runValidateArgs(t, "", "-f", "testdata/validate/no-such-dir")
	require.Equal(t, 2, code)
	code, _, _ = runValidateArgs(t, "")
	require.Equal(t, 2, code)
	code, _, _ = runValidateArgs(t, "", "-f", valid, "-o", "xml")
	require.Equal(t, 2, code)
	code, _, _ = runValidateArgs(t, "", "-f", valid, "--legacy-annotations", "lenient")
	require.Equal(t, 2, code)

	// An unknown field is what kubectl apply refuses first: a finding with its path.
	code, out, _ = runValidateArgs(t, "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {bogus: 1}\n", "-f", "-")
	require.Equal(t, 1, code)
	require.Equal(t, "-:1: Service default/x: spec.bogus: Invalid value: unknown field: remove it, or check its spelling and indentation\n", out)
}
