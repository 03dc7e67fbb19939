// Package testutil holds helpers shared by the project's tests: locating the
// module root, the APISIX schemas ($APISIX_SCHEMAS_DIR) and the APISIX
// runtime ($APISIX_RUNTIME), which `make test` sets when they are available.
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

// SchemasDir returns the directory of APISIX's own JSON schemas, named by
// $APISIX_SCHEMAS_DIR (`make test` sets it when the schemas sit beside the
// checkout). When it is unset or holds no schemas the test is skipped, except
// under CI=true where that is a failure.
func SchemasDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("APISIX_SCHEMAS_DIR")
	if dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("APISIX_SCHEMAS_DIR is not set (required under CI=true; make test sets it)")
		}
		t.Skip("APISIX_SCHEMAS_DIR is not set; run make test")
	}
	if _, err := os.Stat(filepath.Join(dir, "core.route.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("APISIX schemas not found at %s (required under CI=true): %v", dir, err)
		}
		t.Skipf("APISIX schemas not found at %s: %v", dir, err)
	}
	return dir
}
