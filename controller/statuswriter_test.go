package controller

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestIdleStatusWriterSleeps: with nothing pending, the status writer's
// workers block until something is posted. Before, a worker woken with
// nothing to do passed the wake on to the next, so the workers woke each
// other forever, each time ranging over the pending map: a busy loop on an
// idle controller (25% of the CPU at 10,000 Ingresses in
// BenchmarkIngressChangeLatency's profile).
func TestIdleStatusWriterSleeps(t *testing.T) {
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	c := &Controller{opts: Options{StatusWorkers: 4}, metrics: m}
	w := newStatusWriter(c)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.run(ctx); close(done) }()
	w.post(nil) // a sync that changed no status still wakes a worker
	time.Sleep(200 * time.Millisecond)
	w.mu.Lock()
	takes := w.takes
	w.mu.Unlock()
	cancel()
	<-done
	// Each worker looks once at start, and the woken one once more.
	if takes > 4+1 {
		t.Fatalf("idle workers looked for work %d times in 200 ms; want at most 5 (they must block)", takes)
	}
}
