package webhook

import (
	"fmt"
	"strconv"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// ingress validates an Ingress: only those of this controller's class; a
// class change that moves an Ingress away from this controller is refused.
func (c *check) ingress(ing, old *networkingv1.Ingress) {
	classes := c.classes()
	topts := c.v.opts.Translator
	owned := translator.OwnsIngress(ing, classes, topts)
	if c.op == Update && old != nil && !owned && translator.OwnsIngress(old, classes, topts) {
		c.fail(field.Invalid(classField(ing), ingressClassOf(ing),
			fmt.Sprintf("moves this Ingress away from class %q, whose routes would be deleted; delete it and create it for the other class", ingressClassOf(old))))
		return
	}
	if !owned {
		c.ignored = true
		return
	}
	labels, err := c.v.store.NamespaceLabels(c.ctx, ing.Namespace)
	if err != nil {
		c.lookupFailed("namespace policy label", err)
	}
	c.fail(annotationPolicy(ing.Annotations, c.v.policyFor(labels, &c.warn), c.v.canonical, &c.warn)...)
	if v, ok := annotations.LegacyClass(ing.Annotations); ok {
		c.warn.add(fmt.Sprintf("%s is deprecated; write spec.ingressClassName: %s instead", annotations.LegacyClassKey, strconv.Quote(v)))
	}
	ref := translator.ObjectRef{Kind: "Ingress", Namespace: ing.Namespace, Name: ing.Name}
	snap := c.snapshotOf(ing, classes)
	// Its neighbours: a canary's primaries, the objects it may conflict with.
	c.neighbours(snap, ref, translator.IngressHostKeys(ing))
	asNewest(snap, ing)
	res := c.translate(snap, ref)
	if len(c.errs) == 0 {
		c.translated(res, ref, field.NewPath("metadata", "annotations"), false)
	}
}

func classField(ing *networkingv1.Ingress) *field.Path {
	if ing.Spec.IngressClassName != nil {
		return field.NewPath("spec", "ingressClassName")
	}
	return annotations.FieldPath(annotations.LegacyClassKey)
}

func ingressClassOf(ing *networkingv1.Ingress) string {
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName
	}
	v, _ := annotations.LegacyClass(ing.Annotations)
	return v
}
