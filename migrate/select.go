package migrate

import (
	"slices"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// legacyClassAnnotation is the key Kubernetes defined for an Ingress's class
// before spec.ingressClassName.
const legacyClassAnnotation = annotations.LegacyClassKey

// isNginxClass reports whether an IngressClass is ingress-nginx's.
func (r *run) isNginxClass(c *networkingv1.IngressClass) bool {
	return c.Spec.Controller == NginxController || slices.Contains(r.opts.FromClasses, c.Name)
}

// selectNginx picks the Ingresses ingress-nginx serves and sets the
// translator options that take its classes over.
func (r *run) selectNginx() {
	from := append([]string(nil), r.opts.FromClasses...)
	unclassed := r.opts.IncludeUnclassed
	for _, c := range r.dec.Snapshot.IngressClasses {
		if !r.isNginxClass(c) {
			if annotations.IsDefaultClass(c.Annotations) {
				unclassed = false // another controller is the default
			}
			continue
		}
		if !slices.Contains(from, c.Name) {
			from = append(from, c.Name)
		}
		if annotations.IsDefaultClass(c.Annotations) {
			unclassed = true
		}
	}
	r.topts = translator.Options{
		IngressClass:             r.opts.IngressClass,
		ExtraIngressClasses:      from,
		WatchIngressWithoutClass: unclassed,
	}
	r.nginx = make(map[translator.ObjectRef]*networkingv1.Ingress, len(r.dec.Snapshot.Ingresses))
	for _, ing := range r.dec.Snapshot.Ingresses {
		class, named := ingressClass(ing)
		if (named && slices.Contains(from, class)) || (!named && unclassed) {
			r.nginx[ingressRef(ing)] = ing
		}
	}
}

// ingressClass returns the class an Ingress names, from
// spec.ingressClassName or else the legacy annotation.
func ingressClass(ing *networkingv1.Ingress) (string, bool) {
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName, true
	}
	v, ok := annotations.LegacyClass(ing.Annotations)
	return v, ok
}
