package webhookbench

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// reviewBody is the AdmissionReview the API server sends to create the
// benchmarked Ingress: 20 annotations, a host no other Ingress serves, and
// Service default/web.
func reviewBody(tb testing.TB) []byte {
	ing := ingress("default", "new", "new.example.com", "/new", "web")
	raw, err := json.Marshal(ing)
	if err != nil {
		tb.Fatal(err)
	}
	req := admissionv1.AdmissionRequest{UID: "0f0e", Operation: admissionv1.Create, Namespace: ing.Namespace, Name: ing.Name}
	req.Object.Raw = raw
	body, err := json.Marshal(&admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"}, Request: &req})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// admitted fails unless body is an AdmissionReview that allows.
func admitted(tb testing.TB, code int, body []byte) {
	var out admissionv1.AdmissionReview
	if code != http.StatusOK || json.Unmarshal(body, &out) != nil || out.Response == nil || !out.Response.Allowed {
		tb.Fatalf("not admitted (%d): %s", code, body)
	}
}

// reportPercentiles records p50 and p99 of per-operation durations, as
// p50-<unit> and p99-<unit>.
func reportPercentiles(b *testing.B, d []time.Duration, unit string) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1e3, "p50-"+unit)
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1e3, "p99-"+unit)
}

// threadCPU is the CPU time the calling OS thread has used, to the
// nanosecond (0 where the clock is not available).
func threadCPU() time.Duration {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// BenchmarkIngressAdmission is one validating admission of an Ingress with
// 20 annotations, through the HTTP handler registered on the manager's
// webhook server (in process: its mux), with n = 10, 1,000 and 10,000
// Ingresses and as many Services in the cluster and the informer cache. It
// reports the latency's p50 and p99 (p50-µs, p99-µs), which must stay flat
// and under 1 ms whatever n, and the p50 and p99 of the CPU time of the
// thread answering (p50-cpu-µs, p99-cpu-µs: the handler runs on the
// benchmark's goroutine, locked to its thread), which leaves out the time
// other processes hold the CPU on a busy machine.
func BenchmarkIngressAdmission(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			fill(b, n)
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			mux := cl.mgr.GetWebhookServer().WebhookMux()
			body := reviewBody(b)
			durations := make([]time.Duration, 0, b.N)
			cpus := make([]time.Duration, 0, b.N)
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := testutil.ProcessCPU()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, webhook.PathValidateIngress, bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				start, cpu0 := time.Now(), threadCPU()
				mux.ServeHTTP(rec, r)
				durations = append(durations, time.Since(start))
				cpus = append(cpus, threadCPU()-cpu0)
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"allowed":true`)) {
					admitted(b, rec.Code, rec.Body.Bytes())
				}
			}
			b.StopTimer()
			testutil.ReportCPU(b, cpu)
			reportPercentiles(b, durations, "µs")
			reportPercentiles(b, cpus, "cpu-µs")
		})
	}
}
