package webhook

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// populated returns a harness whose store holds n Ingresses (and their
// Services) on distinct hosts, as the cache would.
func populated(tb testing.TB, n int) *harness {
	snap := &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}
	h := newHarness(tb, snap, nil, Options{})
	for i := range n {
		h.store.Admit(ingress(fmt.Sprintf("ns-%d", i%100), fmt.Sprintf("ing-%d", i), fmt.Sprintf("h%d.example.com", i), "/", testutil.TwentyAnnotations()))
	}
	return h
}

// reportPercentiles records p50 and p99 of per-operation durations.
func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkIngressAdmission is one validating admission of an Ingress with
// 20 annotations, through the HTTP handler, with n objects stored.
func BenchmarkIngressAdmission(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			h := populated(b, n)
			body := reviewBody(b, admissionv1.Create, ingress("default", "new", "h5.example.com", "/new", testutil.TwentyAnnotations()), nil)
			hd := h.hs[PathValidateIngress]
			durations := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := testutil.ProcessCPU()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, PathValidateIngress, bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				start := time.Now()
				hd.ServeHTTP(rec, r)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"allowed":true`)) {
					b.Fatalf("not admitted: %s", rec.Body.String())
				}
			}
			b.StopTimer()
			testutil.ReportCPU(b, cpu)
			reportPercentiles(b, durations)
		})
	}
}
