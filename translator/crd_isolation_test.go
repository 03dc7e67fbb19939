package translator_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// crdSnapshot builds n ApisixRoutes, each with two HTTP rules (one backend
// and one plugin each) that send to the route's own Service, and the
// Services with EndpointSlices of three ready endpoints. With twoPorts the
// rules send to two ports of the Service (two upstreams per object), else to
// the same port (one upstream, shared by both routes).
func crdSnapshot(n int, twoPorts bool) *translator.Snapshot {
	s := &translator.Snapshot{}
	ready := true
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("app-%05d", i)
		s.Services = append(s.Services, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
			Spec: corev1.ServiceSpec{ClusterIP: "10.96.0.1", Ports: []corev1.ServicePort{
				{Name: "http", Port: 80}, {Name: "admin", Port: 8080},
			}},
		})
		slice := &discoveryv1.EndpointSlice{
			ObjectMeta:  metav1.ObjectMeta{Namespace: "default", Name: name + "-abcde", Labels: map[string]string{discoveryv1.LabelServiceName: name}},
			AddressType: discoveryv1.AddressTypeIPv4,
			Ports:       []discoveryv1.EndpointPort{{Name: ptr("http"), Port: ptr(int32(8080))}, {Name: ptr("admin"), Port: ptr(int32(9090))}},
		}
		for j := 0; j < 3; j++ {
			slice.Endpoints = append(slice.Endpoints, discoveryv1.Endpoint{
				Addresses:  []string{fmt.Sprintf("10.%d.%d.%d", i/250, i%250, j+1)},
				Conditions: discoveryv1.EndpointConditions{Ready: &ready},
			})
		}
		s.EndpointSlices = append(s.EndpointSlices, slice)
		s.ApisixRoutes = append(s.ApisixRoutes, benchRoute(name, twoPorts))
	}
	return s
}

func benchRoute(name string, twoPorts bool) *apiv2.ApisixRoute {
	second := int32(80)
	if twoPorts {
		second = 8080
	}
	rule := func(rn, path string, port int32) apiv2.ApisixRouteHTTP {
		return apiv2.ApisixRouteHTTP{
			Name:     rn,
			Match:    apiv2.ApisixRouteHTTPMatch{Paths: []string{path}, Hosts: []string{name + ".example.com"}},
			Backends: []apiv2.ApisixRouteHTTPBackend{{ServiceName: name, ServicePort: intstr.FromInt32(port)}},
			Plugins:  []apiv2.ApisixRoutePlugin{{Name: "request-id"}},
		}
	}
	return &apiv2.ApisixRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name, Generation: 1},
		Spec: apiv2.ApisixRouteSpec{HTTP: []apiv2.ApisixRouteHTTP{
			rule("api", "/api/*", 80), rule("admin", "/admin", second),
		}},
	}
}

func ptr[T any](v T) *T { return &v }

// TestApisixRouteIsolation: one broken ApisixRoute among 1,000 valid ones
// gets an error naming the field; the others are all translated.
func TestApisixRouteIsolation(t *testing.T) {
	s := crdSnapshot(1000, true)
	broken := benchRoute("broken", true)
	broken.Spec.HTTP[0].Backends[0].ServiceName = "app-00000"
	broken.Spec.HTTP[1].Backends[0].ServiceName = "app-00000"
	broken.Spec.HTTP[1].Match.Exprs = []apiv2.ApisixRouteHTTPMatchExpr{{
		Subject: apiv2.ApisixRouteHTTPMatchExprSubject{Scope: apiv2.ScopeHeader, Name: "X-Count"},
		Op:      apiv2.OpGreaterThan,
		Value:   ptr("lots"),
	}}
	s.ApisixRoutes = append(s.ApisixRoutes[:500], append([]*apiv2.ApisixRoute{broken}, s.ApisixRoutes[500:]...)...)

	res := translator.Translate(s, translator.Options{})

	require.Len(t, res.State.Routes, 2000)
	require.Len(t, res.State.Upstreams, 2000)
	for _, r := range res.State.Routes {
		require.NotEqual(t, "broken", r.Labels["k8s-name"])
	}
	ref := translator.ObjectRef{Kind: "ApisixRoute", Namespace: "default", Name: "broken"}
	st, ok := res.StatusOf(ref)
	require.True(t, ok)
	require.False(t, st.Emitted)
	require.Equal(t, field.ErrorList{
		field.Invalid(field.NewPath("spec", "http").Index(1).Child("match", "exprs").Index(0).Child("value"), "lots",
			"GreaterThan compares numbers; the value must be a number"),
	}, st.Errors)
	require.Equal(t, []translator.ObjectRef{ref}, res.Failed())
	for _, o := range s.ApisixRoutes {
		if o.Name == "broken" {
			continue
		}
		st, ok := res.StatusOf(translator.ObjectRef{Kind: "ApisixRoute", Namespace: "default", Name: o.Name})
		require.True(t, ok)
		require.True(t, st.Accepted() && st.Emitted, "%s: %v", o.Name, st.Errors)
	}
}
