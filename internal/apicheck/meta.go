package apicheck

import (
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// checkMeta validates metadata as the API server does on create: the name
// a DNS subdomain, label and annotation keys and values, the total size of
// annotations. A missing namespace is not an error here: kubectl fills in
// the context's.
func checkMeta(obj *unstructured.Unstructured, namespaced bool) field.ErrorList {
	if namespaced && obj.GetNamespace() == "" {
		obj = obj.DeepCopy()
		obj.SetNamespace("default")
	}
	return apimachineryvalidation.ValidateObjectMetaAccessor(obj, namespaced, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
}
