package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// TestAppendReview checks that appendReview writes what encoding/json
// writes, and declines what it does not handle.
func TestAppendReview(t *testing.T) {
	invalid := apierrors.NewInvalid(schema.GroupKind{Kind: "Ingress"}, "x",
		field.ErrorList{field.Invalid(field.NewPath("spec"), "v", "bad")}).Status()
	odd := []string{"plain", "all ascii \x00\x1f\x7f \b\f\n\r\t <a> &amp; \"q\" \\", `k="v" \ "\"`, "del \x7f", "a <b> & \"c\" \\ d", "tab\there\nnl\r\b\f\x01", "ünïcödé …", "sep\u2028\u2029", "bad \xff utf8", ""}
	ascii := make([]byte, utf8.RuneSelf)
	for i := range ascii {
		ascii[i] = byte(i)
	}
	odd = append(odd, string(ascii))
	for _, s := range odd {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, "x"+string(want), string(appendJSONString([]byte("x"), s)))
	}
	cases := map[string]admission.Response{
		"allowed":          admission.Allowed(""),
		"allowed warnings": admission.Allowed("").WithWarnings(odd...),
		"allowed message":  admission.Allowed(odd[1]),
		"denied":           admission.Denied(odd[3]),
		"denied warnings":  admission.Denied("no").WithWarnings("w1", "w2"),
		"errored":          admission.Errored(http.StatusBadRequest, errors.New(odd[2])),
		"invalid":          {AdmissionResponse: admissionv1.AdmissionResponse{Result: &invalid}},
		"no status":        {AdmissionResponse: admissionv1.AdmissionResponse{Allowed: true}},
		"audit":            {AdmissionResponse: admissionv1.AdmissionResponse{Allowed: true, Result: &metav1.Status{Code: 200}, AuditAnnotations: map[string]string{"a": "b"}}},
		"status kind":      {AdmissionResponse: admissionv1.AdmissionResponse{Result: &metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status"}, Code: 403}}},
	}
	declined := map[string]bool{"invalid": true, "no status": true, "audit": true, "status kind": true}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			for _, uid := range []string{"0f0e", "<&>", ""} {
				resp.UID = types.UID(uid)
				var want bytes.Buffer
				ar := admissionv1.AdmissionReview{Response: &resp.AdmissionResponse}
				ar.SetGroupVersionKind(admissionv1.SchemeGroupVersion.WithKind("AdmissionReview"))
				if err := json.NewEncoder(&want).Encode(ar); err != nil {
					t.Fatal(err)
				}
				got, ok := appendReview([]byte("prefix"), &resp.AdmissionResponse)
				if ok == declined[name] {
					t.Fatalf("appendReview ok = %v", ok)
				}
				if !ok {
					if string(got) != "prefix" {
						t.Fatalf("declined but appended: %q", got)
					}
					continue
				}
				if string(got) != "prefix"+want.String() {
					t.Fatalf("appendReview:\n got %s\nwant %s", got[len("prefix"):], want.Bytes())
				}
			}
		})
	}
}
