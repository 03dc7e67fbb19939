package translator_test

import (
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// BenchmarkTranslateApisixRoutes translates 10,000 ApisixRoutes, each with 2
// HTTP rules of 1 backend and 1 plugin, and the Services and EndpointSlices
// (3 ready endpoints) they use: 20,000 routes per translation, and 10,000
// upstreams when both rules of an object send to the same Service port
// (shared-port) or 20,000 when they send to two ports (two-ports). Run with
//
//	go test ./translator -run '^$' -bench BenchmarkTranslateApisixRoutes -benchmem -cpu 1
//
// Targets: under 50 ms and 30 MB per translation. Besides wall time, it
// reports cpu-ms/op (user+system CPU time of the process, GC included),
// which a loaded machine inflates much less.
func BenchmarkTranslateApisixRoutes(b *testing.B) {
	for _, c := range []struct {
		name      string
		twoPorts  bool
		upstreams int
	}{{"shared-port", false, 10000}, {"two-ports", true, 20000}} {
		b.Run(c.name, func(b *testing.B) {
			s := crdSnapshot(10000, c.twoPorts)
			b.ReportAllocs()
			cpu0 := testutil.ProcessCPU()
			b.ResetTimer()
			for b.Loop() {
				res := translator.Translate(s, translator.Options{})
				if len(res.State.Routes) != 20000 || len(res.State.Upstreams) != c.upstreams {
					b.Fatalf("got %d routes and %d upstreams", len(res.State.Routes), len(res.State.Upstreams))
				}
			}
			b.StopTimer()
			testutil.ReportCPU(b, cpu0)
		})
	}
}
