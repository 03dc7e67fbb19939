package certs

import (
	"testing"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	"github.com/stretchr/testify/require"
)

func TestCertManagerObjectsChain(t *testing.T) {
	o := NewCertManagerObjects(CertManagerOptions{Namespace: "ns", Prefix: "p", ServiceName: "svc", SecretName: "tls"})
	require.Equal(t, "ns/p-webhook", o.InjectCAFrom())
	require.Equal(t, "cert-manager.io/inject-ca-from", InjectCAFromAnnotation)
	require.NotNil(t, o.SelfSignedIssuer.Spec.SelfSigned)
	// self-signed Issuer -> CA Certificate -> CA Issuer (its Secret) -> serving Certificate.
	require.Equal(t, o.SelfSignedIssuer.Name, o.CA.Spec.IssuerRef.Name)
	require.True(t, o.CA.Spec.IsCA)
	require.Equal(t, o.CA.Spec.SecretName, o.CAIssuer.Spec.CA.SecretName)
	require.Equal(t, o.CAIssuer.Name, o.Serving.Spec.IssuerRef.Name)
	require.False(t, o.Serving.Spec.IsCA)
	require.Equal(t, "tls", o.Serving.Spec.SecretName)
	require.Equal(t, DNSNames("svc", "ns"), o.Serving.Spec.DNSNames)
	require.Less(t, o.Serving.Spec.RenewBefore.Duration, o.Serving.Spec.Duration.Duration)
	require.Greater(t, o.CA.Spec.Duration.Duration, o.Serving.Spec.Duration.Duration)
	for _, obj := range o.List() {
		require.Equal(t, "ns", obj.GetNamespace())
		require.Equal(t, cmapi.SchemeGroupVersion, obj.GetObjectKind().GroupVersionKind().GroupVersion())
	}
}
