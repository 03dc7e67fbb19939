package apicheck

import (
	"sync"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Checker checks objects as the API server would on create. It is
// immutable and safe for concurrent use.
type Checker struct {
	crds map[schema.GroupVersionKind]*crdCheck

	gatewayOnce sync.Once
	gateway     map[schema.GroupVersionKind]*crdCheck
	gatewayErr  error
}

// New compiles the embedded CRDs.
func New() (*Checker, error) {
	crds, err := loadCRDs()
	if err != nil {
		return nil, err
	}
	return &Checker{crds: crds}, nil
}

// Check returns what the API server would refuse in obj, in the order it
// reports them. For CRD kinds it also fills in obj the schema's defaults,
// as the API server stores them. Kinds it does not know pass.
func (c *Checker) Check(obj *unstructured.Unstructured) field.ErrorList {
	gvk := obj.GroupVersionKind()
	cc, err := c.crdFor(gvk)
	if err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	if cc != nil {
		return cc.check(obj)
	}
	switch gvk {
	case schema.GroupVersionKind{Group: "networking.k8s.io", Version: "v1", Kind: "Ingress"}:
		return checkIngress(obj)
	case schema.GroupVersionKind{Group: "networking.k8s.io", Version: "v1", Kind: "IngressClass"}:
		return checkIngressClass(obj)
	case schema.GroupVersionKind{Group: "discovery.k8s.io", Version: "v1", Kind: "EndpointSlice"}:
		return checkEndpointSlice(obj)
	case schema.GroupVersionKind{Version: "v1", Kind: "Service"}:
		return checkService(obj)
	case schema.GroupVersionKind{Version: "v1", Kind: "Secret"}:
		return checkSecret(obj)
	case schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}:
		return checkConfigMap(obj)
	}
	return nil
}

// Knows reports whether Check has rules for gvk.
func (c *Checker) Knows(gvk schema.GroupVersionKind) bool {
	cc, _ := c.crdFor(gvk)
	ok := cc != nil
	switch gvk.Kind {
	case "Ingress", "IngressClass", "EndpointSlice", "Service", "Secret", "ConfigMap":
		return true
	}
	return ok
}
