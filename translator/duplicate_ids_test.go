package translator

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestRepeatedPathEmittedOnce: an Ingress that lists the same host and path
// twice (small, and large enough for the map) gets one route for it, and a
// warning, never two objects with one id.
func TestRepeatedPathEmittedOnce(t *testing.T) {
	for _, distinct := range []int{1, 40} {
		class, prefix := "apisix", networkingv1.PathTypePrefix
		var paths []networkingv1.HTTPIngressPath
		for i := 0; i < distinct; i++ {
			for range 2 {
				paths = append(paths, networkingv1.HTTPIngressPath{
					Path: fmt.Sprintf("/p%d", i), PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
				})
			}
		}
		snap := &Snapshot{Ingresses: []*networkingv1.Ingress{{
			ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web"},
			Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
				Host: "example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}},
			}}},
		}}}
		res := Translate(snap, Options{})
		if got := len(res.State.Routes); got != distinct {
			t.Errorf("%d distinct paths: %d routes", distinct, got)
		}
		seen := map[string]bool{}
		for _, r := range res.State.Routes {
			if seen[r.ID] {
				t.Errorf("id %s twice", r.ID)
			}
			seen[r.ID] = true
		}
		var want []Notice
		for _, r := range res.State.Routes {
			want = append(want, Notice{Ref: ObjectRef{Kind: "Ingress", Namespace: "ns", Name: "web"}, Severity: SeverityWarning,
				Message: "route " + r.ID + " is produced twice (the object repeats a host and path); only the first is kept"})
		}
		slices.SortFunc(want, func(a, b Notice) int { return strings.Compare(a.Message, b.Message) })
		if !reflect.DeepEqual(res.Notices, want) {
			t.Errorf("%d distinct paths: notices\n%+v\nwant\n%+v", distinct, res.Notices, want)
		}
	}
}
