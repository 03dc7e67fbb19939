package certs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Reconciler keeps one Secret holding valid webhook certificates and the
// caBundle of the named webhook configurations in line with it. It writes
// only what differs: with a valid certificate in place, Reconcile makes no
// write at all.
type Reconciler struct {
	Client         client.Client
	Namespace      string   // of the Secret and the webhook Service
	SecretName     string   // the Secret holding ca.crt, tls.crt and tls.key
	ServiceName    string   // the webhook Service; caBundle is set on webhooks calling it
	WebhookConfigs []string // names of Validating and MutatingWebhookConfigurations
	Policy         Policy
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// FieldOwner is the field manager of every write made here, so
// managedFields show certgen as the owner of caBundle and the Secret.
const FieldOwner = client.FieldOwner("apisix-ingress-certgen")

// Report says what Reconcile did. It carries no key material.
type Report struct {
	Secret   string // "created", "updated" or "unchanged"
	Result   Result
	Injected []string // "Kind/name" of the webhook configurations patched
}

// secretLabels are put on a Secret that Reconcile creates.
func secretLabels() map[string]string {
	return map[string]string{
		"app.kubernetes.io/name":       "apisix-ingress",
		"app.kubernetes.io/component":  "webhook",
		"app.kubernetes.io/managed-by": "apisix-ingress-certgen",
	}
}

// Reconcile makes the Secret hold certificates that Policy accepts, then sets
// caBundle on every webhook of the named configurations that calls the
// Service. It retries once on a write conflict (another certgen raced it).
func (r *Reconciler) Reconcile(ctx context.Context) (Report, error) {
	if r.Client == nil || r.Namespace == "" || r.SecretName == "" || r.ServiceName == "" {
		return Report{}, errors.New("certs: Reconciler needs a client, a namespace, a Secret name and a Service name")
	}
	rep, err := r.ensureSecret(ctx)
	if apierrors.IsConflict(err) || apierrors.IsAlreadyExists(err) {
		rep, err = r.ensureSecret(ctx)
	}
	if err != nil {
		return rep, err
	}
	rep.Injected, err = InjectCABundle(ctx, r.Client, r.WebhookConfigs,
		types.NamespacedName{Namespace: r.Namespace, Name: r.ServiceName}, rep.Result.Material.CABundle)
	return rep, err
}

func (r *Reconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Reconciler) ensureSecret(ctx context.Context) (Report, error) {
	key := types.NamespacedName{Namespace: r.Namespace, Name: r.SecretName}
	var sec corev1.Secret
	err := r.Client.Get(ctx, key, &sec)
	if err != nil && !apierrors.IsNotFound(err) {
		return Report{}, fmt.Errorf("reading Secret %s: %w", key, err)
	}
	exists := err == nil
	res, err := r.Policy.Ensure(MaterialFromData(sec.Data), r.now())
	if err != nil {
		return Report{}, fmt.Errorf("certificate policy: %w", err)
	}
	rep := Report{Secret: "unchanged", Result: res}
	if !exists {
		sec = corev1.Secret{Type: corev1.SecretTypeTLS, Data: res.Material.Data()}
		sec.Namespace, sec.Name, sec.Labels = r.Namespace, r.SecretName, secretLabels()
		if err := r.Client.Create(ctx, &sec, FieldOwner); err != nil {
			return rep, fmt.Errorf("creating Secret %s: %w", key, err)
		}
		rep.Secret = "created"
		return rep, nil
	}
	if sameData(sec.Data, res.Material.Data()) {
		return rep, nil
	}
	if sec.Data == nil {
		sec.Data = map[string][]byte{}
	}
	for k, v := range res.Material.Data() {
		sec.Data[k] = v
	}
	if err := r.Client.Update(ctx, &sec, FieldOwner); err != nil { // carries resourceVersion: optimistic
		return rep, fmt.Errorf("updating Secret %s: %w", key, err)
	}
	rep.Secret = "updated"
	return rep, nil
}

// sameData reports whether have holds every key of want with the same bytes.
func sameData(have, want map[string][]byte) bool {
	for k, v := range want {
		if hv, ok := have[k]; !ok || !bytes.Equal(hv, v) {
			return false
		}
	}
	return true
}

// RunEvery reconciles now and then every interval until ctx ends: rotation
// in-process, for a long-running certgen. onResult sees each outcome.
func (r *Reconciler) RunEvery(ctx context.Context, interval time.Duration, onResult func(Report, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		rep, err := r.Reconcile(ctx)
		onResult(rep, err)
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
