package apisix_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// BenchmarkClientPut measures PUTs per second against apisixtest (no faults,
// typed plugin checks only, or APISIX's schemas), one caller and
// GOMAXPROCS callers.
func BenchmarkClientPut(b *testing.B) {
	bodies := make([][]byte, 1000)
	for i := range bodies {
		bodies[i] = upstreamBody(i)
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "puts/s")
	}
	b.Run("sequential", func(b *testing.B) {
		s := newServer(b, apisixtest.Options{})
		c := newClient(b, apisix.Config{BaseURLs: []string{s.URL}})
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			if _, _, err := c.Put(ctx, apisix.KindUpstream, fmt.Sprint("u", i%1000), bodies[i%1000]); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("sequential-schemas", func(b *testing.B) {
		s := newServer(b, apisixtest.Options{SchemasDir: testutil.SchemasDir(b)})
		c := newClient(b, apisix.Config{BaseURLs: []string{s.URL}})
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			if _, _, err := c.Put(ctx, apisix.KindUpstream, fmt.Sprint("u", i%1000), bodies[i%1000]); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("parallel", func(b *testing.B) {
		s := newServer(b, apisixtest.Options{})
		c := newClient(b, apisix.Config{BaseURLs: []string{s.URL}})
		ctx := context.Background()
		var next atomic.Int64
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(next.Add(1)) % 1000
				if _, _, err := c.Put(ctx, apisix.KindUpstream, fmt.Sprint("u", i), bodies[i]); err != nil {
					b.Error(err)
					return
				}
			}
		})
		report(b)
	})
}
