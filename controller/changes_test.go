package controller

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestFeedEqualsTranslate: a full snapshot, then the changes informer
// events name one batch after the other (an object updated, one deleted),
// give through the feed the result a full translation of the same cluster
// gives, and only what changed is translated again (the objects of
// unchanged sources are the same objects).
func TestFeedEqualsTranslate(t *testing.T) {
	class := "apisix"
	prefix := networkingv1.PathTypePrefix
	ing := func(name, host, path, rv string) *networkingv1.Ingress {
		return &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, ResourceVersion: rv},
			Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
				Host: host,
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: path, PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}}},
			}}},
		}
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", ResourceVersion: "1"},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}}}
	slice := func(rv string, addrs ...string) *discoveryv1.EndpointSlice {
		port, name, ready := int32(8080), "", true
		s := &discoveryv1.EndpointSlice{
			ObjectMeta:  metav1.ObjectMeta{Namespace: "ns", Name: "web-x", ResourceVersion: rv, Labels: map[string]string{discoveryv1.LabelServiceName: "web"}},
			AddressType: discoveryv1.AddressTypeIPv4,
			Ports:       []discoveryv1.EndpointPort{{Name: &name, Port: &port}},
		}
		for _, a := range addrs {
			s.Endpoints = append(s.Endpoints, discoveryv1.Endpoint{Addresses: []string{a}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}})
		}
		return s
	}
	type step struct {
		set     *translator.Snapshot // the objects events named, as read
		deleted []translator.ObjectRef
		want    *translator.Snapshot // the whole cluster after the step
	}
	steps := []step{
		{want: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("a", "a.example.com", "/", "1"), ing("b", "b.example.com", "/", "1")},
			Services: []*corev1.Service{svc}, EndpointSlices: []*discoveryv1.EndpointSlice{slice("1", "10.0.0.1")}}},
		{set: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("b", "b.example.com", "/b", "2")}},
			want: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("a", "a.example.com", "/", "1"), ing("b", "b.example.com", "/b", "2")},
				Services: []*corev1.Service{svc}, EndpointSlices: []*discoveryv1.EndpointSlice{slice("1", "10.0.0.1")}}},
		{set: &translator.Snapshot{EndpointSlices: []*discoveryv1.EndpointSlice{slice("2", "10.0.0.1", "10.0.0.2")}},
			want: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("a", "a.example.com", "/", "1"), ing("b", "b.example.com", "/b", "2")},
				Services: []*corev1.Service{svc}, EndpointSlices: []*discoveryv1.EndpointSlice{slice("2", "10.0.0.1", "10.0.0.2")}}},
		{set: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("b", "a.example.com", "/", "3")}},
			deleted: []translator.ObjectRef{{Kind: translator.KindIngress, Namespace: "ns", Name: "a"}},
			want: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("b", "a.example.com", "/", "3")},
				Services: []*corev1.Service{svc}, EndpointSlices: []*discoveryv1.EndpointSlice{slice("2", "10.0.0.1", "10.0.0.2")}}},
		{deleted: []translator.ObjectRef{{Kind: translator.KindEndpointSlice, Namespace: "ns", Name: "web-x"}},
			want: &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing("b", "a.example.com", "/", "3")}, Services: []*corev1.Service{svc}}},
	}
	f := &feed{}
	var prev *translator.Result
	for i, s := range steps {
		if i == 0 {
			f.full(s.want)
		} else {
			f.apply(s.set, s.deleted)
		}
		got := f.result()
		want := translator.Translate(s.want, translator.Options{})
		g, _ := json.Marshal(struct {
			S any
			T []translator.Status
			N []translator.Notice
		}{got.State, got.Statuses, got.Notices})
		w, _ := json.Marshal(struct {
			S any
			T []translator.Status
			N []translator.Notice
		}{want.State, want.Statuses, want.Notices})
		if string(g) != string(w) {
			t.Fatalf("step %d: feed gives\n%s\nTranslate gives\n%s", i, g, w)
		}
		if i == 1 {
			// Ingress a is unchanged (no event named it): its route is the
			// very object of the previous result.
			same := false
			for _, r := range got.State.Routes {
				for _, p := range prev.State.Routes {
					same = same || (r == p && r.Labels["k8s-name"] == "a")
				}
			}
			if !same {
				t.Error("the route of the unchanged Ingress was translated again")
			}
		}
		prev = got
	}
}
