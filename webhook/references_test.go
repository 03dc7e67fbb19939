package webhook

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestIngressServicesAreLookedUpInSvcNamespace: the admission looks an
// Ingress's Services up where the translation does, in the namespace of
// k8s.apisix.apache.org/svc-namespace (translator.References), so a Service
// there is found and its ports checked; without the annotation the same
// Ingress names a Service that does not exist in its own namespace.
func TestIngressServicesAreLookedUpInSvcNamespace(t *testing.T) {
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("backends", "web")}}, nil, Options{})
	notFound := func(ws []string) bool {
		for _, w := range ws {
			if strings.Contains(w, "Service default/web") {
				return true
			}
		}
		return false
	}
	svcNS := map[string]string{"k8s.apisix.apache.org/svc-namespace": "backends"}
	r := h.review(PathValidateIngress, admissionv1.Create, ingress("default", "a", "a.example.com", "/", svcNS), nil)
	require.True(t, r.Allowed, "%v", r.Result)
	require.False(t, notFound(r.Warnings), "%q", r.Warnings)

	r = h.review(PathValidateIngress, admissionv1.Create, ingress("default", "b", "b.example.com", "/", nil), nil)
	require.True(t, notFound(r.Warnings), "%q", r.Warnings)

	// The port is checked against the Service in backends.
	ing := ingress("default", "c", "c.example.com", "/", svcNS)
	ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Port.Number = 8080
	r = h.review(PathValidateIngress, admissionv1.Create, ing, nil)
	require.Contains(t, strings.Join(append(r.Warnings, causes(r)...), "\n"), "port 8080 of Service backends/web")
}

// TestApisixUpstreamExternalServiceIsCheckedAtAdmission: an ApisixUpstream
// whose externalNodes name a Service is checked against that Service at
// admission, as the controller's translation does (the admission used to
// look up the Service named like the ApisixUpstream, which its translation
// never reads, and not the external one): a ClusterIP Service there is
// refused, instead of being admitted and then failing in the controller.
func TestApisixUpstreamExternalServiceIsCheckedAtAdmission(t *testing.T) {
	ext := service("default", "ext")
	ext.Spec = corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "api.example.com"}
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("default", "web"), ext}}, nil, Options{})
	au := func(node string) *apiv2.ApisixUpstream {
		return &apiv2.ApisixUpstream{
			TypeMeta:   metav1.TypeMeta{APIVersion: apiv2.GroupVersion.String(), Kind: apiv2.KindApisixUpstream},
			ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "external"},
			Spec: apiv2.ApisixUpstreamSpec{ExternalNodes: []apiv2.ApisixUpstreamExternalNode{
				{Name: node, Type: apiv2.ExternalTypeService},
			}},
		}
	}
	r := h.review(ValidatePath(apiv2.KindApisixUpstream), admissionv1.Create, au("ext"), nil)
	require.True(t, r.Allowed, "%v", causes(r))
	require.Empty(t, r.Warnings)

	r = h.review(ValidatePath(apiv2.KindApisixUpstream), admissionv1.Create, au("web"), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{"spec.externalNodes[0].type: Invalid value: \"Service\": Service default/web is not an ExternalName Service; use it as an ApisixRoute backend instead"}, causes(r))
}
