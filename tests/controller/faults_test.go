package controller_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

// TestFaultsChurn churns 200 objects while the Admin API answers 20% of
// requests with 503, resets 5% of connections and adds 50 ms to each: the
// store converges exactly (no orphan, nothing missing) with the faults on.
func TestFaultsChurn(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	f.srv.SetFaults(apisixtest.Faults{Latency: 50 * time.Millisecond, ErrorRate: 0.2, ResetRate: 0.05})
	r := f.start(t, f.controllerOptions(), nil)
	ctx := context.Background()

	var objs []client.Object
	for i := range 200 {
		if i%2 == 0 {
			objs = append(objs, app(ns, i)...)
		} else {
			objs = append(objs, routeApp(ns, i)...)
		}
	}
	createAll(t, objs)
	time.Sleep(time.Second) // let part of it sync, then churn under way
	// Churn: change half the Ingresses, delete a quarter of the apps,
	// recreate some of those.
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
		back = append(back, routeApp(ns, i)...)
	}
	eventually(t, convergeTimeout, "deletes observed", func() error {
		var l networkingv1.IngressList
		if err := env.Client.List(ctx, &l, client.InNamespace(ns)); err != nil {
			return err
		}
		return nil
	})
	createAll(t, back)

	eventually(t, 3*time.Minute, "convergence under faults", func() error { return f.converged() })
	require.Positive(t, f.srv.Count("", "", 503), "no fault was injected")
	f.srv.SetFaults(apisixtest.Faults{})
	assertQuietResync(t, f, r)
}

// downSeconds is how long TestAPISIXDown keeps APISIX down: 30 s unless
// $CONTROLLER_TEST_DOWN_SECONDS says otherwise.
func downSeconds() time.Duration {
	if s, err := strconv.Atoi(os.Getenv("CONTROLLER_TEST_DOWN_SECONDS")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 30 * time.Second
}

// TestAPISIXDown takes APISIX down for 30 s while objects change, then
// brings it back: the store converges.
func TestAPISIXDown(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	r := f.start(t, f.controllerOptions(), nil)
	var objs []client.Object
	for i := range 50 {
		objs = append(objs, app(ns, i)...)
	}
	createAll(t, objs)
	eventually(t, convergeTimeout, "initial", func() error { return f.converged() })

	require.NoError(t, f.srv.SetDown(true))
	down := time.Now()
	deleteAll(t, objs[:30])
	var more []client.Object
	for i := 100; i < 120; i++ {
		more = append(more, routeApp(ns, i)...)
	}
	createAll(t, more)
	time.Sleep(time.Until(down.Add(downSeconds())))
	require.NoError(t, f.srv.SetDown(false))
	eventually(t, convergeTimeout, "after the outage", func() error { return f.converged() })
	require.True(t, r.c.Ready())
}

// TestRestart stops the controller in the middle of a sync, deletes objects
// while it is down, and starts a new one: orphans are deleted and the state
// is exact.
func TestRestart(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	var objs []client.Object
	for i := range 300 {
		objs = append(objs, app(ns, i)...)
	}
	createAll(t, objs)
	f.srv.SetLatency(20 * time.Millisecond)
	opts := f.controllerOptions()
	opts.Concurrency = 4
	r := f.start(t, opts, nil)
	eventually(t, convergeTimeout, "mid-sync", func() error {
		if f.srv.Count("PUT", "routes", 0) < 20 {
			return errNotYet
		}
		return nil
	})
	r.stop(t)
	require.Error(t, f.converged(), "the first controller finished before it was stopped")
	deleteAll(t, objs[:300]) // the first 100 apps, some of them already in APISIX
	f.srv.SetLatency(0)
	r2 := f.start(t, f.controllerOptions(), nil)
	eventually(t, convergeTimeout, "after restart", func() error { return f.converged() })
	assertQuietResync(t, f, r2)
}
