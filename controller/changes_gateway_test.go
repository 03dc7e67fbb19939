package controller

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestFeedGatewayAPI: the feed hands the Gateway API kinds and Namespaces
// to the Translator like the other kinds, so a GatewayClass, Gateway and
// HTTPRoute listed by the controller are translated (routes and statuses)
// as a one-shot translation translates them, and without them there are
// no routes.
func TestFeedGatewayAPI(t *testing.T) {
	port := gwv1.PortNumber(80)
	snap := &translator.Snapshot{
		Namespaces: []*corev1.Namespace{{ObjectMeta: metav1.ObjectMeta{Name: "ns", ResourceVersion: "1"}}},
		Services: []*corev1.Service{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", ResourceVersion: "1"},
			Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}}}},
		GatewayClasses: []*gwv1.GatewayClass{{ObjectMeta: metav1.ObjectMeta{Name: "apisix", ResourceVersion: "1"},
			Spec: gwv1.GatewayClassSpec{ControllerName: translator.DefaultGatewayControllerName}}},
		Gateways: []*gwv1.Gateway{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "gw", ResourceVersion: "1"},
			Spec: gwv1.GatewaySpec{GatewayClassName: "apisix", Listeners: []gwv1.Listener{{Name: "http", Port: 80, Protocol: gwv1.HTTPProtocolType}}}}},
		HTTPRoutes: []*gwv1.HTTPRoute{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "r", ResourceVersion: "1"},
			Spec: gwv1.HTTPRouteSpec{
				CommonRouteSpec: gwv1.CommonRouteSpec{ParentRefs: []gwv1.ParentReference{{Name: "gw"}}},
				Hostnames:       []gwv1.Hostname{"a.example.com"},
				Rules: []gwv1.HTTPRouteRule{{BackendRefs: []gwv1.HTTPBackendRef{{BackendRef: gwv1.BackendRef{
					BackendObjectReference: gwv1.BackendObjectReference{Name: "web", Port: &port}}}}}},
			}}},
	}
	f := &feed{}
	f.full(snap)
	got, want := f.result(), translator.Translate(snap, translator.Options{})
	if len(want.State.Routes) != 1 {
		t.Fatalf("the full translation has %d routes, want 1", len(want.State.Routes))
	}
	g, _ := json.Marshal([]any{got.State, got.Statuses})
	w, _ := json.Marshal([]any{want.State, want.Statuses})
	if string(g) != string(w) {
		t.Fatalf("feed gives\n%s\nTranslate gives\n%s", g, w)
	}
	f.full(&translator.Snapshot{Services: snap.Services})
	if n := len(f.result().State.Routes); n != 0 {
		t.Fatalf("after the Gateway API objects are deleted: %d routes, want 0", n)
	}
}
