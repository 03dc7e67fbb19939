package webhook

import (
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

const nginx = "nginx.ingress.kubernetes.io/"

func TestIngressRejectionsNameTheField(t *testing.T) {
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}, nil, Options{})
	cases := []struct {
		name string
		ann  map[string]string
		want []string
	}{
		{"snippet", map[string]string{nginx + "configuration-snippet": "more_set_headers \"X: y\";"},
			[]string{`metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]: Forbidden: `}},
		{"limit-rps ten", map[string]string{nginx + "limit-rps": "ten"},
			[]string{`metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"]: Invalid value: "ten": must be a whole number of at least 1, e.g. "10"`}},
		{"every cause", map[string]string{nginx + "limit-rps": "ten", nginx + "server-snippet": "return 200;"},
			[]string{`metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"]: Invalid value: "ten"`,
				`metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]: Forbidden: `}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.review(PathValidateIngress, admissionv1.Create, ingress("default", "a", "a.example.com", "/", tc.ann), nil)
			require.False(t, r.Allowed)
			require.Equal(t, int32(422), r.Result.Code)
			got := causes(r)
			require.Len(t, got, len(tc.want), "%q", got)
			for i, w := range tc.want {
				require.Contains(t, got[i], w)
			}
		})
	}
}

func TestIngressOfAnotherClassIsUntouched(t *testing.T) {
	h := newHarness(t, nil, nil, Options{})
	ing := ingress("default", "a", "a.example.com", "/", map[string]string{nginx + "configuration-snippet": "x"})
	other := "nginx"
	ing.Spec.IngressClassName = &other
	r := h.review(PathValidateIngress, admissionv1.Create, ing, nil)
	require.True(t, r.Allowed)
	require.Empty(t, r.Warnings)
	r = h.review(PathMutateIngress, admissionv1.Create, ing, nil)
	require.True(t, r.Allowed)
	require.Nil(t, r.PatchType)
}

func TestHostPathTakenIsRejectedNamingTheOwner(t *testing.T) {
	h := newHarness(t, nil, nil, Options{})
	h.store.Admit(ingress("team-a", "first", "shop.example.com", "/cart/", nil))
	r := h.review(PathValidateIngress, admissionv1.Create, ingress("team-b", "second", "SHOP.example.com", "/cart", nil), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.rules[0].http.paths[0].path: Invalid value: "/cart": host "SHOP.example.com" already serves this path in Ingress team-a/first; remove it from one of them`}, causes(r))
	// The same object updated is not in conflict with itself.
	r = h.review(PathValidateIngress, admissionv1.Update, ingress("team-a", "first", "shop.example.com", "/cart", nil), ingress("team-a", "first", "shop.example.com", "/cart/", nil))
	require.True(t, r.Allowed, causes(r))
	// A canary shares its primary's path on purpose.
	r = h.review(PathValidateIngress, admissionv1.Create, ingress("team-a", "canary", "shop.example.com", "/cart", map[string]string{nginx + "canary": "true", nginx + "canary-weight": "10"}), nil)
	require.True(t, r.Allowed, causes(r))
}

func TestTLSHostConflict(t *testing.T) {
	h := newHarness(t, nil, nil, Options{})
	a := ingress("default", "a", "a.example.com", "/", nil)
	a.Spec.TLS = append(a.Spec.TLS, tlsEntry("a-cert", "a.example.com"))
	h.store.Admit(a)
	b := ingress("default", "b", "a.example.com", "/b", nil)
	b.Spec.TLS = append(b.Spec.TLS, tlsEntry("b-cert", "A.example.com"))
	r := h.review(PathValidateIngress, admissionv1.Create, b, nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.tls[0].hosts[0]: Invalid value: "A.example.com": already has a certificate from Secret default/a-cert of Ingress default/a; use the same Secret or remove the host from one of them`}, causes(r))
	b.Spec.TLS[0].SecretName = "a-cert" // sharing the certificate is fine
	r = h.review(PathValidateIngress, admissionv1.Create, b, nil)
	require.True(t, r.Allowed, causes(r))
}

func TestClassChangeThatMovesOwnershipIsRejected(t *testing.T) {
	h := newHarness(t, nil, nil, Options{})
	old := ingress("default", "a", "a.example.com", "/", nil)
	moved := old.DeepCopy()
	other := "traefik"
	moved.Spec.IngressClassName = &other
	r := h.review(PathValidateIngress, admissionv1.Update, moved, old)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.ingressClassName: Invalid value: "traefik": moves this Ingress away from class "apisix", whose routes would be deleted; delete it and create it for the other class`}, causes(r))
}
