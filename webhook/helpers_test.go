package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

func testScheme(t testing.TB) *runtime.Scheme {
	s := runtime.NewScheme()
	require.NoError(t, kubekinds.AddToScheme(s))
	return s
}

// harness serves the handlers over a MemoryStore.
type harness struct {
	t     testing.TB
	store *MemoryStore
	v     *Validator
	hs    map[string]http.Handler
}

func newHarness(t testing.TB, snap *translator.Snapshot, nsLabels map[string]map[string]string, opts Options) *harness {
	t.Helper()
	if snap == nil {
		snap = &translator.Snapshot{}
	}
	store := NewMemoryStore(snap, nsLabels)
	opts.Registerer = prometheus.NewRegistry()
	v := NewValidator(store, opts)
	hs, err := Handlers(testScheme(t), v, opts)
	require.NoError(t, err)
	return &harness{t: t, store: store, v: v, hs: hs}
}

// review posts an AdmissionReview for obj (and old, for UPDATE) to path.
func (h *harness) review(path string, op admissionv1.Operation, obj, old client.Object) *admissionv1.AdmissionResponse {
	h.t.Helper()
	req := admissionv1.AdmissionRequest{UID: types.UID("uid-1"), Operation: op, Namespace: obj.GetNamespace(), Name: obj.GetName()}
	req.Object.Raw = mustJSON(h.t, obj)
	if old != nil {
		req.OldObject.Raw = mustJSON(h.t, old)
	}
	body := mustJSON(h.t, &admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request:  &req,
	})
	return h.post(path, body)
}

func (h *harness) post(path string, body []byte) *admissionv1.AdmissionResponse {
	h.t.Helper()
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	hd, ok := h.hs[path]
	require.True(h.t, ok, "no handler at %s", path)
	hd.ServeHTTP(rec, r)
	require.Equal(h.t, http.StatusOK, rec.Code, rec.Body.String())
	var out admissionv1.AdmissionReview
	require.NoError(h.t, json.Unmarshal(rec.Body.Bytes(), &out))
	require.NotNil(h.t, out.Response)
	for _, w := range out.Response.Warnings {
		require.LessOrEqual(h.t, len([]rune(w)), 120, w)
	}
	return out.Response
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// causes returns "field: message" for each cause of a denial.
func causes(r *admissionv1.AdmissionResponse) []string {
	if r.Result == nil || r.Result.Details == nil {
		return nil
	}
	var out []string
	for _, c := range r.Result.Details.Causes {
		out = append(out, c.Field+": "+c.Message)
	}
	return out
}

func pathType(p networkingv1.PathType) *networkingv1.PathType { return &p }

// ingress returns an Ingress of class apisix for host and path, with
// annotations, sending to Service web:80.
func ingress(ns, name, host, path string, ann map[string]string) *networkingv1.Ingress {
	class := "apisix"
	return &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Annotations: ann},
		Spec: networkingv1.IngressSpec{
			IngressClassName: &class,
			Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: pathType(networkingv1.PathTypePrefix), Backend: networkingv1.IngressBackend{
					Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}},
				}}},
			}}}},
		},
	}
}

func service(ns, name string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       corev1.ServiceSpec{ClusterIP: "10.0.0.10", Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}
}

func tlsEntry(secret string, hosts ...string) networkingv1.IngressTLS {
	return networkingv1.IngressTLS{SecretName: secret, Hosts: hosts}
}
