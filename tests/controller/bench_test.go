package controller_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

// BenchmarkColdSync1000ApisixRoutes measures a controller's start, from
// manager start to the end of its first full sync (ready), with 1,000
// ApisixRoutes and 1,000 Services (and their EndpointSlices) in the cluster
// and an empty Admin API.
func BenchmarkColdSync1000ApisixRoutes(b *testing.B) {
	f := newFixture(b, 1)
	var objs []client.Object
	for i := range 1000 {
		objs = append(objs, routeApp(f.ns[0], i)...)
	}
	createAll(b, objs)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		f.srv.Reset()
		b.StartTimer()
		start := time.Now()
		r := f.start(b, f.controllerOptions(), nil)
		for !r.c.Ready() {
			time.Sleep(5 * time.Millisecond)
		}
		d := time.Since(start)
		b.StopTimer()
		b.ReportMetric(d.Seconds(), "s/coldsync")
		require.Len(b, f.srv.Snapshot()[apisix.KindRoute], 1000)
		require.NoError(b, f.converged())
		r.stop(b)
		b.StartTimer()
	}
}

// BenchmarkIngressChangeLatency measures, with 1,000 Ingresses served, the
// time from one Ingress update (before the API call) to the arrival of the
// Admin API write that carries it; it reports p50 and p99 over b.N changes.
func BenchmarkIngressChangeLatency(b *testing.B) {
	f := newFixture(b, 1)
	ns := f.ns[0]
	var objs []client.Object
	for i := range 1000 {
		objs = append(objs, app(ns, i)...)
	}
	createAll(b, objs)
	f.start(b, f.controllerOptions(), nil)
	eventually(b, 5*time.Minute, "initial sync", func() error { return f.converged() })
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for n := range b.N {
		name := fmt.Sprintf("ing-%d", n%1000)
		path := fmt.Sprintf("/lat-%d", n)
		var ing networkingv1.Ingress
		require.NoError(b, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: name}, &ing))
		ing.Spec.Rules[0].HTTP.Paths[0].Path = path
		seen := len(f.srv.Requests())
		t0 := time.Now()
		require.NoError(b, env.Client.Update(ctx, &ing))
		for {
			if at, ok := putWith(f.srv, seen, `"`+path+`"`); ok {
				lat = append(lat, at.Sub(t0))
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "ms-p99")
}

// putWith returns when the first route PUT after request index from whose
// body contains s arrived.
func putWith(srv *apisixtest.Server, from int, s string) (time.Time, bool) {
	reqs := srv.Requests()
	for _, r := range reqs[min(from, len(reqs)):] {
		if r.Method == "PUT" && r.Kind == apisix.KindRoute && strings.Contains(string(r.Body), s) {
			return r.Time, true
		}
	}
	return time.Time{}, false
}

// BenchmarkMemory10000Ingresses reports the heap the controller holds with
// 10,000 Ingresses (over 100 Services) synced: the live heap after a GC
// while it runs, minus the live heap after it stopped (the Admin API store
// and the test's objects stay in both).
func BenchmarkMemory10000Ingresses(b *testing.B) {
	f := newFixture(b, 1)
	ns := f.ns[0]
	var objs []client.Object
	for i := range 100 {
		objs = append(objs, app(ns, i)[:2]...)
	}
	for i := range 10000 {
		objs = append(objs, ingress(ns, fmt.Sprintf("ing-%d", i), fmt.Sprintf("m%d.example.com", i), "/", fmt.Sprintf("svc-%d", i%100)))
	}
	createAll(b, objs)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		r := f.start(b, f.controllerOptions(), nil)
		for !r.c.Ready() {
			time.Sleep(10 * time.Millisecond)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/coldsync")
		b.StopTimer()
		require.Len(b, f.srv.Snapshot()[apisix.KindRoute], 10000)
		running := liveHeap()
		r.stop(b)
		r.c = nil // drop the last reference to the controller and its caches
		idle := liveHeap()
		b.ReportMetric(float64(running)/(1<<20), "MiB-heap-running")
		b.ReportMetric(float64(running-idle)/(1<<20), "MiB-heap-controller")
		b.StartTimer()
	}
}

func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
