// Package controller_test runs the controller against a real kube-apiserver
// (envtest) and the in-memory Admin API (apisixtest): exact convergence of
// every kind, zero-write resyncs, faults, outages, restarts, isolation and
// failover, plus the sync benchmarks reported in BENCHMARKS.md. The fault,
// outage, restart and failover tests also run against a real APISIX
// (subtests /real, through $APISIX_RUNTIME), whose faults are real ones:
// APISIX and its etcd killed and started again.
package controller_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-logr/logr/funcr"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

// env is the control plane shared by every test; each test works in its own
// namespaces and starts its own controllers and Admin API servers.
var env *testenv.Env

func TestMain(m *testing.M) {
	if os.Getenv(doubleEnv) != "" {
		serveDouble() // this process is a separate Admin API double (see startDouble)
		return
	}
	ctrl.SetLogger(funcr.New(func(prefix, args string) {
		fmt.Fprintln(os.Stderr, prefix, args)
	}, funcr.Options{Verbosity: verbosity()}))
	var err error
	// With the Gateway API CRDs, the controllers under test serve Gateway
	// API objects too (TestEveryKindExact applies them).
	env, err = testenv.Start(testenv.Options{ExtraCRDPaths: []string{filepath.Join(testutil.ModuleRoot(), "manifests", "gateway-api")}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	env.Config.QPS, env.Config.Burst = 2000, 4000
	code := m.Run()
	_ = env.Stop()
	os.Exit(code)
}

// verbosity is the log verbosity from $CONTROLLER_TEST_V (default 0:
// errors and leadership changes).
func verbosity() int {
	v, _ := strconv.Atoi(os.Getenv("CONTROLLER_TEST_V"))
	return v
}
