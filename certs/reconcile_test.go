package certs

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
)

func webhookConfigs(svc admissionregistrationv1.ServiceReference) []client.Object {
	cc := admissionregistrationv1.WebhookClientConfig{Service: &svc}
	other := admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: "else", Name: "where"}}
	return []client.Object{
		&admissionregistrationv1.ValidatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: "wh"},
			Webhooks: []admissionregistrationv1.ValidatingWebhook{
				{Name: "a", ClientConfig: cc}, {Name: "other", ClientConfig: other}, {Name: "b", ClientConfig: cc},
			},
		},
		&admissionregistrationv1.MutatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: "wh"},
			Webhooks:   []admissionregistrationv1.MutatingWebhook{{Name: "m", ClientConfig: cc}},
		},
	}
}

func newTestReconciler(objs ...client.Object) *Reconciler {
	c := fake.NewClientBuilder().WithScheme(clientgoscheme.Scheme).WithObjects(objs...).Build()
	return &Reconciler{
		Client: c, Namespace: "ns", SecretName: "tls", ServiceName: "webhook",
		WebhookConfigs: []string{"wh"}, Policy: testPolicy(),
	}
}

func TestReconcileIdempotent(t *testing.T) {
	ctx := context.Background()
	r := newTestReconciler(webhookConfigs(admissionregistrationv1.ServiceReference{Namespace: "ns", Name: "webhook"})...)
	rep, err := r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "created", rep.Secret)
	require.Equal(t, []string{"ValidatingWebhookConfiguration/wh", "MutatingWebhookConfiguration/wh"}, rep.Injected)

	var sec corev1.Secret
	require.NoError(t, r.Client.Get(ctx, types.NamespacedName{Namespace: "ns", Name: "tls"}, &sec))
	require.Equal(t, corev1.SecretTypeTLS, sec.Type)
	require.Equal(t, "apisix-ingress-certgen", sec.Labels["app.kubernetes.io/managed-by"])
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	require.NoError(t, r.Client.Get(ctx, types.NamespacedName{Name: "wh"}, vwc))
	require.Equal(t, sec.Data[CACertKey], vwc.Webhooks[0].ClientConfig.CABundle)
	require.Empty(t, vwc.Webhooks[1].ClientConfig.CABundle, "a webhook calling another Service is left alone")
	require.Equal(t, sec.Data[CACertKey], vwc.Webhooks[2].ClientConfig.CABundle)

	rep, err = r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "unchanged", rep.Secret)
	require.Empty(t, rep.Injected)

	// Someone resets caBundle: only the configuration that differs is patched.
	vwc.Webhooks[2].ClientConfig.CABundle = nil
	require.NoError(t, r.Client.Update(ctx, vwc))
	rep, err = r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "unchanged", rep.Secret)
	require.Equal(t, []string{"ValidatingWebhookConfiguration/wh"}, rep.Injected)
}

func TestReconcileRenewsNearExpiryKeepingOtherKeys(t *testing.T) {
	ctx := context.Background()
	r := newTestReconciler(webhookConfigs(admissionregistrationv1.ServiceReference{Namespace: "ns", Name: "webhook"})...)
	now := time.Now()
	r.Now = func() time.Time { return now.Add(-300 * 24 * time.Hour) }
	first, err := r.Reconcile(ctx)
	require.NoError(t, err)

	var sec corev1.Secret
	key := types.NamespacedName{Namespace: "ns", Name: "tls"}
	require.NoError(t, r.Client.Get(ctx, key, &sec))
	sec.Data["extra"] = []byte("kept")
	require.NoError(t, r.Client.Update(ctx, &sec))

	r.Now = func() time.Time { return now }
	rep, err := r.Reconcile(ctx)
	require.NoError(t, err)
	require.Equal(t, "updated", rep.Secret)
	require.True(t, rep.Result.Renewed)
	require.NotEqual(t, first.Result.Serial, rep.Result.Serial)
	require.Len(t, rep.Injected, 2)
	require.NoError(t, r.Client.Get(ctx, key, &sec))
	require.Equal(t, "kept", string(sec.Data["extra"]))
}

func TestReconcileErrors(t *testing.T) {
	ctx := context.Background()
	r := newTestReconciler()
	_, err := r.Reconcile(ctx)
	require.EqualError(t, err, `no ValidatingWebhookConfiguration or MutatingWebhookConfiguration named "wh"`)

	r = newTestReconciler(webhookConfigs(admissionregistrationv1.ServiceReference{Namespace: "ns", Name: "renamed"})...)
	_, err = r.Reconcile(ctx)
	require.EqualError(t, err, "ValidatingWebhookConfiguration wh has no webhook calling Service ns/webhook")

	r.ServiceName = ""
	_, err = r.Reconcile(ctx)
	require.ErrorContains(t, err, "needs a client, a namespace, a Secret name and a Service name")
}

func TestRunEvery(t *testing.T) {
	r := newTestReconciler(webhookConfigs(admissionregistrationv1.ServiceReference{Namespace: "ns", Name: "webhook"})...)
	ctx, cancel := context.WithCancel(context.Background())
	var got []string
	r.RunEvery(ctx, time.Millisecond, func(rep Report, err error) {
		require.NoError(t, err)
		got = append(got, rep.Secret)
		if len(got) == 3 {
			cancel()
		}
	})
	require.Equal(t, []string{"created", "unchanged", "unchanged"}, got)
}
