package devstack

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/manifests"
)

// embeddedCRDs are the CRDs of manifests/crds.
func embeddedCRDs() ([]*apiextensionsv1.CustomResourceDefinition, error) {
	files, err := fs.Glob(manifests.FS, "crds/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		var crd apiextensionsv1.CustomResourceDefinition
		if err := decodeEmbedded(f, &crd); err != nil {
			return nil, err
		}
		out = append(out, &crd)
	}
	return out, nil
}

// embeddedWebhooks are the webhook configurations of manifests/base; envtest
// points them at the local webhook server with its own CA.
func embeddedWebhooks() ([]*admissionv1.ValidatingWebhookConfiguration, []*admissionv1.MutatingWebhookConfiguration, error) {
	var v admissionv1.ValidatingWebhookConfiguration
	if err := decodeEmbedded("base/validatingwebhook.yaml", &v); err != nil {
		return nil, nil, err
	}
	var m admissionv1.MutatingWebhookConfiguration
	if err := decodeEmbedded("base/mutatingwebhook.yaml", &m); err != nil {
		return nil, nil, err
	}
	return []*admissionv1.ValidatingWebhookConfiguration{&v}, []*admissionv1.MutatingWebhookConfiguration{&m}, nil
}

func decodeEmbedded(name string, into any) error {
	raw, err := manifests.FS.ReadFile(name)
	if err != nil {
		return err
	}
	docs, err := manifestio.Read(name, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if len(docs) != 1 {
		return fmt.Errorf("%s: want one document, found %d", name, len(docs))
	}
	return yaml.UnmarshalStrict(docs[0].Raw, into)
}

// applyEmbeddedIngressClass creates the IngressClass of manifests/base.
func applyEmbeddedIngressClass(ctx context.Context, c client.Client) error {
	var ic networkingv1.IngressClass
	if err := decodeEmbedded("base/ingressclass.yaml", &ic); err != nil {
		return err
	}
	if err := c.Create(ctx, &ic); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	return nil
}

// dryRunProbe sends an object through the validating webhook (failurePolicy
// Fail for the apisix.apache.org kinds), so it succeeds only once the
// webhook answers.
func dryRunProbe(ctx context.Context, c client.Client) error {
	enable := true
	pc := &apiv2.ApisixPluginConfig{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "webhook-probe"},
		Spec:       apiv2.ApisixPluginConfigSpec{Plugins: []apiv2.ApisixRoutePlugin{{Name: "request-id", Enable: &enable}}},
	}
	return c.Create(ctx, pc, client.DryRunAll)
}
