package webhookbench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

const (
	namespaces = 20
	fillers    = 16
)

// ingress is an Ingress of class apisix for host and path, sending to
// Service svc:80.
func ingress(ns, name, host, path, svc string) *networkingv1.Ingress {
	class := "apisix"
	prefix := networkingv1.PathTypePrefix
	return &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Annotations: testutil.TwentyAnnotations()},
		Spec: networkingv1.IngressSpec{
			IngressClassName: &class,
			Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: &prefix, Backend: networkingv1.IngressBackend{
					Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}},
				}}},
			}}}},
		},
	}
}

// service is a Service with port 80; the fillers are headless, as envtest's
// service IP range holds a few hundred addresses only.
func service(ns, name string, headless bool) *corev1.Service {
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}
	if headless {
		svc.Spec.ClusterIP = corev1.ClusterIPNone
	}
	return svc
}

// fill makes the cluster hold n Ingresses (and one Service each), spread
// over namespaces, plus the namespace "default" Service "web" the
// benchmarked Ingress sends to, and waits until the cache has them all.
func fill(tb testing.TB, n int) {
	tb.Helper()
	ctx := context.Background()
	c := cl.env.Client
	create := func(o client.Object) error {
		if err := c.Create(ctx, o); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		return nil
	}
	for i := range namespaces {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("ns-%d", i)}}
		if err := create(ns); err != nil {
			tb.Fatal(err)
		}
	}
	if err := create(service("default", "web", false)); err != nil {
		tb.Fatal(err)
	}
	have := cachedIngresses(tb)
	if have < n {
		work := make(chan int)
		errs := make(chan error, fillers)
		var wg sync.WaitGroup
		for range fillers {
			wg.Go(func() {
				for i := range work {
					ns, name := fmt.Sprintf("ns-%d", i%namespaces), fmt.Sprintf("ing-%d", i)
					if err := create(service(ns, name, true)); err != nil {
						errs <- err
						return
					}
					if err := create(ingress(ns, name, fmt.Sprintf("h%d.example.com", i), "/", name)); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		start := time.Now()
	feed:
		for i := have; i < n; i++ {
			select {
			case work <- i:
			case err := <-errs:
				tb.Fatal(err)
				break feed
			}
		}
		close(work)
		wg.Wait()
		tb.Logf("created %d Ingresses and Services in %v", n-have, time.Since(start).Round(time.Second))
	}
	deadline := time.Now().Add(2 * time.Minute)
	for cachedIngresses(tb) < n {
		if time.Now().After(deadline) {
			tb.Fatalf("the cache holds %d Ingresses, want %d", cachedIngresses(tb), n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cachedIngresses counts the Ingresses in the manager's cache.
func cachedIngresses(tb testing.TB) int {
	var l networkingv1.IngressList
	if err := cl.mgr.GetCache().List(context.Background(), &l, client.UnsafeDisableDeepCopy); err != nil {
		tb.Fatal(err)
	}
	return len(l.Items)
}
