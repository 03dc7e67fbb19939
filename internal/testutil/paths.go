// Package testutil holds helpers shared by the project's tests: locating the
// module root and the APISIX schemas that sit beside the checkout.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// ModuleRoot returns the absolute path of the repository checkout.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SchemasDir returns the directory of APISIX's own JSON schemas
// (../shared/apisix-schemas beside the checkout, or $APISIX_SCHEMAS_DIR).
// When they are absent the test is skipped, except under CI=true where their
// absence is a failure.
func SchemasDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("APISIX_SCHEMAS_DIR")
	if dir == "" {
		dir = filepath.Join(ModuleRoot(), "..", "shared", "apisix-schemas")
	}
	if _, err := os.Stat(filepath.Join(dir, "core.route.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("APISIX schemas not found at %s (required under CI=true): %v", dir, err)
		}
		t.Skipf("APISIX schemas not found at %s: %v", dir, err)
	}
	return dir
}
