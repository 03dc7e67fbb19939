package manifests_test

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/gateway-api/pkg/consts"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/manifests"
)

// TestGatewayAPICRDsMatchTheModule: every embedded Gateway API CRD carries
// the bundle version of the sigs.k8s.io/gateway-api module in go.mod and
// the standard channel (the conformance suite refuses mixed or other
// versions).
func TestGatewayAPICRDsMatchTheModule(t *testing.T) {
	files, err := fs.Glob(manifests.GatewayAPI, "gateway-api/*.yaml")
	require.NoError(t, err)
	require.Len(t, files, 10)
	for _, f := range files {
		raw, err := manifests.GatewayAPI.ReadFile(f)
		require.NoError(t, err)
		var crd apiextensionsv1.CustomResourceDefinition
		require.NoError(t, yaml.Unmarshal(raw, &crd), f)
		require.Equal(t, consts.BundleVersion, crd.Annotations[consts.BundleVersionAnnotation], f)
		require.Equal(t, "standard", crd.Annotations[consts.ChannelAnnotation], f)
		require.Equal(t, "gateway.networking.k8s.io", crd.Spec.Group, f)
	}
}
