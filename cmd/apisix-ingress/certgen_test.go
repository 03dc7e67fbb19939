package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/certs"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

func TestCertgenUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown flag":         {"--nope"},
		"positional argument":  {"extra"},
		"renew-before too big": {"--validity", "24h", "--renew-before", "48h"},
		"validity too short":   {"--validity", "30m"},
		"empty namespace":      {"--namespace", ""},
		"bad duration":         {"--validity", "a year"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			require.Equal(t, 2, runCertgen(args, nil, &out, &errb), errb.String())
			require.Empty(t, out.String())
		})
	}
	var out, errb bytes.Buffer
	require.Equal(t, 0, runCertgen([]string{"-h"}, nil, &out, &errb))
	require.Contains(t, out.String(), "--renew-before duration")
}

// TestCertgenTwice runs certgen against a real API server: the first run
// creates the Secret and sets caBundle, the second writes nothing.
func TestCertgenTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts kube-apiserver and etcd")
	}
	env, err := testenv.Start(testenv.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = env.Stop() })
	ctx := context.Background()
	const ns = "certgen-test"
	_, err = env.CreateNamespace(ctx, ns)
	require.NoError(t, err)
	createWebhookConfigs(t, env.Client, "certgen-test", ns, "webhook-svc")

	args := []string{"--kubeconfig", env.Kubeconfig, "--namespace", ns, "--secret-name", "webhook-tls",
		"--service-name", "webhook-svc", "--webhook-config-name", "certgen-test"}
	var out, errb bytes.Buffer
	require.Equal(t, 0, runCertgen(args, nil, &out, &errb), errb.String())
	require.Contains(t, out.String(), "Secret certgen-test/webhook-tls created")
	require.Contains(t, out.String(), "ValidatingWebhookConfiguration/certgen-test: caBundle updated")
	require.Contains(t, out.String(), "MutatingWebhookConfiguration/certgen-test: caBundle updated")
	require.NotContains(t, out.String()+errb.String(), "PRIVATE KEY")

	var sec corev1.Secret
	require.NoError(t, env.Client.Get(ctx, types.NamespacedName{Namespace: ns, Name: "webhook-tls"}, &sec))
	require.Equal(t, corev1.SecretTypeTLS, sec.Type)
	vwc, mwc := getWebhookConfigs(t, env.Client, "certgen-test")
	for _, wh := range vwc.Webhooks {
		require.Equal(t, sec.Data[certs.CACertKey], wh.ClientConfig.CABundle, wh.Name)
	}
	require.Equal(t, sec.Data[certs.CACertKey], mwc.Webhooks[0].ClientConfig.CABundle)
	versions := []string{sec.ResourceVersion, vwc.ResourceVersion, mwc.ResourceVersion}

	out.Reset()
	errb.Reset()
	require.Equal(t, 0, runCertgen(args, nil, &out, &errb), errb.String())
	require.Contains(t, out.String(), "Secret certgen-test/webhook-tls unchanged")
	require.Contains(t, out.String(), "caBundle of certgen-test up to date")
	require.NoError(t, env.Client.Get(ctx, types.NamespacedName{Namespace: ns, Name: "webhook-tls"}, &sec))
	vwc, mwc = getWebhookConfigs(t, env.Client, "certgen-test")
	require.Equal(t, versions, []string{sec.ResourceVersion, vwc.ResourceVersion, mwc.ResourceVersion})

	// A configuration that does not exist is a failure, not a usage error.
	out.Reset()
	errb.Reset()
	require.Equal(t, 1, runCertgen(append(args, "--webhook-config-names", "missing"), nil, &out, &errb))
	require.Contains(t, errb.String(), `no ValidatingWebhookConfiguration or MutatingWebhookConfiguration named "missing"`)
}

func createWebhookConfigs(t *testing.T, c client.Client, name, ns, svc string) {
	t.Helper()
	none := admissionregistrationv1.SideEffectClassNone
	cc := admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: ns, Name: svc}}
	rules := []admissionregistrationv1.RuleWithOperations{{
		Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
		Rule:       admissionregistrationv1.Rule{APIGroups: []string{"networking.k8s.io"}, APIVersions: []string{"v1"}, Resources: []string{"ingresses"}},
	}}
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{
			{Name: "a.example.com", ClientConfig: cc, Rules: rules, SideEffects: &none, AdmissionReviewVersions: []string{"v1"}},
			{Name: "b.example.com", ClientConfig: cc, Rules: rules, SideEffects: &none, AdmissionReviewVersions: []string{"v1"}},
		},
	}
	mwc := &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.MutatingWebhook{
			{Name: "m.example.com", ClientConfig: cc, Rules: rules, SideEffects: &none, AdmissionReviewVersions: []string{"v1"}},
		},
	}
	require.NoError(t, c.Create(context.Background(), vwc))
	require.NoError(t, c.Create(context.Background(), mwc))
}

func getWebhookConfigs(t *testing.T, c client.Client, name string) (*admissionregistrationv1.ValidatingWebhookConfiguration, *admissionregistrationv1.MutatingWebhookConfiguration) {
	t.Helper()
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	mwc := &admissionregistrationv1.MutatingWebhookConfiguration{}
	require.NoError(t, c.Get(context.Background(), types.NamespacedName{Name: name}, vwc))
	require.NoError(t, c.Get(context.Background(), types.NamespacedName{Name: name}, mwc))
	return vwc, mwc
}
