package controller_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestFaultsChurn churns 200 objects while the Admin API fails, and checks
// that the store converges exactly (no orphan, nothing missing), then that
// a forced resync writes nothing.
//   - double: 20% of requests answer 503, 5% of connections reset, 5% are
//     done but answered 503 (APISIX does that when its etcd write times out
//     but went through: nothing of those may stay behind as an orphan),
//     50 ms added to each, all along.
//   - real: APISIX's etcd is killed once part of the apps synced (the Admin
//     API answers 503), the churn runs against it, etcd comes back, then
//     APISIX itself is killed (connections refused) and started again on
//     the same ports; the gateway then serves what the churn left.
func TestFaultsChurn(t *testing.T) {
	t.Run("double", func(t *testing.T) {
		f := newFixture(t, 1)
		f.srv.SetFaults(apisixtest.Faults{Latency: 50 * time.Millisecond, ErrorRate: 0.2, ResetRate: 0.05, LostReplyRate: 0.05})
		r := f.start(t, f.controllerOptions(), nil)
		churn(t, f, func() { time.Sleep(time.Second) }) // let part of it sync, then churn under way
		eventually(t, 3*time.Minute, "convergence under faults", func() error { return f.converged() })
		require.Positive(t, f.srv.Count("", "", 503), "no fault was injected")
		require.True(t, slices.ContainsFunc(f.srv.Requests(), func(r apisixtest.Request) bool { return r.Fault == apisixtest.FaultLostReply }),
			"no reply was lost")
		f.srv.SetFaults(apisixtest.Faults{})
		assertQuietResync(t, f, r)
	})
	t.Run("real", func(t *testing.T) {
		f, in := realFixture(t)
		opts := f.controllerOptions()
		r := f.start(t, opts, nil)
		var restartEtcd func() error
		churn(t, f, func() {
			var err error
			restartEtcd, err = in.KillEtcd()
			require.NoError(t, err)
		})
		awaitFailedSyncs(t, opts, 0, "a sync failed while etcd is down (503)")
		require.NoError(t, restartEtcd())
		require.NoError(t, in.Kill())
		awaitFailedSyncs(t, opts, failedSyncs(t, opts), "a sync failed while APISIX is down (connection refused)")
		again := startAgain(t, in)
		up := time.Now()
		eventually(t, 3*time.Minute, "convergence after the faults", func() error { return f.converged() })
		t.Logf("converged %s after APISIX was back", time.Since(up).Round(time.Millisecond))
		assertQuietResync(t, f, r)
		answers(t, again, "h0.example.com", "/moved-0", 200) // moved
		answers(t, again, "h0.example.com", "/p0", 404)      // its old path
		answers(t, again, "a17.example.com", "/a17", 200)    // deleted, created again
		answers(t, again, "a5.example.com", "/a5", 404)      // deleted
		answers(t, again, "h198.example.com", "/p198", 200)  // untouched
	})
}

// churn creates 200 apps (even ones Ingresses, odd ones ApisixRoutes),
// calls midway, then moves the path of every fourth Ingress, deletes every
// fourth ApisixRoute app (1, 5, 9, ...) and creates some of those again
// (1, 17, 33, ...).
func churn(t *testing.T, f *fixture, midway func()) {
	t.Helper()
	ns := f.ns[0]
	ctx := context.Background()
	var objs []client.Object
	for i := range 200 {
		if i%2 == 0 {
			objs = append(objs, f.app(ns, i)...)
		} else {
			objs = append(objs, f.routeApp(ns, i)...)
		}
	}
	createAll(t, objs)
	midway()
	for i := 0; i < 200; i += 4 {
		var ing networkingv1.Ingress
		require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: fmt.Sprintf("ing-%d", i)}, &ing))
		ing.Spec.Rules[0].HTTP.Paths[0].Path = fmt.Sprintf("/moved-%d", i)
		require.NoError(t, env.Client.Update(ctx, &ing))
	}
	var gone []client.Object
	for i := 1; i < 200; i += 4 {
		gone = append(gone, objs[3*i:3*i+3]...)
	}
	deleteAll(t, gone)
	var back []client.Object
	for i := 1; i < 200; i += 16 {
		back = append(back, f.routeApp(ns, i)...)
	}
	createAll(t, back)
}

// downSeconds is how long TestAPISIXDown keeps APISIX down:
// $CONTROLLER_TEST_DOWN_SECONDS, else def.
func downSeconds(def time.Duration) time.Duration {
	if s, err := strconv.Atoi(os.Getenv("CONTROLLER_TEST_DOWN_SECONDS")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return def
}

// TestAPISIXDown takes APISIX down while objects change, then brings it
// back: the store converges and the controller is ready.
//   - double: the server is down for 30 s (longer than the controller's
//     longest backoff).
//   - real: APISIX and its etcd are both killed for 3 s; etcd restarts with
//     its data and APISIX on the same ports; the gateway serves the change.
func TestAPISIXDown(t *testing.T) {
	t.Run("double", func(t *testing.T) {
		f := newFixture(t, 1)
		apisixDown(t, f, downSeconds(30*time.Second),
			func() { require.NoError(t, f.srv.SetDown(true)) },
			func() { require.NoError(t, f.srv.SetDown(false)) })
	})
	t.Run("real", func(t *testing.T) {
		f, in := realFixture(t)
		var restartEtcd func() error
		again := in
		apisixDown(t, f, downSeconds(3*time.Second),
			func() {
				require.NoError(t, in.Kill())
				var err error
				restartEtcd, err = in.KillEtcd()
				require.NoError(t, err)
			},
			func() {
				require.NoError(t, restartEtcd())
				again = startAgain(t, in)
			})
		answers(t, again, "a110.example.com", "/a110", 200) // created while down
		answers(t, again, "h3.example.com", "/p3", 404)     // deleted while down
		answers(t, again, "h40.example.com", "/p40", 200)   // untouched
	})
}

// apisixDown runs TestAPISIXDown's scenario: 50 apps converge, down()
// takes APISIX down, the first 10 apps are deleted and 20 ApisixRoute apps
// created, up() brings APISIX back after the outage.
func apisixDown(t *testing.T, f *fixture, outage time.Duration, down, up func()) {
	t.Helper()
	ns := f.ns[0]
	r := f.start(t, f.controllerOptions(), nil)
	var objs []client.Object
	for i := range 50 {
		objs = append(objs, f.app(ns, i)...)
	}
	createAll(t, objs)
	eventually(t, convergeTimeout, "initial", func() error { return f.converged() })

	down()
	began := time.Now()
	deleteAll(t, objs[:30])
	var more []client.Object
	for i := 100; i < 120; i++ {
		more = append(more, f.routeApp(ns, i)...)
	}
	createAll(t, more)
	time.Sleep(time.Until(began.Add(outage)))
	up()
	eventually(t, convergeTimeout, "after the outage", func() error { return f.converged() })
	require.True(t, r.c.Ready())
}

// TestRestart stops the controller in the middle of a sync, deletes objects
// while it is down, and starts a new one: orphans are deleted and the state
// is exact. The double slows each request by 20 ms so that the first sync
// is still under way; the real variant writes one object at a time and
// stops the controller once 320 of its 600 writes reached etcd.
func TestRestart(t *testing.T) {
	t.Run("double", func(t *testing.T) {
		f := newFixture(t, 1)
		f.srv.SetLatency(20 * time.Millisecond)
		restartMidSync(t, f, 4, func() bool { return f.srv.Count("PUT", "routes", 0) >= 20 },
			func() { f.srv.SetLatency(0) })
	})
	t.Run("real", func(t *testing.T) {
		f, in := realFixture(t)
		before := f.writes(t)
		restartMidSync(t, f, 1, func() bool {
			n, err := f.revision()
			return err == nil && n >= before+320 // of 600: the upstreams and 20 routes
		}, func() {})
		answers(t, in, "h150.example.com", "/p150", 200)
		answers(t, in, "h5.example.com", "/p5", 404)
	})
}

// restartMidSync creates 300 apps, starts a controller writing with
// concurrency, stops it as soon as midway() holds, deletes the first 100
// apps, calls resume, starts a new controller and checks it converges.
func restartMidSync(t *testing.T, f *fixture, concurrency int, midway func() bool, resume func()) {
	t.Helper()
	ns := f.ns[0]
	var objs []client.Object
	for i := range 300 {
		objs = append(objs, f.app(ns, i)...)
	}
	createAll(t, objs)
	opts := f.controllerOptions()
	opts.Concurrency = concurrency
	r := f.start(t, opts, nil)
	deadline := time.Now().Add(convergeTimeout)
	for !midway() {
		require.True(t, time.Now().Before(deadline), "the first sync did not start")
		time.Sleep(5 * time.Millisecond)
	}
	r.stop(t)
	require.Error(t, f.converged(), "the first controller finished before it was stopped")
	deleteAll(t, objs[:300]) // the first 100 apps, some of them already in APISIX
	resume()
	started := time.Now()
	r2 := f.start(t, f.controllerOptions(), nil)
	eventually(t, convergeTimeout, "after restart", func() error { return f.converged() })
	t.Logf("converged %s after the new controller started", time.Since(started).Round(time.Millisecond))
	assertQuietResync(t, f, r2)
}

// TestLostReplyLeavesNoOrphan: APISIX stores a route and its upstream but
// answers 503 (its etcd write timed out but went through); the Ingress is
// deleted before any write is answered. The controller cannot know what
// APISIX holds, so it must delete what it may have stored: the store ends
// empty without waiting for the periodic resync.
func TestLostReplyLeavesNoOrphan(t *testing.T) {
	f := newFixture(t, 1)
	opts := f.controllerOptions()
	opts.ResyncPeriod = -1 // no full list to find the orphan
	r := f.start(t, opts, nil)
	eventually(t, convergeTimeout, "ready", func() error { // APISIX listed
		if !r.c.Ready() {
			return errNotYet
		}
		return nil
	})
	f.srv.SetFaults(apisixtest.Faults{LostReplyRate: 1})
	objs := f.app(f.ns[0], 0)
	createAll(t, objs)
	eventually(t, 20*time.Second, "stored despite the 503s", func() error { return f.converged() })
	deleteAll(t, objs[2:]) // the Ingress
	f.srv.SetFaults(apisixtest.Faults{})
	eventually(t, 20*time.Second, "deleted", func() error {
		st, err := f.stored()
		if err != nil {
			return err
		}
		for _, k := range []apisix.Kind{apisix.KindRoute, apisix.KindUpstream} {
			for id := range st[k] {
				return fmt.Errorf("orphan %s/%s", k, id)
			}
		}
		return nil
	})
}

// TestUndecodableObjectDoesNotStall: APISIX holds an owned route this
// program cannot decode (a field of another type than it expects, as a
// Lua encoder's {} for an empty list). Listing APISIX must not fail on it
// forever (the controller once stopped writing anything and every status
// with it): the route is held by its id and labels, deleted since nothing
// wants it, and the cluster's objects are synced.
func TestUndecodableObjectDoesNotStall(t *testing.T) {
	f := newFixture(t, 1)
	bad := fmt.Sprintf(`{"id":"bad","uri":"/bad","priority":"high","labels":{%q:%q}}`, apisix.LabelManagedBy, translator.DefaultManagedBy)
	f.srv.Set(apisix.KindRoute, "bad", []byte(bad))
	f.start(t, f.controllerOptions(), nil)
	createAll(t, f.app(f.ns[0], 0))
	eventually(t, convergeTimeout, "synced, the undecodable route deleted", func() error { return f.converged() })
}
