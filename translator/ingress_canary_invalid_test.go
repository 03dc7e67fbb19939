package translator_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestInvalidCanaryIsNotMergedIntoItsPrimary: a canary Ingress with an
// invalid annotation value gets the error, and its primary's route is left
// as it is without it (no traffic-split with a negative weight, which APISIX
// would refuse, stopping the primary's sync): one bad object only affects
// itself.
func TestInvalidCanaryIsNotMergedIntoItsPrimary(t *testing.T) {
	class, prefix := "apisix", networkingv1.PathTypePrefix
	ing := func(name, svc string, ann map[string]string) *networkingv1.Ingress {
		return &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name, Annotations: ann},
			Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
				Host: "shop.example.com",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: "/", PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}}},
			}}},
		}
	}
	svc := func(name string) *corev1.Service {
		return &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
			Spec: corev1.ServiceSpec{ClusterIP: "10.96.0.1", Ports: []corev1.ServicePort{{Name: "http", Port: 80}}}}
	}
	s := &translator.Snapshot{
		Ingresses: []*networkingv1.Ingress{
			ing("shop", "shop-v1", nil),
			ing("shop-canary", "shop-v2", map[string]string{
				"nginx.ingress.kubernetes.io/canary":        "true",
				"nginx.ingress.kubernetes.io/canary-weight": "150",
			}),
		},
		Services: []*corev1.Service{svc("shop-v1"), svc("shop-v2")},
	}
	res := translator.Translate(s, translator.Options{})
	var errs []string
	for _, st := range res.Statuses {
		for _, e := range st.Errors {
			errs = append(errs, st.Ref.String()+": "+e.Error())
		}
	}
	require.Equal(t, []string{
		`Ingress default/shop-canary: metadata.annotations["nginx.ingress.kubernetes.io/canary-weight"]: Invalid value: "150": must not exceed canary-weight-total (100)`,
	}, errs)
	require.Len(t, res.State.Routes, 1)
	require.NotContains(t, res.State.Routes[0].Plugins, "traffic-split", "an invalid canary must not change its primary's route")
}
