package controller_test

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

// BenchmarkIngressChangeLatency measures, with 1,000, 10,000 and 50,000
// Ingresses (over 100 Services) in the cluster and served, the time from one
// Ingress update (before the API call to the real kube-apiserver) to the
// arrival at the Admin API of the route PUT that carries it, with the default
// debounce. It reports p50 and p99 over b.N changes, and the test process's
// live heap (after a GC) before the controller started and once it served
// every Ingress. With $LATENCY_CPUPROFILE set, the changes alone are
// profiled (see profileChanges).
//
// Each size is set up once (the Ingresses created by 16 workers, then the
// controller started and awaited until the Admin API holds exactly the
// translation) and reused by the benchmark's later runs; starting the next
// size stops the previous size's controller and Admin API.
func BenchmarkIngressChangeLatency(b *testing.B) {
	b.Cleanup(func() {
		for k, s := range latencyStates {
			s.r.stop(b)
			s.f.srv.Close()
			delete(latencyStates, k)
		}
	})
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			s := latencySetup(b, n)
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			stopProfile := profileChanges(b, n)
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				s.seq++
				name := fmt.Sprintf("ing-%d", s.seq%n)
				path := fmt.Sprintf("/lat-%d", s.seq)
				var ing networkingv1.Ingress
				require.NoError(b, env.Client.Get(ctx, client.ObjectKey{Namespace: s.ns, Name: name}, &ing))
				ing.Spec.Rules[0].HTTP.Paths[0].Path = path
				seen := s.f.srv.RequestCount()
				puts := s.f.srv.Count("PUT", apisix.KindRoute, 0)
				b.StartTimer()
				t0 := time.Now()
				require.NoError(b, env.Client.Update(ctx, &ing))
				at := awaitRoutePut(b, s.f.srv, puts, seen, `"`+path+`"`)
				b.StopTimer()
				lat = append(lat, at.Sub(t0))
				b.StartTimer()
			}
			b.StopTimer()
			stopProfile()
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
			b.ReportMetric(ms(lat[min(len(lat)-1, len(lat)*99/100)]), "ms-p99")
			b.ReportMetric(float64(s.heapBefore)/(1<<20), "MiB-heap-before")
			b.ReportMetric(float64(s.heapServing)/(1<<20), "MiB-heap-serving")
			b.ReportMetric(s.coldSync.Seconds(), "s-coldsync")
		})
	}
}

// latencyState is one size's cluster, Admin API and running controller.
type latencyState struct {
	f        *fixture
	r        *running
	ns       string
	seq      int // the last change made, so that every change is new
	coldSync time.Duration
	// heapBefore is the live heap with the objects created and no controller;
	// heapServing the same with the controller serving them (its cache,
	// translation and state, plus the Admin API store it filled).
	heapBefore, heapServing uint64
}

// latencyStates holds the set-up sizes; only the last one runs.
var latencyStates = map[int]*latencyState{}

// latencySetup returns size n's state, setting it up on first use.
func latencySetup(b *testing.B, n int) *latencyState {
	if s := latencyStates[n]; s != nil {
		return s
	}
	for k, old := range latencyStates {
		old.r.stop(b)
		old.f.srv.Close()
		delete(latencyStates, k)
	}
	// The fixture and controller outlive this run of the sub-benchmark:
	// their cleanups go to the process's end, not to b's.
	tb := keepAlive{b}
	f := newFixture(tb, 1)
	ns := f.ns[0]
	objs := make([]client.Object, 0, 200+n)
	for i := range 100 {
		objs = append(objs, app(ns, i)[:2]...)
	}
	for i := range n {
		objs = append(objs, ingress(ns, fmt.Sprintf("ing-%d", i), fmt.Sprintf("l%d.example.com", i), fmt.Sprintf("/p%d", i), fmt.Sprintf("svc-%d", i%100)))
	}
	start := time.Now()
	createAll(b, objs)
	b.Logf("%d Ingresses created in %s", n, time.Since(start).Round(time.Millisecond))
	objs = nil
	s := &latencyState{f: f, ns: ns, seq: n}
	s.heapBefore = liveHeap()
	start = time.Now()
	s.r = f.start(tb, f.controllerOptions(), nil)
	for !s.r.c.Ready() {
		time.Sleep(10 * time.Millisecond)
	}
	s.coldSync = time.Since(start)
	require.Len(b, f.srv.Snapshot()[apisix.KindRoute], n)
	eventually(b, 10*time.Minute, "converged", func() error { return f.converged() })
	s.heapServing = liveHeap()
	latencyStates[n] = s
	return s
}

// keepAlive is a testing.TB whose cleanups never run: the states of
// BenchmarkIngressChangeLatency live until that benchmark ends, which stops
// them.
type keepAlive struct{ testing.TB }

func (keepAlive) Cleanup(func()) {}

// awaitRoutePut waits until a route PUT beyond the first puts whose body
// contains s arrived and returns its arrival time (the log's new part is
// copied only once the count of route PUTs moved, so that polling does not
// load the machine).
func awaitRoutePut(b *testing.B, srv *apisixtest.Server, puts, from int, s string) time.Time {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if c := srv.Count("PUT", apisix.KindRoute, 0); c > puts {
			puts = c
			for _, r := range srv.RequestsFrom(from) {
				if r.Method == "PUT" && r.Kind == apisix.KindRoute && strings.Contains(string(r.Body), s) {
					return r.Time
				}
			}
		}
		time.Sleep(time.Millisecond)
	}
	b.Fatalf("no route PUT carrying %s within a minute", s)
	return time.Time{}
}

// profileChanges starts a CPU profile of the changes alone (not the set-up)
// when $LATENCY_CPUPROFILE names a file (size n is added to its name), and
// returns the function that stops it.
func profileChanges(b *testing.B, n int) func() {
	path := os.Getenv("LATENCY_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", path, n))
	require.NoError(b, err)
	require.NoError(b, pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		require.NoError(b, f.Close())
	}
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
