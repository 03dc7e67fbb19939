package apicheck

import (
	"bytes"
	"fmt"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// NewWithCRDs is New that also checks the kinds of extra
// CustomResourceDefinitions (each a YAML document), as the API server
// would with them installed: for tests of objects of other projects'
// kinds, such as the Gateway API's that `migrate --to gateway-api` writes.
func NewWithCRDs(crds ...[]byte) (*Checker, error) {
	c, err := New()
	if err != nil {
		return nil, err
	}
	for i, raw := range crds {
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(bytes.TrimSpace(raw), &crd); err != nil {
			return nil, fmt.Errorf("apicheck: extra CRD %d: %w", i, err)
		}
		if crd.Kind != "CustomResourceDefinition" {
			return nil, fmt.Errorf("apicheck: extra CRD %d: kind %q is not CustomResourceDefinition", i, crd.Kind)
		}
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			cc, err := compileVersion(&crd, v.Schema.OpenAPIV3Schema)
			if err != nil {
				return nil, fmt.Errorf("apicheck: %s %s: %w", crd.Name, v.Name, err)
			}
			c.crds[schema.GroupVersionKind{Group: crd.Spec.Group, Version: v.Name, Kind: crd.Spec.Names.Kind}] = cc
		}
	}
	return c, nil
}
