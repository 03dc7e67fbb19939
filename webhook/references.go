package webhook

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// snapshotOf returns the snapshot an admission translates: obj, what
// translator.References says its translation looks up (transitively, see
// translator.Collect), and the IngressClasses. Secrets and ConfigMaps are
// never read at admission (translator.Options.SkipSecretContents), and a
// Service comes without its endpoints (admission checks ports, not nodes).
// A failed lookup is a "not checked" warning; the reference is then left to
// the translation, which reports it as unresolved.
func (c *check) snapshotOf(obj any, classes []*networkingv1.IngressClass) *translator.Snapshot {
	snap, _ := translator.Collect(obj, classes, c.find)
	return snap
}

// find is the translator.Finder of the admission's store.
func (c *check) find(ref translator.ObjectRef) ([]any, error) {
	var out []any
	var err error
	switch ref.Kind {
	case translator.KindService:
		o, e := c.v.store.Service(c.ctx, ref.Namespace, ref.Name)
		if err = e; o != nil {
			out = append(out, o)
		}
	case translator.KindApisixUpstream:
		o, e := c.v.store.ApisixUpstream(c.ctx, ref.Namespace, ref.Name)
		if err = e; o != nil {
			out = append(out, o)
		}
	case translator.KindApisixPluginConfig:
		o, e := c.v.store.ApisixPluginConfig(c.ctx, ref.Namespace, ref.Name)
		if err = e; o != nil {
			out = append(out, o)
		}
	case translator.KindReferenceGrant:
		if ref.Name != translator.AllReferenceGrants {
			o, e := c.v.store.Object(c.ctx, ref)
			if err = e; o != nil {
				out = append(out, o)
			}
			break
		}
		gs, e := c.v.store.ReferenceGrants(c.ctx, ref.Namespace)
		err = e
		for _, g := range gs {
			out = append(out, g)
		}
	case translator.KindNamespace:
		// Only its labels matter (listeners' namespace selectors); a
		// namespace without labels is unknown to the store (the API server
		// labels every namespace with its name).
		labels, e := c.v.store.NamespaceLabels(c.ctx, ref.Name)
		if err = e; labels != nil {
			out = append(out, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ref.Name, Labels: labels}})
		}
	case translator.KindGatewayClass, translator.KindGateway:
		o, e := c.v.store.Object(c.ctx, ref)
		if err = e; o != nil {
			out = append(out, o)
		}
	}
	if err != nil {
		c.lookupFailed(ref.String(), err)
	}
	return out, nil
}
