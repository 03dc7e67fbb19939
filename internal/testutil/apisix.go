package testutil

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
)

// APISIXRuntime returns the apisix-runtime launcher named by $APISIX_RUNTIME
// (`make test` sets it when the runtime is available), or an error saying
// what is missing.
func APISIXRuntime() (string, error) {
	p := os.Getenv("APISIX_RUNTIME")
	if p == "" {
		return "", fmt.Errorf("APISIX_RUNTIME is not set (make test sets it to the apisix-runtime launcher when available)")
	}
	if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("APISIX_RUNTIME=%s is not an executable launcher", p)
	}
	return p, nil
}

// APISIXLauncher returns the launcher for t, or skips t without one, except
// under CI=true where that is a failure (as SchemasDir does).
func APISIXLauncher(t testing.TB) string {
	t.Helper()
	p, err := APISIXRuntime()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: required under CI=true", err)
		}
		t.Skip(err)
	}
	return p
}

// APISIX starts a real APISIX for one test (stopped in t.Cleanup; its error
// log is shown when the test failed). It skips like APISIXLauncher.
func APISIX(t testing.TB, opts apisixrt.Options) *apisixrt.Instance {
	t.Helper()
	if opts.Launcher == "" {
		opts.Launcher = APISIXLauncher(t)
	}
	in, err := apisixrt.Start(context.Background(), t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("APISIX error.log (tail):\n%s", in.ErrorLogTail(30))
		}
		_ = in.Stop()
	})
	return in
}
