package controller_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	discoveryv1 "k8s.io/api/discovery/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// The controller's own costs: CPU per EndpointSlice update and memory once
// synced. The kube-apiserver and etcd run as processes of their own; the
// Admin API double runs in a child process (startDouble), so that the test
// process holds the controller, the test's client and little else.

// doubleEnv, when set, makes the test binary serve an Admin API double
// (apisixtest, schema-checked, key doubleKey) instead of running tests: it
// prints the server's URL on a line of its own and serves until its
// standard input closes.
const (
	doubleEnv = "CONTROLLER_TEST_ADMIN_DOUBLE"
	doubleKey = "test-admin-key"
)

func serveDouble() {
	srv := apisixtest.NewServer(apisixtest.Options{SchemasDir: os.Getenv("APISIX_SCHEMAS_DIR"), APIKey: doubleKey})
	fmt.Println(srv.URL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// double is an Admin API double in a child process.
type double struct {
	url  string
	cmd  *exec.Cmd
	stop func()
}

// startDouble starts the test binary as an Admin API double; it stops with
// tb's cleanups (or when this process ends: its standard input closes).
func startDouble(tb testing.TB) *double {
	testutil.SchemasDir(tb) // skips without schemas
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), doubleEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(tb, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(tb, err)
	require.NoError(tb, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(tb, err)
	stop := func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	}
	tb.Cleanup(stop)
	return &double{url: strings.TrimSpace(line), cmd: cmd, stop: stop}
}

// remoteFixture is a fixture whose Admin API is a double in a child
// process (its store is not read by the test).
func remoteFixture(tb testing.TB, d *double) *fixture {
	sch, err := schema.Load(testutil.SchemasDir(tb), schema.Options{})
	require.NoError(tb, err)
	return &fixture{defaults: twice{sch}, ns: newNamespaces(tb, 1), adminURLs: []string{d.url}, adminKey: doubleKey}
}

// cpuTime is the CPU time (user and system) this process used so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	require.NoError(tb, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmRSS returns a process's resident set size (VmRSS of /proc/<pid>/status,
// "self" for this one), in bytes.
func vmRSS(tb testing.TB, pid string) uint64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	require.NoError(tb, err)
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseUint(f[1], 10, 64)
			require.NoError(tb, err)
			return kb << 10
		}
	}
	tb.Fatalf("no VmRSS in /proc/%s/status", pid)
	return 0
}

// settledMemory collects garbage, returns freed memory to the system and
// reports the live heap and this process's RSS.
func settledMemory(tb testing.TB) (heap, rss uint64) {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, vmRSS(tb, "self")
}

// ingressCluster creates n Ingresses over 100 Services (and their
// EndpointSlices, returned) in ns.
func ingressCluster(tb testing.TB, ns string, n int) []*discoveryv1.EndpointSlice {
	objs := make([]client.Object, 0, 200+n)
	var slices []*discoveryv1.EndpointSlice
	for i := range 100 {
		a := app(ns, i)
		objs = append(objs, a[:2]...)
		slices = append(slices, a[1].(*discoveryv1.EndpointSlice))
	}
	for i := range n {
		objs = append(objs, ingress(ns, fmt.Sprintf("ing-%d", i), fmt.Sprintf("c%d.example.com", i), fmt.Sprintf("/p%d", i), fmt.Sprintf("svc-%d", i%100)))
	}
	start := time.Now()
	createAll(tb, objs)
	tb.Logf("%d Ingresses created in %s", n, time.Since(start).Round(time.Millisecond))
	return slices
}

// BenchmarkEndpointSliceCPU measures the controller's CPU per EndpointSlice
// update with 10,000 Ingresses (over 100 Services) served: b.N updates, one
// at a time (each changes one endpoint address of one of the 100 slices,
// then waits until the controller finished a sync after it, so no two are
// coalesced by the debounce), reported as cpu-s per 1,000 updates. It is
// this process's CPU (getrusage), which holds the controller and the
// test's client; the Admin API double runs in a child process and the
// kube-apiserver in its own. The client's part is measured alone (the same
// updates to EndpointSlices of a namespace the controller does not watch,
// with the same waits) and subtracted: cpu-s/1000-controller.
func BenchmarkEndpointSliceCPU(b *testing.B) {
	var s *sliceState
	b.Cleanup(func() {
		if s != nil {
			s.r.stop(b)
			s.d.stop()
		}
	})
	b.Run("10000", func(b *testing.B) {
		if s == nil {
			s = sliceSetup(b, 10000)
		}
		sliceUpdates(b, s)
	})
}

// sliceState is BenchmarkEndpointSliceCPU's cluster, double and running
// controller, set up once for the benchmark's runs.
type sliceState struct {
	d              *double
	r              *running
	slices, others []*discoveryv1.EndpointSlice
}

func sliceSetup(b *testing.B, n int) *sliceState {
	tb := keepAlive{b} // stopped by BenchmarkEndpointSliceCPU
	d := startDouble(tb)
	f := remoteFixture(b, d)
	slices := ingressCluster(b, f.ns[0], n)
	other := newNamespaces(b, 1)[0]
	var others []*discoveryv1.EndpointSlice
	var objs []client.Object
	for i := range 100 {
		a := app(other, i)
		objs = append(objs, a[:2]...)
		others = append(others, a[1].(*discoveryv1.EndpointSlice))
	}
	createAll(b, objs)
	start := time.Now()
	r := f.start(tb, f.controllerOptions(), nil)
	for !r.c.Ready() {
		time.Sleep(10 * time.Millisecond)
	}
	b.Logf("cold sync %s", time.Since(start).Round(time.Millisecond))
	time.Sleep(3 * time.Second) // statuses written, nothing pending
	return &sliceState{d: d, r: r, slices: slices, others: others}
}

// sliceUpdates makes b.N updates and reports their CPU.
func sliceUpdates(b *testing.B, s *sliceState) {
	r, slices, others := s.r, s.slices, s.others
	ctx := context.Background()
	update := func(es *discoveryv1.EndpointSlice, k int) {
		es.Endpoints[0].Addresses[0] = fmt.Sprintf("10.200.%d.%d", k/250%250, k%250)
		require.NoError(b, env.Client.Update(ctx, es))
	}

	runtime.GC()
	stopProfile := profileChanges(b, 0) // $LATENCY_CPUPROFILE.0: the controller's updates alone
	b.ResetTimer()
	cpu0, wall0 := cpuTime(b), time.Now()
	for i := range b.N {
		before := r.c.Stats().Syncs
		update(slices[i%len(slices)], b.N+i)
		for r.c.Stats().Syncs == before {
			time.Sleep(2 * time.Millisecond)
		}
	}
	b.StopTimer()
	cpu, wall := cpuTime(b)-cpu0, time.Since(wall0)
	stopProfile()
	wait := wall / time.Duration(b.N) // per update, update and sync included

	runtime.GC()
	cpu0 = cpuTime(b)
	for i := range b.N {
		t0 := time.Now()
		update(others[i%len(others)], b.N+i)
		for time.Since(t0) < wait {
			time.Sleep(2 * time.Millisecond)
		}
	}
	client := cpuTime(b) - cpu0
	per := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
	b.ReportMetric(per(cpu), "cpu-s/1000-process")
	b.ReportMetric(per(client), "cpu-s/1000-client")
	b.ReportMetric(per(cpu-client), "cpu-s/1000-controller")
	b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "ms/update")
}

// BenchmarkControllerMemory reports, at 10,000 and 50,000 Ingresses (over
// 100 Services), the controller's memory once synced: the live heap of
// this process (runtime.ReadMemStats after a GC) and its RSS (VmRSS), each
// before the controller started (the objects created, the test's client
// and envtest's handles) and after its first full sync (plus 3 s for the
// statuses); the difference is the controller's. The Admin API double runs
// in a child process (its RSS is reported too), the kube-apiserver in its
// own.
func BenchmarkControllerMemory(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			d := startDouble(b)
			f := remoteFixture(b, d)
			ingressCluster(b, f.ns[0], n)
			for range b.N {
				heap0, rss0 := settledMemory(b)
				start := time.Now()
				r := f.start(b, f.controllerOptions(), nil)
				for !r.c.Ready() {
					time.Sleep(10 * time.Millisecond)
				}
				cold := time.Since(start)
				time.Sleep(3 * time.Second)
				heap1, rss1 := settledMemory(b)
				b.StopTimer()
				mib := func(v uint64) float64 { return float64(v) / (1 << 20) }
				b.ReportMetric(cold.Seconds(), "s-coldsync")
				b.ReportMetric(mib(heap1), "MiB-heap")
				b.ReportMetric(mib(heap1)-mib(heap0), "MiB-heap-controller")
				b.ReportMetric(mib(rss1), "MiB-rss")
				b.ReportMetric(mib(rss1)-mib(rss0), "MiB-rss-controller")
				b.ReportMetric(mib(vmRSS(b, strconv.Itoa(d.cmd.Process.Pid))), "MiB-rss-double")
				r.stop(b)
				b.StartTimer()
			}
		})
	}
}
