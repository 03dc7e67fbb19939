package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestReviewHandlerAnswersAsControllerRuntime posts the same requests to the
// single-pass handler and to controller-runtime's admission.WithValidator
// over the same Validator: the answers must be the same bytes.
func TestReviewHandlerAnswersAsControllerRuntime(t *testing.T) {
	store := NewMemoryStore(&translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}, nil)
	store.Admit(ingress("default", "taken", "a.example.com", "/taken", nil))
	opts := Options{Registerer: prometheus.NewRegistry()}
	v := NewValidator(store, opts)
	hs, err := Handlers(testScheme(t), v, opts)
	require.NoError(t, err)
	plain := map[string]http.Handler{
		PathValidateIngress:                 admission.WithValidator[*networkingv1.Ingress](testScheme(t), validating[*networkingv1.Ingress]{v}),
		ValidatePath(apiv2.KindApisixRoute): admission.WithValidator[*apiv2.ApisixRoute](testScheme(t), validating[*apiv2.ApisixRoute]{v}),
	}
	ann := map[string]string{nginx + "limit-rps": "ten", nginx + "enable-cors": "True", nginx + "configuration-snippet": "x"}
	bodies := map[string][][]byte{PathValidateIngress: {
		reviewBody(t, admissionv1.Create, ingress("default", "a", "b.example.com", "/", testutil.TwentyAnnotations()), nil),
		reviewBody(t, admissionv1.Create, ingress("default", "a", "a.example.com", "/taken", ann), nil),
		reviewBody(t, admissionv1.Update, ingress("default", "a", "b.example.com", "/", nil), ingress("default", "a", "b.example.com", "/", ann)),
		reviewBody(t, admissionv1.Update, ingress("default", "a", "b.example.com", "/", nil), nil),
		reviewBody(t, admissionv1.Delete, ingress("default", "a", "b.example.com", "/", nil), nil),
		reviewBody(t, admissionv1.Create, route("r", "uri-blocker", `{"block_rules":["x"]}`), nil),
		[]byte(`{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","object":{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"x"}}}}`),
		[]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","object":{"metadata":{"name":"x"}}}}`),
		[]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","object":{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","spec":7}}}`),
		[]byte(`{"request":{"uid":"x","operation":"CREATE"}}`),
		[]byte(`not json`),
		[]byte(``),
	}, ValidatePath(apiv2.KindApisixRoute): {
		reviewBody(t, admissionv1.Create, route("r", "uri-blocker", `{"block_rules":"x"}`), nil),
		reviewBody(t, admissionv1.Update, route("r", "no-such-plugin", `{}`), route("r", "uri-blocker", `{}`)),
	}}
	post := func(h http.Handler, path string, body []byte, contentType string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	for path, list := range bodies {
		for _, body := range list {
			for _, ct := range []string{"application/json", "text/plain"} {
				got, want := post(hs[path], path, body, ct), post(plain[path], path, body, ct)
				require.Equal(t, want.Code, got.Code, "%s %s", path, body)
				require.Equal(t, want.Body.String(), got.Body.String(), "%s %s", path, body)
				require.Equal(t, want.Header(), got.Header(), "%s %s", path, body)
			}
		}
	}
}
