package devstack

import (
	"io/fs"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/manifests"
)

// GatewayAPICRDs are the Gateway API v1.6.3 standard-channel CRDs embedded
// in manifests/gateway-api, for an API server to install (envtest's
// CRDInstallOptions.CRDs, or envtest.InstallCRDs on a running one).
func GatewayAPICRDs() ([]*apiextensionsv1.CustomResourceDefinition, error) {
	files, err := fs.Glob(manifests.GatewayAPI, "gateway-api/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		raw, err := manifests.GatewayAPI.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.UnmarshalStrict(raw, &crd); err != nil {
			return nil, err
		}
		out = append(out, &crd)
	}
	return out, nil
}
