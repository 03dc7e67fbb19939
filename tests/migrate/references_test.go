package migrate_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"

	"github.com/apisix-ingress/apisix-ingress/migrate"
)

// TestMigrateFromClusterReadsReferencedConfigMaps: an Ingress listed from a
// cluster whose custom-headers names a ConfigMap there (in another
// namespace) migrates as from files holding the ConfigMap: LoadCluster gets
// what translator.References lists, so the report does not call it missing.
func TestMigrateFromClusterReadsReferencedConfigMaps(t *testing.T) {
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(env.Config)
	require.NoError(t, err)
	ns, err := env.CreateNamespace(ctx, "migrate-refs")
	require.NoError(t, err)
	shared, err := env.CreateNamespace(ctx, "migrate-shared")
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
	_, err = cs.CoreV1().ConfigMaps(shared).Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "response-headers"},
		Data:       map[string]string{"X-Team": "shop"},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	prefix := networkingv1.PathTypePrefix
	_, err = cs.NetworkingV1().Ingresses(ns).Create(ctx, &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Annotations: map[string]string{
			"nginx.ingress.kubernetes.io/custom-headers": shared + "/response-headers",
		}},
		Spec: networkingv1.IngressSpec{IngressClassName: &nginx, Rules: []networkingv1.IngressRule{{
			Host: "refs.example.com",
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
				Path: "/", PathType: &prefix,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
			}}}},
		}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	docs, err := migrate.LoadCluster(ctx, cs, ns)
	require.NoError(t, err)
	res, err := migrate.Run(docs, migrate.Options{})
	require.NoError(t, err)
	require.Len(t, res.Report.Ingresses, 1)
	ir := res.Report.Ingresses[0]
	js, err := json.Marshal(ir)
	require.NoError(t, err)
	require.NotContains(t, string(js), "ConfigMap "+shared+"/response-headers", "the ConfigMap is in the cluster: %s", js)
	require.Equal(t, migrate.Translated, ir.Outcome, "%s", js)
	for _, f := range migrate.Files(res.Outputs, nil) {
		require.NotContains(t, string(f.Data), "kind: ConfigMap", "a ConfigMap read for the translation is not written")
	}
}
