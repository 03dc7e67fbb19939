package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// reviewBody is an AdmissionReview for obj as the API server sends it.
func reviewBody(t testing.TB, op admissionv1.Operation, obj, old client.Object) []byte {
	req := admissionv1.AdmissionRequest{UID: "0f0e", Operation: op, Namespace: obj.GetNamespace(), Name: obj.GetName()}
	req.Object.Raw = mustJSON(t, obj)
	if old != nil {
		req.OldObject.Raw = mustJSON(t, old)
	}
	return mustJSON(t, &admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"}, Request: &req})
}

func fuzzHarness(t testing.TB) (*harness, []string) {
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}, nil, Options{})
	h.store.Admit(ingress("default", "taken", "a.example.com", "/taken", nil))
	paths := make([]string, 0, len(h.hs))
	for p := range h.hs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return h, paths
}

// checkWellFormed fails unless the handler answered with an AdmissionReview
// carrying a response that says why when it denies.
func checkWellFormed(t *testing.T, rec *httptest.ResponseRecorder) {
	if rec.Code != http.StatusOK {
		switch rec.Code {
		case http.StatusRequestEntityTooLarge, http.StatusServiceUnavailable:
			return
		}
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var out admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("answer is not an AdmissionReview: %v: %s", err, rec.Body.String())
	}
	r := out.Response
	if r == nil {
		t.Fatalf("no response: %s", rec.Body.String())
	}
	if !r.Allowed && (r.Result == nil || r.Result.Message == "") {
		t.Fatalf("denied without a reason: %s", rec.Body.String())
	}
	for _, w := range r.Warnings {
		if len([]rune(w)) > DefaultMaxWarningChars {
			t.Fatalf("warning longer than %d characters: %q", DefaultMaxWarningChars, w)
		}
	}
}

// FuzzHandlers sends random and mutated AdmissionReviews to every handler:
// none may panic, and every answer must be well formed.
func FuzzHandlers(f *testing.F) {
	seeds := []client.Object{
		ingress("default", "a", "a.example.com", "/", map[string]string{
			nginx + "limit-rps": "ten", nginx + "configuration-snippet": "x", nginx + "enable-cors": "True",
			"kubernetes.io/ingress.class": "apisix", nginx + "canary": "true", nginx + "use-regex": "true"}),
		ingress("default", "b", "a.example.com", "/taken", nil),
		route("r", "uri-blocker", `{"block_rules":["x"]}`),
		&apiv2.ApisixTls{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "t"},
			Spec: apiv2.ApisixTlsSpec{Hosts: []apiv2.HostType{"a.example.com"}, Secret: apiv2.ApisixSecret{Name: "s", Namespace: "default"}}},
	}
	for i, o := range seeds {
		f.Add(uint8(i), reviewBody(f, admissionv1.Create, o, nil))
		f.Add(uint8(i+7), reviewBody(f, admissionv1.Update, o, o))
	}
	f.Add(uint8(3), []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","object":{"spec":{"rules":[{"http":null}]}}}}`))
	f.Add(uint8(5), []byte(`{"request":{"uid":"x","operation":"UPDATE","object":{"spec":{"http":[{"plugins":[{"name":"","config":[]}]}]}},"oldObject":7}}`))
	f.Add(uint8(9), []byte(`not json`))
	h, paths := fuzzHarness(f)
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.hs[paths[int(which)%len(paths)]].ServeHTTP(rec, r)
		checkWellFormed(t, rec)
	})
}

// FuzzIngressAnnotations admits Ingresses with random annotations, hosts
// and paths through the validating and mutating handlers.
func FuzzIngressAnnotations(f *testing.F) {
	f.Add("limit-rps", "ten", "a.example.com", "/x")
	f.Add("proxy-body-size", "8M", "A.EXAMPLE.com", "/")
	f.Add("whitelist-source-range", "10.0.0.0/8, ::1", "", "/(.*)")
	f.Add("configuration-snippet", "return 200;\n", "x", "")
	f.Add("canary", "true", "a.example.com", "/taken")
	h, _ := fuzzHarness(f)
	f.Fuzz(func(t *testing.T, key, value, host, path string) {
		ing := ingress("default", "fz", host, path, map[string]string{nginx + key: value, "k8s.apisix.apache.org/" + key: value})
		for _, p := range []string{PathValidateIngress, PathMutateIngress} {
			r := httptest.NewRequest(http.MethodPost, p, bytes.NewReader(reviewBody(t, admissionv1.Create, ing, nil)))
			r.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.hs[p].ServeHTTP(rec, r)
			checkWellFormed(t, rec)
		}
	})
}

func TestBodyCap(t *testing.T) {
	h, _ := fuzzHarness(t)
	big := bytes.Repeat([]byte("x"), DefaultMaxBodyBytes+1)
	r := httptest.NewRequest(http.MethodPost, PathValidateIngress, bytes.NewReader(big))
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.hs[PathValidateIngress].ServeHTTP(rec, r)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
	// Without Content-Length the cap applies while reading.
	r = httptest.NewRequest(http.MethodPost, PathValidateIngress, bytes.NewReader(big))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	h.hs[PathValidateIngress].ServeHTTP(rec, r)
	var out admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Response == nil || out.Response.Allowed {
		t.Fatalf("want a refusal, got %d %s", rec.Code, rec.Body.String())
	}
}
