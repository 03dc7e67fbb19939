package install_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"

	"github.com/apisix-ingress/apisix-ingress/certs"
)

// ensureNamespace creates apisix-ingress: a server-side dry run does not
// persist the Namespace the overlay creates, so the namespaced objects after
// it would not find it.
func ensureNamespace(t *testing.T) {
	t.Helper()
	_, err := env.CreateNamespace(context.Background(), "apisix-ingress")
	if !apierrors.IsAlreadyExists(err) {
		require.NoError(t, err)
	}
}

func TestOverlaysApplyDryRun(t *testing.T) {
	ensureNamespace(t)
	for _, overlay := range []string{"self-signed", "cert-manager"} {
		t.Run(overlay, func(t *testing.T) {
			res := env.RunKubectl(context.Background(), nil, "apply", "--server-side", "--dry-run=server",
				"--field-manager=install-test", "-k", manifestsDir("overlays", overlay))
			require.Equal(t, 0, res.ExitCode, "%s%s", res.Stdout, res.Stderr)
			require.NotContains(t, res.Stdout+res.Stderr, "Warning", "e.g. a Pod Security violation")
			for _, want := range []string{
				"deployment.apps/apisix-ingress serverside-applied (server dry run)",
				"validatingwebhookconfiguration.admissionregistration.k8s.io/apisix-ingress serverside-applied (server dry run)",
				"mutatingwebhookconfiguration.admissionregistration.k8s.io/apisix-ingress serverside-applied (server dry run)",
			} {
				require.Contains(t, res.Stdout, want)
			}
			if overlay == "cert-manager" {
				require.Contains(t, res.Stdout, "certificate.cert-manager.io/apisix-ingress-webhook serverside-applied (server dry run)")
				require.Contains(t, res.Stdout, "issuer.cert-manager.io/apisix-ingress-ca serverside-applied (server dry run)")
			} else {
				require.Contains(t, res.Stdout, "cronjob.batch/apisix-ingress-certgen serverside-applied (server dry run)")
			}
		})
	}
}

// TestSelfSignedInstall applies the self-signed overlay for real, runs what
// its certgen Job runs, and re-applies the overlay as an upgrade would:
// caBundle, which the manifests do not set, survives, and nothing changes.
func TestSelfSignedInstall(t *testing.T) {
	ensureNamespace(t)
	ctx := context.Background()
	overlay := manifestsDir("overlays", "self-signed")
	apply := func() string {
		res := env.RunKubectl(ctx, nil, "apply", "--server-side", "--field-manager=install-test", "-k", overlay)
		require.Equal(t, 0, res.ExitCode, "%s%s", res.Stdout, res.Stderr)
		return res.Stdout
	}
	apply()
	t.Run("RBAC", checkInstalledRBAC)
	t.Cleanup(func() { // the webhooks would reject other tests' writes: nothing serves them
		env.RunKubectl(ctx, nil, "delete", "validatingwebhookconfiguration,mutatingwebhookconfiguration", "apisix-ingress")
	})

	r := &certs.Reconciler{
		Client: env.Client, Namespace: "apisix-ingress", SecretName: "apisix-ingress-webhook-tls",
		ServiceName: "apisix-ingress-webhook", WebhookConfigs: []string{"apisix-ingress"},
		Policy: certs.Policy{DNSNames: certs.DNSNames("apisix-ingress-webhook", "apisix-ingress"),
			Validity: certs.DefaultValidity, RenewBefore: certs.DefaultRenewBefore},
	}
	rep, err := r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "created", rep.Secret)
	require.Len(t, rep.Injected, 2)
	before := webhookVersions(t)

	out := apply()
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		require.True(t, strings.HasSuffix(line, " serverside-applied"), line)
	}
	require.Equal(t, before, webhookVersions(t), "re-applying the overlay leaves caBundle alone")
	rep, err = r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "unchanged", rep.Secret)
	require.Empty(t, rep.Injected)
}

func webhookVersions(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	var sec corev1.Secret
	require.NoError(t, env.Client.Get(ctx, types.NamespacedName{Namespace: "apisix-ingress", Name: "apisix-ingress-webhook-tls"}, &sec))
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	mwc := &admissionregistrationv1.MutatingWebhookConfiguration{}
	require.NoError(t, env.Client.Get(ctx, types.NamespacedName{Name: "apisix-ingress"}, vwc))
	require.NoError(t, env.Client.Get(ctx, types.NamespacedName{Name: "apisix-ingress"}, mwc))
	for _, wh := range vwc.Webhooks {
		require.Equal(t, sec.Data[certs.CACertKey], wh.ClientConfig.CABundle, wh.Name)
	}
	for _, wh := range mwc.Webhooks {
		require.Equal(t, sec.Data[certs.CACertKey], wh.ClientConfig.CABundle, wh.Name)
	}
	return []string{sec.ResourceVersion, vwc.ResourceVersion, mwc.ResourceVersion}
}
