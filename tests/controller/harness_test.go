package controller_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/internal/echo"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// nsCounter makes namespace and lease names unique within the run.
var nsCounter atomic.Int64

// newNamespaces creates n namespaces for one test.
func newNamespaces(t testing.TB, n int) []string {
	t.Helper()
	out := make([]string, n)
	for i := range out {
		name := fmt.Sprintf("ctl-%d-%d", time.Now().UnixNano()%1_000_000, nsCounter.Add(1))
		_, err := env.CreateNamespace(context.Background(), name)
		require.NoError(t, err)
		out[i] = name
	}
	return out
}

// fixture is one test's Admin API (the in-memory double, or a real APISIX)
// and the schema-based defaulter both sides are normalised with.
type fixture struct {
	// srv is the double; nil against a real APISIX.
	srv      *apisixtest.Server
	defaults apisix.Defaulter
	ns       []string
	// store lists what the Admin API holds; nil means srv's store.
	store func() (map[apisix.Kind]map[string]json.RawMessage, error)
	// adminURLs and adminKey are what the controllers are given.
	adminURLs []string
	adminKey  string
	// revision counts the writes a real APISIX stored (its etcd's
	// revision); unused with the double, which counts requests.
	revision func() (int, error)
	// pod is the backend EndpointSlices point at against a real APISIX, so
	// that requests through it are answered; nil with the double.
	pod *echo.Server
	// translatorOpts are the translation options the controllers under
	// test are given (Options.Translator), for the expected state.
	translatorOpts translator.Options
}

// writes counts the writes the Admin API stored so far.
func (f *fixture) writes(t testing.TB) int {
	t.Helper()
	if f.srv != nil {
		return writes(f.srv)
	}
	n, err := f.revision()
	require.NoError(t, err)
	return n
}

// app is app(ns, i), with its endpoint at the fixture's pod if it has one.
func (f *fixture) app(ns string, i int) []client.Object {
	if f.pod != nil {
		return localApp(ns, i, f.pod)
	}
	return app(ns, i)
}

// routeApp is routeApp(ns, i), with its endpoint at the fixture's pod if it
// has one.
func (f *fixture) routeApp(ns string, i int) []client.Object {
	objs := f.app(ns, i)
	return []client.Object{objs[0], objs[1], apisixRoute(ns, i)}
}

// stored is what the Admin API holds, by kind and id.
func (f *fixture) stored() (map[apisix.Kind]map[string]json.RawMessage, error) {
	if f.store != nil {
		return f.store()
	}
	return f.srv.Snapshot(), nil
}

func newFixture(t testing.TB, namespaces int) *fixture {
	t.Helper()
	dir := testutil.SchemasDir(t)
	sch, err := schema.Load(dir, schema.Options{})
	require.NoError(t, err)
	srv := apisixtest.NewServer(apisixtest.Options{SchemasDir: dir, APIKey: "test-admin-key"})
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, defaults: twice{sch}, ns: newNamespaces(t, namespaces),
		adminURLs: []string{srv.URL}, adminKey: "test-admin-key"}
}

// running is a started manager with its controller.
type running struct {
	c      *controller.Controller
	cancel context.CancelFunc
	done   chan struct{} // closed when the manager returned
}

// stop stops the manager and waits for it.
func (r *running) stop(t testing.TB) {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(60 * time.Second):
		t.Fatal("manager did not stop within 60s")
	}
}

// controllerOptions are the test defaults: the fixture's server, key and
// defaulter, its namespaces, and a short retry backoff.
func (f *fixture) controllerOptions() controller.Options {
	return controller.Options{
		AdminURLs:           f.adminURLs,
		AdminKey:            f.adminKey,
		Defaults:            f.defaults,
		Namespaces:          f.ns,
		RetryBackoffInitial: 100 * time.Millisecond,
		RetryBackoffMax:     2 * time.Second,
		MetricsRegisterer:   prometheus.NewRegistry(),
	}
}

// leaderOptions configure leader election for failover tests.
type leaderOptions struct {
	id, namespace string
}

// start starts a manager running the controller.
func (f *fixture) start(t testing.TB, opts controller.Options, le *leaderOptions) *running {
	t.Helper()
	mopts := controller.ManagerOptions(opts)
	mopts.Metrics = metricsserver.Options{BindAddress: "0"}
	mopts.HealthProbeBindAddress = "0"
	if le != nil {
		lease, renew, retry := 4*time.Second, 3*time.Second, 500*time.Millisecond
		mopts.LeaderElection = true
		mopts.LeaderElectionID = le.id
		mopts.LeaderElectionNamespace = le.namespace
		mopts.LeaseDuration, mopts.RenewDeadline, mopts.RetryPeriod = &lease, &renew, &retry
	}
	mgr, err := ctrl.NewManager(env.Config, mopts)
	require.NoError(t, err)
	c, err := controller.Setup(mgr, opts)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{c: c, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		if err := mgr.Start(ctx); err != nil {
			t.Logf("manager stopped: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(60 * time.Second):
		}
	})
	return r
}

// eventually polls cond until it returns nil or timeout passes, then fails
// with the last error.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	start := time.Now()
	deadline := start.Add(timeout)
	var err error
	for {
		if err = cond(); err == nil {
			t.Logf("%s: reached after %s", what, time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %s: %v", what, timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// writes counts the Admin API writes the server received.
func writes(srv *apisixtest.Server) int {
	return srv.Count("PUT", "", 0) + srv.Count("DELETE", "", 0) + srv.Count("PATCH", "", 0) + srv.Count("POST", "", 0)
}

var errNotYet = errors.New("not yet")

// twice applies a defaulter twice: a default inserted by the first pass may
// hold members whose defaults only a second pass fills (the controller does
// the same).
type twice struct{ d apisix.Defaulter }

func (tw twice) ApplyDefaults(k apisix.Kind, m map[string]any) {
	tw.d.ApplyDefaults(k, m)
	tw.d.ApplyDefaults(k, m)
}
