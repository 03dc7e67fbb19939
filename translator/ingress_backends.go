package translator

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// IngressServiceBackends returns the Service backends of an Ingress: the
// default backend's, then each path's, in order (resource backends are
// left out).
func IngressServiceBackends(ing *networkingv1.Ingress) []*networkingv1.IngressServiceBackend {
	var out []*networkingv1.IngressServiceBackend
	if db := ing.Spec.DefaultBackend; db != nil && db.Service != nil {
		out = append(out, db.Service)
	}
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for i := range r.HTTP.Paths {
			if s := r.HTTP.Paths[i].Backend.Service; s != nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// ServicePort returns the port a Service backend names: by name when it
// has one, else by number.
func ServicePort(b *networkingv1.IngressServiceBackend) intstr.IntOrString {
	if b.Port.Name != "" {
		return intstr.FromString(b.Port.Name)
	}
	return intstr.FromInt32(b.Port.Number)
}
