package webhook

import (
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	networkingv1 "k8s.io/api/networking/v1"
	utiljson "k8s.io/apimachinery/pkg/util/json"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// decodeCorpus are AdmissionReviews of both kinds decoded by the fast path,
// as the API server sends them and odd.
func decodeCorpus(t testing.TB) [][]byte {
	ann := map[string]string{nginx + "limit-rps": "ten", nginx + "enable-cors": "True", "x": "\u2028<&>\\\"é"}
	ing := ingress("default", "a", "b.example.com", "/", testutil.TwentyAnnotations())
	return [][]byte{
		reviewBody(t, admissionv1.Create, ing, nil),
		reviewBody(t, admissionv1.Update, ingress("default", "a", "b.example.com", "/", ann), ing),
		reviewBody(t, admissionv1.Create, route("r", "uri-blocker", `{"block_rules": ["x"], "n": 1.5e3}`), nil),
		reviewBody(t, admissionv1.Update, route("r", "no-such-plugin", `{}`), route("r", "uri-blocker", `null`)),
		[]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","userInfo":{"username":"u","groups":["g"],"extra":{"k":["v"]}},"options":{"kind":"CreateOptions","dryRun":["All"]},"dryRun":true,"object":{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"x","creationTimestamp":"2026-01-02T03:04:05Z","managedFields":[{"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},"spec":{"rules":[{"host":"a","http":null}],"defaultBackend":{"service":{"name":"s","port":{"name":"http"}}}}}}}`),
		[]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","object":{"apiVersion":"apisix.apache.org/v2","kind":"ApisixRoute","metadata":{"name":"r"},"spec":{"http":[{"name":"a","backends":[{"serviceName":"s","servicePort":"http"}],"plugins":[{"name":"p","enable":true,"config":{ "a" : [1, 2] }}]}]}}}}`),
		[]byte(`{"request":{"uid":"x","operation":"CREATE","object":{"metadata":{"name":"x","Name":"y","labels":null}}}}`),
		[]byte(`{"request":{"uid":"x","object":{"metadata":{"name":"x"}},"object":{"metadata":{"name":"y"}}}}`),
		[]byte(`{"request":{"uid":"x","object":{"spec":{"rules":[{"http":{"paths":[{"backend":{"service":{"port":{"number":1e2}}}}]}}]}}}}`),
		[]byte("{\"request\":{\"uid\":\"\xff\"}}"),
	}
}

// TestDecodeReviewAsAPIMachinery checks that what decodeReview (JSON v2)
// accepts decodes as sigs.k8s.io/json decodes it.
func TestDecodeReviewAsAPIMachinery(t *testing.T) {
	for _, body := range decodeCorpus(t) {
		checkDecodeReview[networkingv1.Ingress](t, body)
		checkDecodeReview[apiv2.ApisixRoute](t, body)
	}
}

func FuzzDecodeReview(f *testing.F) {
	for _, body := range decodeCorpus(f) {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecodeReview[networkingv1.Ingress](t, body)
		checkDecodeReview[apiv2.ApisixRoute](t, body)
	})
}

func checkDecodeReview[T any](t *testing.T, body []byte) {
	t.Helper()
	var got, want typedReview[T]
	if decodeReview(body, &got) != nil {
		return // controller-runtime decodes it
	}
	require.NoError(t, utiljson.Unmarshal(body, &want), "%s", body)
	require.Equal(t, want, got, "%s", body)
}
