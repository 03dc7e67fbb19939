package controller_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
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
