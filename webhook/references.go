package webhook

import (
	networkingv1 "k8s.io/api/networking/v1"

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
	case translator.KindGatewayClass, translator.KindGateway, translator.KindReferenceGrant:
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
