package webhook

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// crdStart decides whether an apisix.apache.org/v2 object is this
// controller's and checks that an UPDATE keeps spec.ingressClassName
// (changing it would move the object between controllers). ok is false
// when there is nothing more to check.
func (c *check) crdStart(class string, old *string) ([]*networkingv1.IngressClass, bool) {
	classes := c.classes()
	owned := c.ownsClassName(class, classes)
	if c.op == Update && old != nil && *old != class && (owned || c.ownsClassName(*old, classes)) {
		c.fail(field.Invalid(field.NewPath("spec", "ingressClassName"), class,
			fmt.Sprintf("is immutable (was %q): delete the object and create it with the new class", *old)))
		return nil, false
	}
	if !owned {
		c.ignored = true
		return nil, false
	}
	return classes, true
}

// crdTranslate translates obj, set in snap, and checks the result.
func (c *check) crdTranslate(snap *translator.Snapshot, kind, ns, name string) {
	ref := translator.ObjectRef{Kind: kind, Namespace: ns, Name: name}
	res := c.translate(snap, ref)
	if len(c.errs) == 0 {
		c.translated(res, ref, field.NewPath("spec"), false)
	}
}

// classOf returns a pointer to the old object's class, or nil.
func classOf[T interface{ comparable }](old T, get func(T) string) *string {
	var zero T
	if old == zero {
		return nil
	}
	s := get(old)
	return &s
}

func (c *check) apisixUpstream(o, old *apiv2.ApisixUpstream) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixUpstream) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	snap := c.snapshotOf(o, classes)
	c.crdTranslate(snap, apiv2.KindApisixUpstream, o.Namespace, o.Name)
}

func (c *check) apisixPluginConfig(o, old *apiv2.ApisixPluginConfig) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixPluginConfig) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	c.plugins(o.Spec.Plugins, field.NewPath("spec", "plugins"), false)
	snap := c.snapshotOf(o, classes)
	c.crdTranslate(snap, apiv2.KindApisixPluginConfig, o.Namespace, o.Name)
}

func (c *check) apisixGlobalRule(o, old *apiv2.ApisixGlobalRule) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixGlobalRule) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	c.plugins(o.Spec.Plugins, field.NewPath("spec", "plugins"), false)
	snap := c.snapshotOf(o, classes)
	// The other ApisixGlobalRules: a plugin is global in one of them only.
	others, err := c.v.store.ApisixGlobalRules(c.ctx)
	if err != nil {
		c.lookupFailed("ApisixGlobalRules", err)
	}
	for _, g := range others {
		if g.Namespace != o.Namespace || g.Name != o.Name {
			snap.ApisixGlobalRules = append(snap.ApisixGlobalRules, g)
		}
	}
	asNewest(snap, o)
	c.crdTranslate(snap, apiv2.KindApisixGlobalRule, o.Namespace, o.Name)
}

func (c *check) apisixConsumer(o, old *apiv2.ApisixConsumer) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixConsumer) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	snap := c.snapshotOf(o, classes)
	c.crdTranslate(snap, apiv2.KindApisixConsumer, o.Namespace, o.Name)
}

func (c *check) apisixTls(o, old *apiv2.ApisixTls) {
	classes, ok := c.crdStart(o.Spec.IngressClassName, classOf(old, func(x *apiv2.ApisixTls) string { return x.Spec.IngressClassName }))
	if !ok {
		return
	}
	snap := c.snapshotOf(o, classes)
	c.neighbours(snap, translator.ObjectRef{Kind: apiv2.KindApisixTls, Namespace: o.Namespace, Name: o.Name}, translator.ApisixTlsHostKeys(o))
	asNewest(snap, o)
	c.crdTranslate(snap, apiv2.KindApisixTls, o.Namespace, o.Name)
}
