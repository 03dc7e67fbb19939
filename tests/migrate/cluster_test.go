// Package migrate_test runs `migrate` against a real kube-apiserver: the
// objects it lists from a cluster migrate like the same objects in files.
package migrate_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/apisix-ingress/apisix-ingress/migrate"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) { testenv.Main(m, &env, testenv.Options{}) }

func TestMigrateFromCluster(t *testing.T) {
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(env.Config)
	require.NoError(t, err)
	ns, err := env.CreateNamespace(ctx, "migrate")
	require.NoError(t, err)
	other, err := env.CreateNamespace(ctx, "migrate-other")
	require.NoError(t, err)
	nginx := "nginx"
	_, err = cs.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: nginx}, Spec: networkingv1.IngressClassSpec{Controller: migrate.NginxController},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	for _, n := range []string{ns, other} {
		_, err = cs.CoreV1().Services(n).Create(ctx, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "web"},
			Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}},
		}, metav1.CreateOptions{})
		require.NoError(t, err)
		prefix := networkingv1.PathTypePrefix
		_, err = cs.NetworkingV1().Ingresses(n).Create(ctx, &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: "web", Annotations: map[string]string{
				"nginx.ingress.kubernetes.io/proxy-read-timeout":    "30",
				"nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers \"X: y\";",
			}},
			Spec: networkingv1.IngressSpec{IngressClassName: &nginx, Rules: []networkingv1.IngressRule{{
				Host: n + ".example.com",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: "/", PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}}},
			}}},
		}, metav1.CreateOptions{})
		require.NoError(t, err)
		if n == other {
			continue
		}
		// The first namespace's Ingress loses its snippet, so it migrates.
		ing, err := cs.NetworkingV1().Ingresses(n).Get(ctx, "web", metav1.GetOptions{})
		require.NoError(t, err)
		delete(ing.Annotations, "nginx.ingress.kubernetes.io/configuration-snippet")
		_, err = cs.NetworkingV1().Ingresses(n).Update(ctx, ing, metav1.UpdateOptions{})
		require.NoError(t, err)
	}

	// One namespace: only its objects are read, and only the changed
	// Ingress is written, without server-set metadata.
	docs, err := migrate.LoadCluster(ctx, cs, ns)
	require.NoError(t, err)
	res, err := migrate.Run(docs, migrate.Options{})
	require.NoError(t, err)
	require.Len(t, res.Report.Ingresses, 1)
	ir := res.Report.Ingresses[0]
	require.Equal(t, ns, ir.Namespace)
	require.Equal(t, "cluster", ir.Source)
	require.Equal(t, migrate.Translated, ir.Outcome)
	files := migrate.Files(res.Outputs, nil)
	require.Len(t, files, 1)
	require.Equal(t, ns+".yaml", files[0].Path)
	out := string(files[0].Data)
	require.Contains(t, out, `k8s.apisix.apache.org/upstream-read-timeout: "30s"`)
	require.Contains(t, out, "ingressClassName: apisix")
	for _, gone := range []string{"resourceVersion", "uid:", "managedFields", "creationTimestamp", "kind: Service"} {
		require.NotContains(t, out, gone)
	}

	// All namespaces: the other namespace's Ingress is blocked by its snippet.
	docs, err = migrate.LoadCluster(ctx, cs, "")
	require.NoError(t, err)
	res, err = migrate.Run(docs, migrate.Options{})
	require.NoError(t, err)
	var outcomes []string
	for _, ir := range res.Report.Ingresses {
		if ir.Namespace == ns || ir.Namespace == other {
			outcomes = append(outcomes, ir.Namespace+"="+string(ir.Outcome))
		}
	}
	require.ElementsMatch(t, []string{ns + "=translated", other + "=blocked"}, outcomes)
	require.True(t, res.Report.FailOn([]string{"blocked"}))
	require.False(t, strings.Contains(string(migrate.Files(res.Outputs, nil)[0].Data), other+".example.com"), "a blocked Ingress is not written")
}

// TestMigrateFromClusterResolvesConflictsByAge: Ingresses listed from a
// cluster keep their creationTimestamp for the translation, so two
// Ingresses claiming the same host and path resolve as ingress-nginx does
// (the older wins), not by name; the written files still omit it.
func TestMigrateFromClusterResolvesConflictsByAge(t *testing.T) {
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(env.Config)
	require.NoError(t, err)
	ns, err := env.CreateNamespace(ctx, "migrate-age")
	require.NoError(t, err)
	nginx := "nginx"
	_, err = cs.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: nginx}, Spec: networkingv1.IngressClassSpec{Controller: migrate.NginxController},
	}, metav1.CreateOptions{})
	if !apierrors.IsAlreadyExists(err) {
		require.NoError(t, err)
	}
	_, err = cs.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	prefix := networkingv1.PathTypePrefix
	// The older is named after the newer: by name alone, the newer would win.
	for i, name := range []string{"zz-older", "aa-newer"} {
		if i > 0 {
			time.Sleep(1100 * time.Millisecond) // creationTimestamp has seconds
		}
		_, err = cs.NetworkingV1().Ingresses(ns).Create(ctx, &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{
				"nginx.ingress.kubernetes.io/proxy-read-timeout": "30",
			}},
			Spec: networkingv1.IngressSpec{IngressClassName: &nginx, Rules: []networkingv1.IngressRule{{
				Host: "age.example.com",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: "/", PathType: &prefix,
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}}},
			}}},
		}, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	docs, err := migrate.LoadCluster(ctx, cs, ns)
	require.NoError(t, err)
	res, err := migrate.Run(docs, migrate.Options{})
	require.NoError(t, err)
	// The newer loses its only path to the older, so it is left to
	// ingress-nginx (blocked); the older migrates.
	var outcomes []string
	for _, ir := range res.Report.Ingresses {
		outcomes = append(outcomes, ir.Name+"="+string(ir.Outcome))
	}
	require.ElementsMatch(t, []string{"zz-older=translated", "aa-newer=blocked"}, outcomes)
	for _, f := range migrate.Files(res.Outputs, nil) {
		require.NotContains(t, string(f.Data), "creationTimestamp")
	}
}
