// Package generated_test fails when the checked-in generated files (CRDs in
// manifests/crds, deepcopy functions in api/v2) differ from what
// controller-gen writes from the current API types. Fix with
// `make generate manifests`.
package generated_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func TestGeneratedFilesAreCurrent(t *testing.T) {
	root := testutil.ModuleRoot()
	out, err := exec.Command("bash", filepath.Join(root, "hack", "controller-gen.sh")).Output()
	require.NoError(t, err, "building controller-gen")
	gen := strings.TrimSpace(string(out))

	// Work on a copy so the checkout is never modified by a test.
	tmp := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum", "hack/boilerplate.go.txt"} {
		copyFile(t, filepath.Join(root, f), filepath.Join(tmp, f))
	}
	copyDir(t, filepath.Join(root, "api"), filepath.Join(tmp, "api"))
	for _, f := range glob(t, filepath.Join(tmp, "api", "*", "zz_generated.*.go")) {
		require.NoError(t, os.Remove(f))
	}
	for _, args := range [][]string{
		{"object:headerFile=hack/boilerplate.go.txt", "paths=./api/..."},
		{"crd:allowDangerousTypes=true", "paths=./api/...", "output:crd:artifacts:config=manifests/crds"},
	} {
		cmd := exec.Command(gen, args...)
		cmd.Dir = tmp
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, "controller-gen %v: %s", args, msg)
	}
	compareDirs(t, filepath.Join(root, "manifests", "crds"), filepath.Join(tmp, "manifests", "crds"), "*.yaml")
	compareDirs(t, filepath.Join(root, "api", "v2"), filepath.Join(tmp, "api", "v2"), "zz_generated.*.go")
}

func compareDirs(t *testing.T, have, want, pattern string) {
	t.Helper()
	haveFiles := names(glob(t, filepath.Join(have, pattern)))
	wantFiles := names(glob(t, filepath.Join(want, pattern)))
	require.Equal(t, wantFiles, haveFiles, "%s: run make generate manifests", have)
	for _, n := range wantFiles {
		w, err := os.ReadFile(filepath.Join(want, n))
		require.NoError(t, err)
		h, err := os.ReadFile(filepath.Join(have, n))
		require.NoError(t, err)
		if string(w) != string(h) {
			t.Errorf("%s is stale (%s): run make generate manifests", filepath.Join(have, n), firstDiff(string(w), string(h)))
		}
	}
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	require.NoError(t, err)
	return m
}

func names(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	}))
}

func firstDiff(want, have string) string {
	w, h := strings.Split(want, "\n"), strings.Split(have, "\n")
	for i := 0; i < len(w) && i < len(h); i++ {
		if w[i] != h[i] {
			return fmt.Sprintf("line %d: want %q, have %q", i+1, w[i], h[i])
		}
	}
	return fmt.Sprintf("want %d lines, have %d", len(w), len(h))
}
