package apisixrt

import (
	"context"
	"os"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// ForTest starts an instance for one test (stopped in t.Cleanup). Without
// a launcher the test is skipped, except under CI=true where that is a
// failure.
func ForTest(t testing.TB, opts Options) *Instance {
	t.Helper()
	if opts.Launcher == "" {
		opts.Launcher = LauncherForTest(t)
	}
	in, err := Start(context.Background(), t.TempDir(), opts)
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

// LauncherForTest returns the launcher's path, or skips the test (fails it
// under CI=true) when there is none.
func LauncherForTest(t testing.TB) string {
	t.Helper()
	p, err := Find(testutil.ModuleRoot())
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: required under CI=true", err)
		}
		t.Skipf("%v; install it with ../shared/apisix-runtime/apisix-runtime install, or set APISIX_RUNTIME", err)
	}
	return p
}
