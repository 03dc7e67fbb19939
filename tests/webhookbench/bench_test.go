package webhookbench

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

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

// reportPercentiles records p50 and p99 of per-operation durations.
func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkIngressAdmission is one validating admission of an Ingress with
// 20 annotations, through the handler registered on the manager's webhook
// server (in process: its mux), with n Ingresses and n Services in the
// cluster and the informer cache.
func BenchmarkIngressAdmission(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprintf("objects=%d", n), func(b *testing.B) {
			fill(b, n)
			mux := cl.mgr.GetWebhookServer().WebhookMux()
			body := reviewBody(b)
			durations := make([]time.Duration, 0, b.N)
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := testutil.ProcessCPU()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, webhook.PathValidateIngress, bytes.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				start := time.Now()
				mux.ServeHTTP(rec, r)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"allowed":true`)) {
					admitted(b, rec.Code, rec.Body.Bytes())
				}
			}
			b.StopTimer()
			testutil.ReportCPU(b, cpu)
			reportPercentiles(b, durations)
		})
	}
}

// BenchmarkHTTPSAdmissionsOneCore measures the admissions per second of
// one core: the webhook served as in production (a manager with
// webhook.Setup, its own informer cache of the cluster's 1,000 or more
// Ingresses and Services, controller-runtime's TLS webhook server with
// webhook.TLSOptions) in a child process with GOMAXPROCS=1 pinned to CPU 0,
// and 16 keep-alive HTTP/1.1 clients in this process on the other CPU (see
// package loadgen). admissions/server-cpu-s counts the server's CPU time
// only; admissions/s is the wall rate with the server capped at one core.
func BenchmarkHTTPSAdmissionsOneCore(b *testing.B) {
	fill(b, 1000)
	srv := oneCoreServer.Get(b, func() { os.Setenv(envKubeconfig, cl.env.Kubeconfig) }, "-test.run=^TestHTTPSServerChild$")
	srv.Run(b, webhook.PathValidateIngress, reviewBody(b), 16, func(code int, out []byte) error {
		if code != http.StatusOK || !bytes.Contains(out, []byte(`"allowed":true`)) {
			return fmt.Errorf("not admitted (%d): %s", code, out)
		}
		return nil
	})
}

// BenchmarkHTTPSAdmissionsInProcess is the former one-core figure: it posts
// the admission to the manager's TLS webhook server in this process, with
// GOMAXPROCS=1 (server, informers and clients share one core), and reports
// admissions per second of wall time and of CPU time, the clients' TLS and
// HTTP work included.
func BenchmarkHTTPSAdmissionsInProcess(b *testing.B) {
	fill(b, 1000)
	body := reviewBody(b)
	url := "https://" + cl.addr + webhook.PathValidateIngress
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: cl.tls.Clone(), MaxIdleConnsPerHost: 64, ForceAttemptHTTP2: false,
		TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}}
	defer client.CloseIdleConnections()
	post := func() error {
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte(`"allowed":true`)) {
			return fmt.Errorf("not admitted (%d): %s", resp.StatusCode, out)
		}
		return nil
	}
	if err := post(); err != nil {
		b.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	b.SetParallelism(16)
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	start, cpu := time.Now(), testutil.ProcessCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := post(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "admissions/s")
	b.ReportMetric(float64(b.N)/(testutil.ProcessCPU()-cpu).Seconds(), "admissions/cpu-s")
}
