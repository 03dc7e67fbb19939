package webhook

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

func TestLegacyAnnotationPolicy(t *testing.T) {
	snap := &translator.Snapshot{Services: []*corev1.Service{service("legacy", "web"), service("migrated", "web"), service("strict", "web")}}
	labels := map[string]map[string]string{
		"migrated": {DefaultPolicyLabel: "reject"},
		"strict":   {DefaultPolicyLabel: "warn"},
	}
	h := newHarness(t, snap, labels, Options{})
	ann := map[string]string{nginx + "proxy-read-timeout": "30", nginx + "enable-cors": "True"}

	r := h.review(PathValidateIngress, admissionv1.Create, ingress("legacy", "a", "a.example.com", "/", ann), nil)
	require.True(t, r.Allowed, causes(r))
	require.Equal(t, []string{
		`nginx.ingress.kubernetes.io/enable-cors: canonical k8s.apisix.apache.org/enable-cors="true" (APISIX cors)`,
		`nginx.ingress.kubernetes.io/proxy-read-timeout: canonical k8s.apisix.apache.org/upstream-read-timeout="30s" (APISIX r...`,
		`metadata.annotations["nginx.ingress.kubernetes.io/enable-cors"]: APISIX answers every OPTIONS request itself with 200...`,
	}, r.Warnings)

	r = h.review(PathValidateIngress, admissionv1.Create, ingress("strict", "a", "a.example.com", "/", ann), nil)
	require.True(t, r.Allowed, causes(r))
	require.Len(t, r.Warnings, 3) // the third: enable-cors's stance note
	require.True(t, strings.HasPrefix(r.Warnings[1], "nginx.ingress.kubernetes.io/proxy-read-timeout: legacy annotation; migrate to k8s.apisix.apache.org/"), r.Warnings[1])

	r = h.review(PathValidateIngress, admissionv1.Create, ingress("migrated", "a", "a.example.com", "/", ann), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{
		`metadata.annotations["nginx.ingress.kubernetes.io/enable-cors"]: Forbidden: legacy annotations are rejected in this namespace; use k8s.apisix.apache.org/enable-cors="true"`,
		`metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]: Forbidden: legacy annotations are rejected in this namespace; use k8s.apisix.apache.org/upstream-read-timeout="30s"`,
	}, causes(r))
}

func TestBadPolicyLabelFallsBack(t *testing.T) {
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("x", "web")}},
		map[string]map[string]string{"x": {DefaultPolicyLabel: "lenient"}}, Options{Policy: PolicyReject})
	r := h.review(PathValidateIngress, admissionv1.Create, ingress("x", "a", "a.example.com", "/", map[string]string{nginx + "limit-rps": "10"}), nil)
	require.False(t, r.Allowed)
	require.Contains(t, r.Warnings, `namespace label k8s.apisix.apache.org/legacy-annotations="lenient" is not convert, warn or reject; using reject`)
}

func TestMutationOnlyAddsAndIsIdempotent(t *testing.T) {
	h := newHarness(t, nil, nil, Options{})
	ing := ingress("default", "a", "a.example.com", "/", map[string]string{
		"kubernetes.io/ingress.class": "apisix", nginx + "enable-cors": "True", nginx + "proxy-read-timeout": "30"})
	ing.Spec.IngressClassName = nil
	r := h.review(PathMutateIngress, admissionv1.Create, ing, nil)
	require.True(t, r.Allowed)
	require.NotNil(t, r.PatchType)
	var ops []map[string]any
	require.NoError(t, json.Unmarshal(r.Patch, &ops))
	require.Equal(t, []map[string]any{{"op": "add", "path": "/spec/ingressClassName", "value": "apisix"}}, ops)

	class := "apisix"
	ing.Spec.IngressClassName = &class
	r = h.review(PathMutateIngress, admissionv1.Update, ing, ing)
	require.True(t, r.Allowed)
	require.Nil(t, r.PatchType, string(r.Patch))
	require.Empty(t, r.Patch)
}

func TestRewriteValuesFlag(t *testing.T) {
	h := newHarness(t, nil, nil, Options{RewriteValues: true})
	ing := ingress("default", "a", "a.example.com", "/", map[string]string{"k8s.apisix.apache.org/enable-cors": "True"})
	r := h.review(PathMutateIngress, admissionv1.Create, ing, nil)
	var ops []map[string]any
	require.NoError(t, json.Unmarshal(r.Patch, &ops))
	require.Equal(t, []map[string]any{{"op": "replace", "path": "/metadata/annotations/k8s.apisix.apache.org~1enable-cors", "value": "true"}}, ops)
	// Without the flag the value is left as written, with a warning.
	h = newHarness(t, nil, nil, Options{})
	r = h.review(PathMutateIngress, admissionv1.Create, ing, nil)
	require.Nil(t, r.PatchType)
	r = h.review(PathValidateIngress, admissionv1.Create, ing, nil)
	require.Contains(t, r.Warnings, `k8s.apisix.apache.org/enable-cors: "True" is accepted; canonical form is k8s.apisix.apache.org/enable-cors="true"`)
}
