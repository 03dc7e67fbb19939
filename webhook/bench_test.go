package webhook

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/tests/webhookbench/loadgen"
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
		b.Run(fmt.Sprintf("objects=%d", n), func(b *testing.B) {
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

// BenchmarkHTTPSAdmissionsOneCore measures the admissions per second of
// one core: the validating handler, over 1,000 stored Ingresses, served
// over TLS by controller-runtime's webhook server with TLSOptions (as in
// production) in a child process with GOMAXPROCS=1 pinned to CPU 0, and 16
// keep-alive HTTP/1.1 clients in this process on the other CPU (see
// package loadgen). admissions/server-cpu-s counts the server's CPU time
// only.
func BenchmarkHTTPSAdmissionsOneCore(b *testing.B) {
	srv := oneCoreServer.Get(b, nil, "-test.run=^TestHTTPSServerChild$")
	body := reviewBody(b, admissionv1.Create, ingress("default", "new", "h5.example.com", "/new", testutil.TwentyAnnotations()), nil)
	srv.Run(b, PathValidateIngress, body, 16, func(code int, out []byte) error {
		if code != http.StatusOK || !bytes.Contains(out, []byte(`"allowed":true`)) {
			return fmt.Errorf("not admitted (%d): %s", code, out)
		}
		return nil
	})
}

// oneCoreServer is the server of BenchmarkHTTPSAdmissionsOneCore, started
// once for every run of the benchmark function.
var oneCoreServer loadgen.Lazy

// TestHTTPSServerChild is the server of BenchmarkHTTPSAdmissionsOneCore,
// in the child process; it is skipped otherwise.
func TestHTTPSServerChild(t *testing.T) {
	if !loadgen.Child() {
		t.Skip("the server of BenchmarkHTTPSAdmissionsOneCore")
	}
	if err := loadgen.Serve(populated(t, 1000).hs, TLSOptions()); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkHTTPSAdmissionsInProcess is the former one-core figure: server
// and clients in this process with GOMAXPROCS=1, so the clients' CPU time
// (TLS, HTTP) is counted with the server's.
func BenchmarkHTTPSAdmissionsInProcess(b *testing.B) {
	h := populated(b, 1000)
	srv := httptest.NewUnstartedServer(h.hs[PathValidateIngress])
	srv.TLS = &tls.Config{}
	for _, o := range TLSOptions() {
		o(srv.TLS)
	}
	srv.StartTLS()
	defer srv.Close()
	body := reviewBody(b, admissionv1.Create, ingress("default", "new", "h5.example.com", "/new", testutil.TwentyAnnotations()), nil)
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	client := &http.Client{Transport: tr}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), testutil.ProcessCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(srv.URL+PathValidateIngress, "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "admissions/s")
	// Admissions per second of CPU time (client and server, one core).
	b.ReportMetric(float64(b.N)/(testutil.ProcessCPU()-cpu).Seconds(), "admissions/cpu-s")
}
