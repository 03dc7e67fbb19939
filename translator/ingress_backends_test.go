package translator_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestIngressServiceBackends: the default backend first, then each path's
// in order, resource backends and rules without http left out; ports by
// name when named, else by number.
func TestIngressServiceBackends(t *testing.T) {
	svc := func(name, port string, number int32) networkingv1.IngressBackend {
		return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Name: port, Number: number}}}
	}
	def, a, b := svc("default", "", 8080), svc("a", "http", 0), svc("b", "", 80)
	ing := &networkingv1.Ingress{Spec: networkingv1.IngressSpec{
		DefaultBackend: &def,
		Rules: []networkingv1.IngressRule{
			{Host: "no-http.example.com"},
			{IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{
				{Path: "/a", Backend: a},
				{Path: "/bucket", Backend: networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Kind: "StorageBucket", Name: "assets"}}},
				{Path: "/b", Backend: b},
			}}}},
		},
	}}
	var got []string
	for _, be := range translator.IngressServiceBackends(ing) {
		port := translator.ServicePort(be)
		got = append(got, be.Name+":"+port.String())
	}
	require.Equal(t, []string{"default:8080", "a:http", "b:80"}, got)
}
