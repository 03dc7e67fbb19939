package controller_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func service(ns, name string) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		// Headless: envtest's service IP range holds only 254 addresses.
		Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Ports: []corev1.ServicePort{{
			Name: "http", Port: 80, TargetPort: intstr.FromInt32(8080), Protocol: corev1.ProtocolTCP,
		}}},
	}
}

func endpointSlice(ns, svc string, ips ...string) *discoveryv1.EndpointSlice {
	ready := true
	es := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: svc + "-1",
			Labels: map[string]string{discoveryv1.LabelServiceName: svc}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Ports:       []discoveryv1.EndpointPort{{Name: ptr("http"), Port: ptr(int32(8080)), Protocol: ptr(corev1.ProtocolTCP)}},
	}
	for _, ip := range ips {
		es.Endpoints = append(es.Endpoints, discoveryv1.Endpoint{Addresses: []string{ip}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}})
	}
	return es
}

func ingress(ns, name, host, path, svc string) *networkingv1.Ingress {
	pt := networkingv1.PathTypePrefix
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: networkingv1.IngressSpec{
			IngressClassName: ptr("apisix"),
			Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{
				HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: path, PathType: &pt,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
						Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}},
			}}},
		},
	}
}

func ptr[T any](v T) *T { return &v }

// app returns a Service, its EndpointSlice and an Ingress numbered i.
func app(ns string, i int) []client.Object {
	svc := fmt.Sprintf("svc-%d", i)
	return []client.Object{
		service(ns, svc),
		endpointSlice(ns, svc, fmt.Sprintf("10.%d.%d.1", i/250, i%250), fmt.Sprintf("10.%d.%d.2", i/250, i%250)),
		ingress(ns, fmt.Sprintf("ing-%d", i), fmt.Sprintf("h%d.example.com", i), fmt.Sprintf("/p%d", i), svc),
	}
}

// createAll creates objects with a few workers.
func createAll(t testing.TB, objs []client.Object) {
	t.Helper()
	parallel(t, objs, func(ctx context.Context, o client.Object) error { return env.Client.Create(ctx, o) })
}

// deleteAll deletes objects, ignoring those already gone.
func deleteAll(t testing.TB, objs []client.Object) {
	t.Helper()
	parallel(t, objs, func(ctx context.Context, o client.Object) error {
		return client.IgnoreNotFound(env.Client.Delete(ctx, o))
	})
}

func parallel(t testing.TB, objs []client.Object, fn func(context.Context, client.Object) error) {
	t.Helper()
	ctx := context.Background()
	work := make(chan client.Object)
	errs := make(chan error, len(objs))
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range work {
				if err := fn(ctx, o); err != nil {
					errs <- fmt.Errorf("%T %s/%s: %w", o, o.GetNamespace(), o.GetName(), err)
				}
			}
		}()
	}
	for _, o := range objs {
		work <- o
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// tlsSecret returns a kubernetes.io/tls Secret with a fresh self-signed
// certificate for hosts.
func tlsSecret(t testing.TB, ns, name string, hosts ...string) *corev1.Secret {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: hosts[0]},
		DNSNames:     hosts,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kb, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Type:       corev1.SecretTypeTLS,
		Data: map[string][]byte{
			corev1.TLSCertKey:       pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			corev1.TLSPrivateKeyKey: pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}),
		},
	}
}

// applyFiles creates every object of the YAML files, namespaced objects in
// ns; it returns them for later deletion.
func applyFiles(t testing.TB, ns string, files ...string) []client.Object {
	t.Helper()
	docs, err := manifestio.ReadPaths(files, nil)
	require.NoError(t, err)
	var out []client.Object
	for _, d := range docs {
		u := &unstructured.Unstructured{}
		require.NoError(t, yaml.Unmarshal(d.Raw, &u.Object), d.Path)
		if u.GetNamespace() != "" {
			u.SetNamespace(ns)
		}
		if u.GetKind() == "Service" {
			// The API server allocates cluster IPs from its own range.
			for _, f := range []string{"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"} {
				unstructured.RemoveNestedField(u.Object, "spec", f)
			}
		}
		err := env.Client.Create(context.Background(), u)
		if apierrors.IsAlreadyExists(err) && u.GetNamespace() == "" {
			continue // a cluster-scoped object another file created
		}
		if apierrors.IsInvalid(err) {
			continue // the translator's inputs include objects only a bypassed API server admits
		}
		if meta.IsNoMatchError(err) {
			continue // a kind this API server does not serve (the Gateway API's without its CRDs)
		}
		require.NoError(t, err, "%s:%d", d.Path, d.Line)
		out = append(out, u)
	}
	return out
}

// goldenInputs are the translator's golden inputs: every Ingress feature.
func goldenInputs(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(testutil.ModuleRoot(), "translator", "testdata", "*.in.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// samples are the apisix.apache.org/v2 samples: one of every CRD kind.
func samples(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(testutil.ModuleRoot(), "manifests", "samples", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// apisixRoute returns an ApisixRoute numbered i, served by svc-i.
func apisixRoute(ns string, i int) *apiv2.ApisixRoute {
	return &apiv2.ApisixRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("ar-%d", i)},
		Spec: apiv2.ApisixRouteSpec{
			IngressClassName: "apisix",
			HTTP: []apiv2.ApisixRouteHTTP{{
				Name:  "r",
				Match: apiv2.ApisixRouteHTTPMatch{Hosts: []string{fmt.Sprintf("a%d.example.com", i)}, Paths: []string{fmt.Sprintf("/a%d", i)}},
				Backends: []apiv2.ApisixRouteHTTPBackend{{
					ServiceName: fmt.Sprintf("svc-%d", i), ServicePort: intstr.FromInt32(80),
				}},
			}},
		},
	}
}

// routeApp returns a Service, its EndpointSlice and an ApisixRoute numbered i.
func routeApp(ns string, i int) []client.Object {
	objs := app(ns, i)
	return []client.Object{objs[0], objs[1], apisixRoute(ns, i)}
}
