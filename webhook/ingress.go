package webhook

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

const (
	legacyClassAnnotation = "kubernetes.io/ingress.class"
	pluginConfigAnno      = annotations.APISIXPrefix + "plugin-config-name"
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
	if v, ok := ing.Annotations[legacyClassAnnotation]; ok {
		c.warn.add(fmt.Sprintf("%s is deprecated; write spec.ingressClassName: %s instead", legacyClassAnnotation, strconv.Quote(v)))
	}
	ref := translator.ObjectRef{Kind: "Ingress", Namespace: ing.Namespace, Name: ing.Name}
	snap := &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing}, IngressClasses: classes}
	// Its neighbours: a canary's primaries, the objects it may conflict with.
	c.neighbours(snap, ref, translator.IngressHostKeys(ing))
	asNewest(snap, ing)
	snap.Services = c.services(serviceNamespace(ing), ingressServices(ing))
	if name := strings.TrimSpace(ing.Annotations[pluginConfigAnno]); name != "" {
		ns, n := ing.Namespace, name
		if a, b, ok := strings.Cut(name, "/"); ok {
			ns, n = a, b
		}
		if pc, err := c.v.store.ApisixPluginConfig(c.ctx, ns, n); err != nil {
			c.lookupFailed("ApisixPluginConfig", err)
		} else if pc != nil {
			snap.ApisixPluginConfigs = append(snap.ApisixPluginConfigs, pc)
		}
	}
	res := c.translate(snap, ref)
	if len(c.errs) == 0 {
		c.translated(res, ref, field.NewPath("metadata", "annotations"), false)
	}
}

func classField(ing *networkingv1.Ingress) *field.Path {
	if ing.Spec.IngressClassName != nil {
		return field.NewPath("spec", "ingressClassName")
	}
	return field.NewPath("metadata", "annotations").Key(legacyClassAnnotation)
}

func ingressClassOf(ing *networkingv1.Ingress) string {
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName
	}
	return ing.Annotations[legacyClassAnnotation]
}

// ingressServices lists the Services an Ingress sends to.
func ingressServices(ing *networkingv1.Ingress) []string {
	var names []string
	for _, be := range translator.IngressServiceBackends(ing) {
		if be.Name != "" {
			names = append(names, be.Name)
		}
	}
	return dedupe(names)
}

// serviceNamespace is the namespace of an Ingress's backend Services: its
// own, or the one its annotations name (k8s.apisix.apache.org/svc-namespace).
func serviceNamespace(ing *networkingv1.Ingress) string {
	if cfg, _, _ := annotations.Parse(ing.Annotations); cfg != nil && cfg.Upstream.ServiceNamespace != "" {
		return cfg.Upstream.ServiceNamespace
	}
	return ing.Namespace
}

// services looks up Services by name; missing ones are left to the
// translation, which reports them as unresolved references.
func (c *check) services(ns string, names []string) []*corev1.Service {
	var out []*corev1.Service
	for _, n := range names {
		svc, err := c.v.store.Service(c.ctx, ns, n)
		if err != nil {
			c.lookupFailed("Service "+ns+"/"+n, err)
			continue
		}
		if svc != nil {
			out = append(out, svc)
		}
	}
	return out
}
