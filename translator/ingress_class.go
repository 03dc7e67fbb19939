package translator

import (
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// ownsIngress decides whether this controller serves ing, following the
// Kubernetes rules: spec.ingressClassName names an IngressClass whose
// spec.controller is ours (or one of the configured class names); else the
// legacy kubernetes.io/ingress.class annotation names one of them; else, with
// no class at all, our IngressClass is the cluster default (or
// WatchIngressWithoutClass is set).
func (t *translation) ownsIngress(ing *networkingv1.Ingress) bool {
	if ing.Spec.IngressClassName != nil {
		return t.ownsClass(*ing.Spec.IngressClassName)
	}
	if v, ok := annotations.LegacyClass(ing.Annotations); ok {
		return t.ownsClass(v)
	}
	if c := t.defaultClass(); c != nil {
		return c.Spec.Controller == t.opts.ControllerName
	}
	return t.opts.WatchIngressWithoutClass
}

// ownsClass reports whether a class name belongs to this controller.
func (t *translation) ownsClass(name string) bool {
	if c, ok := t.ingressClass(name); ok {
		return c.Spec.Controller == t.opts.ControllerName
	}
	if name == t.opts.IngressClass {
		return true
	}
	for _, n := range t.opts.ExtraIngressClasses {
		if n == name {
			return true
		}
	}
	return false
}

// OwnsIngress reports whether a controller with opts serves ing, given the
// IngressClasses of the cluster.
func OwnsIngress(ing *networkingv1.Ingress, classes []*networkingv1.IngressClass, opts Options) bool {
	// Only the classes are needed: an index of them (newIndex builds no
	// map for kinds the snapshot lacks), no result.
	t := &translation{opts: opts.withDefaults(), ix: indexOf(&Snapshot{IngressClasses: classes})}
	return t.ownsIngress(ing)
}
