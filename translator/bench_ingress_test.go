package translator_test

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// ingressSnapshot builds n Ingresses with 3 paths each, and their Services
// and EndpointSlices of 3 ready endpoints. Two Ingresses in five carry no
// annotation; the others carry one of 50 distinct annotation sets (see
// benchAnnotations), in turn.
func ingressSnapshot(n int) *translator.Snapshot {
	s := &translator.Snapshot{}
	class := "apisix"
	prefix := networkingv1.PathTypePrefix
	for i := 0; i < n; i++ {
		ns := fmt.Sprintf("ns-%d", i%100)
		name := fmt.Sprintf("app-%d", i)
		var paths []networkingv1.HTTPIngressPath
		for _, p := range []string{"/", "/api", "/static"} {
			paths = append(paths, networkingv1.HTTPIngressPath{
				Path: p, PathType: &prefix,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
					Name: name, Port: networkingv1.ServiceBackendPort{Number: 80},
				}},
			})
		}
		s.Ingresses = append(s.Ingresses, &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Annotations: benchAnnotations(i)},
			Spec: networkingv1.IngressSpec{
				IngressClassName: &class,
				Rules: []networkingv1.IngressRule{{
					Host:             name + ".example.com",
					IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}},
				}},
			},
		})
		s.Services = append(s.Services, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
			Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}},
		})
		port, pname, ready := int32(8080), "", true
		slice := &discoveryv1.EndpointSlice{
			ObjectMeta:  metav1.ObjectMeta{Namespace: ns, Name: name + "-x", Labels: map[string]string{discoveryv1.LabelServiceName: name}},
			AddressType: discoveryv1.AddressTypeIPv4,
			Ports:       []discoveryv1.EndpointPort{{Name: &pname, Port: &port}},
		}
		for e := 0; e < 3; e++ {
			slice.Endpoints = append(slice.Endpoints, discoveryv1.Endpoint{
				Addresses:  []string{fmt.Sprintf("10.%d.%d.%d", i/65536%256, i/256%256, i%256+e)},
				Conditions: discoveryv1.EndpointConditions{Ready: &ready},
			})
		}
		s.EndpointSlices = append(s.EndpointSlices, slice)
	}
	return s
}

// benchAnnotations returns the annotations of the i-th benchmark Ingress:
// none when i%5 is 0 or 1, otherwise set number (annotated Ingresses before
// it) % 50. A set has two to five keys: a read timeout and a rate limit
// that vary with the set, CORS on even sets, ssl-redirect off on sets
// divisible by 3, a body size on sets divisible by 5.
func benchAnnotations(i int) map[string]string {
	if i%5 < 2 {
		return nil
	}
	set := (3*(i/5) + i%5 - 2) % 50
	const nginx = "nginx.ingress.kubernetes.io/"
	a := map[string]string{
		nginx + "proxy-read-timeout": fmt.Sprint(30 + set),
		nginx + "limit-rps":          fmt.Sprint(10 * (set%10 + 1)),
	}
	if set%2 == 0 {
		a[nginx+"enable-cors"] = "true"
	}
	if set%3 == 0 {
		a[nginx+"ssl-redirect"] = "false"
	}
	if set%5 == 0 {
		a[nginx+"proxy-body-size"] = "8m"
	}
	return a
}

// TestBenchAnnotationSets checks the benchmark input is what its doc says.
func TestBenchAnnotationSets(t *testing.T) {
	sets, bare := map[string]bool{}, 0
	for i := range 10000 {
		a := benchAnnotations(i)
		if a == nil {
			bare++
			continue
		}
		sets[fmt.Sprint(a)] = true
	}
	if len(sets) != 50 || bare != 4000 {
		t.Fatalf("%d annotation sets, %d Ingresses without annotations", len(sets), bare)
	}
}

// BenchmarkTranslateIngresses: a full translation of 10,000 Ingresses (see
// ingressSnapshot), cold: a new translation with no AnnotationCache.
// Run: go test ./translator -run XXX -bench TranslateIngresses -benchmem -cpu 1
func BenchmarkTranslateIngresses(b *testing.B) {
	snap := ingressSnapshot(10000)
	for _, st := range translator.Translate(snap, translator.Options{}).Statuses {
		if !st.Accepted() {
			b.Fatalf("%s: %v", st.Ref, st.Errors)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := testutil.ProcessCPU()
	for i := 0; i < b.N; i++ {
		res := translator.Translate(snap, translator.Options{})
		if len(res.State.Routes) != 30000 {
			b.Fatalf("routes: %d", len(res.State.Routes))
		}
	}
	testutil.ReportCPU(b, cpu)
}
