package install_test

import (
	"os"
	"testing"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/certs"
)

func certManagerObjects() certs.CertManagerObjects {
	return certs.NewCertManagerObjects(certs.CertManagerOptions{
		Namespace:   "apisix-ingress",
		Prefix:      "apisix-ingress",
		ServiceName: "apisix-ingress-webhook",
		SecretName:  "apisix-ingress-webhook-tls",
	})
}

// TestCertManagerObjects checks that the cert-manager overlay ships exactly
// the Issuers and Certificates certs.NewCertManagerObjects builds, decoded
// strictly into cert-manager's own types, and that both webhook
// configurations ask cainjector for the serving Certificate's CA. With
// -update it rewrites certificates.yaml from the Go objects.
func TestCertManagerObjects(t *testing.T) {
	want := certManagerObjects()
	file := manifestsDir("overlays", "cert-manager", "certificates.yaml")
	if *update {
		require.NoError(t, os.WriteFile(file, certificatesYAML(t, want.List()), 0o644))
	}
	docs := render(t, manifestsDir("overlays", "cert-manager"))
	require.Len(t, ofKind(docs, cmapi.IssuerKind), 2)
	require.Len(t, ofKind(docs, cmapi.CertificateKind), 2)
	for _, w := range []*cmapi.Issuer{want.SelfSignedIssuer, want.CAIssuer} {
		var got cmapi.Issuer
		object(t, docs, cmapi.IssuerKind, w.Name, &got)
		require.Equal(t, w.Namespace, got.Namespace)
		require.Equal(t, w.Spec, got.Spec, w.Name)
	}
	for _, w := range []*cmapi.Certificate{want.CA, want.Serving} {
		var got cmapi.Certificate
		object(t, docs, cmapi.CertificateKind, w.Name, &got)
		require.Equal(t, w.Namespace, got.Namespace)
		require.Equal(t, w.Spec, got.Spec, w.Name)
	}
	// The serving certificate is for the Service the webhooks call, into the
	// Secret the Deployment mounts.
	require.Equal(t, certs.DNSNames("apisix-ingress-webhook", "apisix-ingress"), want.Serving.Spec.DNSNames)
	require.Equal(t, "apisix-ingress-webhook-tls", want.Serving.Spec.SecretName)

	var vwc admissionregistrationv1.ValidatingWebhookConfiguration
	var mwc admissionregistrationv1.MutatingWebhookConfiguration
	object(t, docs, "ValidatingWebhookConfiguration", "apisix-ingress", &vwc)
	object(t, docs, "MutatingWebhookConfiguration", "apisix-ingress", &mwc)
	for _, m := range []map[string]string{vwc.Annotations, mwc.Annotations} {
		require.Equal(t, want.InjectCAFrom(), m[certs.InjectCAFromAnnotation])
	}
}

// certificatesYAML renders objs as the overlay's certificates.yaml.
func certificatesYAML(t *testing.T, objs []client.Object) []byte {
	t.Helper()
	out := []byte("# Generated from certs.NewCertManagerObjects by\n" +
		"#   go test ./tests/install -run TestCertManagerObjects -update\n" +
		"# Do not edit by hand; tests/install fails when they differ.\n")
	for i, o := range objs {
		b, err := yaml.Marshal(o)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, yaml.Unmarshal(b, &m))
		delete(m, "status")
		meta := m["metadata"].(map[string]any)
		delete(meta, "creationTimestamp")
		delete(meta, "namespace") // set by the kustomization
		b, err = yaml.Marshal(m)
		require.NoError(t, err)
		if i > 0 {
			out = append(out, "---\n"...)
		}
		out = append(out, b...)
	}
	return out
}
