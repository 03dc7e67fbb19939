package install_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// TestWebhookConfigurations: the base's webhooks are those of
// webhook.Configurations (names, handler paths, rules), with the
// failurePolicy chosen per webhook, timeoutSeconds <= 5, sideEffects None,
// and a namespaceSelector leaving out kube-system and apisix-ingress.
func TestWebhookConfigurations(t *testing.T) {
	docs := render(t, manifestsDir("base"))
	var vwc admissionregistrationv1.ValidatingWebhookConfiguration
	var mwc admissionregistrationv1.MutatingWebhookConfiguration
	object(t, docs, "ValidatingWebhookConfiguration", "apisix-ingress", &vwc)
	object(t, docs, "MutatingWebhookConfiguration", "apisix-ingress", &mwc)
	wantV, wantM := webhook.Configurations(webhook.ConfigOptions{
		ServiceNamespace: "apisix-ingress", ServiceName: "apisix-ingress-webhook", ServicePort: 443,
	})
	excluded := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
		Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"kube-system", "apisix-ingress"},
	}}}
	policy := func(name string, mutating bool) admissionregistrationv1.FailurePolicyType {
		if mutating || strings.HasPrefix(name, "vingress.") {
			return admissionregistrationv1.Ignore
		}
		return admissionregistrationv1.Fail
	}
	five := int32(5)

	require.Len(t, vwc.Webhooks, len(wantV.Webhooks))
	for i, w := range wantV.Webhooks {
		w.FailurePolicy = ptr(policy(w.Name, false))
		w.TimeoutSeconds = &five
		w.NamespaceSelector = excluded
		require.Equal(t, w, vwc.Webhooks[i])
	}
	require.Len(t, mwc.Webhooks, len(wantM.Webhooks))
	for i, w := range wantM.Webhooks {
		w.FailurePolicy = ptr(policy(w.Name, true))
		w.TimeoutSeconds = &five
		w.NamespaceSelector = excluded
		require.Equal(t, w, mwc.Webhooks[i])
	}
	// The Ingress validating webhook is first: docs/install.md patches /webhooks/0.
	require.Equal(t, "vingress.apisix-ingress.apache.org", vwc.Webhooks[0].Name)
	require.Equal(t, admissionregistrationv1.Ignore, *vwc.Webhooks[0].FailurePolicy)
}

// TestDeployment pins what the install guide promises of the workload.
func TestDeployment(t *testing.T) {
	docs := render(t, manifestsDir("base"))
	var dep appsv1.Deployment
	object(t, docs, "Deployment", "apisix-ingress", &dep)
	require.Equal(t, int32(2), *dep.Spec.Replicas)
	require.Equal(t, intstr.FromInt32(0), *dep.Spec.Strategy.RollingUpdate.MaxUnavailable)
	pod := dep.Spec.Template.Spec
	require.True(t, *pod.SecurityContext.RunAsNonRoot)
	require.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, pod.SecurityContext.SeccompProfile.Type)
	require.Len(t, pod.Containers, 1)
	c := pod.Containers[0]
	require.Equal(t, []string{"serve", "--leader-elect"}, c.Args[:2])
	require.Equal(t, "/healthz", c.LivenessProbe.HTTPGet.Path)
	require.Equal(t, "/readyz", c.ReadinessProbe.HTTPGet.Path)
	require.Equal(t, intstr.FromString("probes"), c.ReadinessProbe.HTTPGet.Port)
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		require.Contains(t, c.Resources.Requests, r)
		require.Contains(t, c.Resources.Limits, r)
	}
	sc := c.SecurityContext
	require.True(t, *sc.ReadOnlyRootFilesystem)
	require.False(t, *sc.AllowPrivilegeEscalation)
	require.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)
	var ports []int32
	for _, p := range c.Ports {
		ports = append(ports, p.ContainerPort)
	}
	require.ElementsMatch(t, []int32{9443, 8080, 8081}, ports)
	// Only the serving pair of the Secret is mounted (never ca.key: certgen keeps none).
	var secretVol *corev1.SecretVolumeSource
	for _, v := range pod.Volumes {
		if v.Name == "webhook-certs" {
			secretVol = v.Secret
		}
	}
	require.Equal(t, "apisix-ingress-webhook-tls", secretVol.SecretName)
	require.Equal(t, []corev1.KeyToPath{{Key: "tls.crt", Path: "tls.crt"}, {Key: "tls.key", Path: "tls.key"}}, secretVol.Items)

	var pdb policyv1.PodDisruptionBudget
	object(t, docs, "PodDisruptionBudget", "apisix-ingress", &pdb)
	require.Equal(t, intstr.FromInt32(1), *pdb.Spec.MinAvailable)
	require.Equal(t, dep.Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels)

	var np networkingv1.NetworkPolicy
	object(t, docs, "NetworkPolicy", "apisix-ingress", &np)
	require.Equal(t, dep.Spec.Selector.MatchLabels, np.Spec.PodSelector.MatchLabels)
	require.Equal(t, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}, np.Spec.PolicyTypes)
	require.Len(t, np.Spec.Ingress, 1)
	var open []int32
	for _, p := range np.Spec.Ingress[0].Ports {
		open = append(open, p.Port.IntVal)
	}
	require.ElementsMatch(t, []int32{9443, 8080, 8081}, open)

	var svc corev1.Service
	object(t, docs, "Service", "apisix-ingress-webhook", &svc)
	require.Equal(t, dep.Spec.Selector.MatchLabels, svc.Spec.Selector)
	require.Equal(t, intstr.FromString("webhook"), svc.Spec.Ports[0].TargetPort)
}

// TestCRDKustomization: manifests/crds/Kustomization lists every generated
// CRD, so a new kind is not silently left out of the install.
func TestCRDKustomization(t *testing.T) {
	files, err := filepath.Glob(manifestsDir("crds", "*.yaml"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	b, err := os.ReadFile(manifestsDir("crds", "Kustomization"))
	require.NoError(t, err)
	var k struct {
		Resources []string `json:"resources"`
	}
	require.NoError(t, yaml.Unmarshal(b, &k))
	slices.Sort(k.Resources)
	require.Equal(t, names, k.Resources)
	docs := render(t, manifestsDir("base"))
	require.Len(t, ofKind(docs, "CustomResourceDefinition"), len(names))
	for _, d := range ofKind(docs, "CustomResourceDefinition") {
		require.True(t, strings.HasSuffix(d.Head.Metadata.Name, ".apisix.apache.org"))
	}
}
