package migrate_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/migrate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// examplesDir is the examples directory relative to the module root; the
// tests run from there so that the report's sources read as in a repository.
const examplesDir = "examples/ingress-nginx"

// runExamples migrates the examples from the module root.
func runExamples(t testing.TB, mode migrate.Mode) *migrate.Result {
	t.Helper()
	t.Chdir(testutil.ModuleRoot())
	docs, err := manifestio.ReadPaths([]string{examplesDir}, nil)
	require.NoError(t, err)
	res, err := migrate.Run(docs, migrate.Options{Mode: mode, IncludeUnclassed: true})
	require.NoError(t, err)
	return res
}

func goldenDir() string { return filepath.Join(testutil.ModuleRoot(), "migrate", "testdata") }

// checkGolden compares got with a golden file, or writes it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join(goldenDir(), name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, got, 0o644))
		return
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run go test ./migrate -run %s -update", t.Name())
	require.Equal(t, string(want), string(got), "golden %s differs; rerun with -update and review the diff", name)
}

func TestGoldenReports(t *testing.T) {
	for _, mode := range []migrate.Mode{migrate.ModeIngress, migrate.ModeCRD, migrate.ModeGateway} {
		res := runExamples(t, mode)
		for _, format := range []string{migrate.FormatText, migrate.FormatMarkdown, migrate.FormatJSON} {
			var buf bytes.Buffer
			require.NoError(t, res.Report.Write(&buf, format))
			ext := map[string]string{migrate.FormatText: "txt", migrate.FormatMarkdown: "md", migrate.FormatJSON: "json"}[format]
			checkGolden(t, "report-"+string(mode)+"."+ext, buf.Bytes())
		}
	}
}

// TestGoldenRewritten pins the rewritten manifests of both modes, file by
// file (testdata/out-ingress and testdata/out-crd), and that no file is
// missing or extra.
func TestGoldenRewritten(t *testing.T) {
	for _, mode := range []migrate.Mode{migrate.ModeIngress, migrate.ModeCRD, migrate.ModeGateway} {
		res := runExamples(t, mode)
		files := migrate.Files(res.Outputs, []string{examplesDir})
		dir := "out-" + string(mode)
		var names []string
		for _, f := range files {
			names = append(names, f.Path)
			checkGolden(t, filepath.Join(dir, f.Path), f.Data)
		}
		existing, err := filepath.Glob(filepath.Join(goldenDir(), dir, "*.yaml"))
		require.NoError(t, err)
		for i := range existing {
			existing[i] = filepath.Base(existing[i])
		}
		sort.Strings(names)
		sort.Strings(existing)
		require.Equal(t, names, existing)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
