package certs

import (
	"bytes"
	"context"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// InjectCABundle sets caBundle on every webhook that calls service in the
// ValidatingWebhookConfigurations and MutatingWebhookConfigurations with the
// given names, patching a configuration only when a caBundle differs. It
// returns "Kind/name" of each configuration patched. A name with neither
// kind, or a configuration with no webhook calling service, is an error: it
// would leave the API server calling the webhook with a CA it cannot trust.
func InjectCABundle(ctx context.Context, c client.Client, names []string, service types.NamespacedName, bundle []byte) ([]string, error) {
	var patched []string
	for _, name := range names {
		found := 0
		for _, obj := range []client.Object{&admissionregistrationv1.ValidatingWebhookConfiguration{}, &admissionregistrationv1.MutatingWebhookConfiguration{}} {
			kind := kindOf(obj)
			if err := c.Get(ctx, types.NamespacedName{Name: name}, obj); apierrors.IsNotFound(err) {
				continue
			} else if err != nil {
				return patched, fmt.Errorf("reading %s %s: %w", kind, name, err)
			}
			found++
			orig := obj.DeepCopyObject().(client.Object)
			matched, changed := setCABundle(obj, service, bundle)
			if matched == 0 {
				return patched, fmt.Errorf("%s %s has no webhook calling Service %s", kind, name, service)
			}
			if !changed {
				continue
			}
			patch := client.MergeFromWithOptions(orig, client.MergeFromWithOptimisticLock{})
			if err := c.Patch(ctx, obj, patch, FieldOwner); err != nil {
				return patched, fmt.Errorf("patching caBundle of %s %s: %w", kind, name, err)
			}
			patched = append(patched, kind+"/"+name)
		}
		if found == 0 {
			return patched, fmt.Errorf("no ValidatingWebhookConfiguration or MutatingWebhookConfiguration named %q", name)
		}
	}
	return patched, nil
}

// setCABundle sets bundle on the webhooks of obj that call service, and
// returns how many call it and whether any caBundle changed.
func setCABundle(obj client.Object, service types.NamespacedName, bundle []byte) (matched int, changed bool) {
	set := func(cc *admissionregistrationv1.WebhookClientConfig) {
		if cc.Service == nil || cc.Service.Namespace != service.Namespace || cc.Service.Name != service.Name {
			return
		}
		matched++
		if !bytes.Equal(cc.CABundle, bundle) {
			cc.CABundle = bytes.Clone(bundle)
			changed = true
		}
	}
	switch o := obj.(type) {
	case *admissionregistrationv1.ValidatingWebhookConfiguration:
		for i := range o.Webhooks {
			set(&o.Webhooks[i].ClientConfig)
		}
	case *admissionregistrationv1.MutatingWebhookConfiguration:
		for i := range o.Webhooks {
			set(&o.Webhooks[i].ClientConfig)
		}
	}
	return matched, changed
}

func kindOf(obj client.Object) string {
	if _, ok := obj.(*admissionregistrationv1.ValidatingWebhookConfiguration); ok {
		return "ValidatingWebhookConfiguration"
	}
	return "MutatingWebhookConfiguration"
}
