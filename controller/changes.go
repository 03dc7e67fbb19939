package controller

import (
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// feed keeps the translator up to date with the cluster: each snapshot is
// compared with the one before by resource version, and only the objects
// created, updated or deleted since are given to the Translator, which
// translates again only what they affect.
type feed struct {
	opts translator.Options
	tr   *translator.Translator
	seen map[translator.ObjectRef]string // resource version (and uid) of every object given
}

// update gives the Translator what changed in snap and returns what changed
// in the translation (see translator.Change); result returns the whole
// translation. An object given to the Translator is a copy of its own (the
// Translator keeps it), so that it does not keep the whole list it came
// from.
func (f *feed) update(snap *translator.Snapshot) *translator.Change {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
		f.seen = map[translator.ObjectRef]string{}
	}
	set := &translator.Snapshot{}
	now := make(map[translator.ObjectRef]string, len(f.seen))
	visit := func(kind string, o metav1.Object, add func()) {
		ref := translator.ObjectRef{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}
		v := string(o.GetUID()) + "/" + o.GetResourceVersion()
		now[ref] = v
		if prev, ok := f.seen[ref]; !ok || prev != v || o.GetResourceVersion() == "" {
			add()
		}
	}
	for _, o := range snap.Ingresses {
		visit(translator.KindIngress, o, func() { c := *o; set.Ingresses = append(set.Ingresses, &c) })
	}
	for _, o := range snap.IngressClasses {
		visit(translator.KindIngressClass, o, func() { c := *o; set.IngressClasses = append(set.IngressClasses, &c) })
	}
	for _, o := range snap.Services {
		visit(translator.KindService, o, func() { c := *o; set.Services = append(set.Services, &c) })
	}
	for _, o := range snap.EndpointSlices {
		visit(translator.KindEndpointSlice, o, func() { c := *o; set.EndpointSlices = append(set.EndpointSlices, &c) })
	}
	for _, o := range snap.Secrets {
		visit(translator.KindSecret, o, func() { c := *o; set.Secrets = append(set.Secrets, &c) })
	}
	for _, o := range snap.Pods {
		visit(translator.KindPod, o, func() { c := *o; set.Pods = append(set.Pods, &c) })
	}
	for _, o := range snap.ConfigMaps {
		visit(translator.KindConfigMap, o, func() { c := *o; set.ConfigMaps = append(set.ConfigMaps, &c) })
	}
	for _, o := range snap.ApisixRoutes {
		visit(translator.KindApisixRoute, o, func() { c := *o; set.ApisixRoutes = append(set.ApisixRoutes, &c) })
	}
	for _, o := range snap.ApisixUpstreams {
		visit(translator.KindApisixUpstream, o, func() { c := *o; set.ApisixUpstreams = append(set.ApisixUpstreams, &c) })
	}
	for _, o := range snap.ApisixTlses {
		visit(translator.KindApisixTls, o, func() { c := *o; set.ApisixTlses = append(set.ApisixTlses, &c) })
	}
	for _, o := range snap.ApisixPluginConfigs {
		visit(translator.KindApisixPluginConfig, o, func() { c := *o; set.ApisixPluginConfigs = append(set.ApisixPluginConfigs, &c) })
	}
	for _, o := range snap.ApisixConsumers {
		visit(translator.KindApisixConsumer, o, func() { c := *o; set.ApisixConsumers = append(set.ApisixConsumers, &c) })
	}
	for _, o := range snap.ApisixGlobalRules {
		visit(translator.KindApisixGlobalRule, o, func() { c := *o; set.ApisixGlobalRules = append(set.ApisixGlobalRules, &c) })
	}
	f.updateGatewayAPI(snap, set, visit)
	var deleted []translator.ObjectRef
	for ref := range f.seen {
		if _, ok := now[ref]; !ok {
			deleted = append(deleted, ref)
		}
	}
	slices.SortFunc(deleted, func(a, b translator.ObjectRef) int {
		return slices.Compare([]string{a.Kind, a.Namespace, a.Name}, []string{b.Kind, b.Namespace, b.Name})
	})
	f.seen = now
	return f.tr.Apply(set, deleted)
}

// result returns the translation of every snapshot given so far; its work
// grows with the size of the translation.
func (f *feed) result() *translator.Result {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
		f.seen = map[translator.ObjectRef]string{}
	}
	return f.tr.Result()
}

// reset makes the next update a full translation.
func (f *feed) reset() { f.tr, f.seen = nil, nil }

// updateGatewayAPI adds the Gateway API kinds (and the Namespaces their
// listeners select routes by) that changed in snap to set, as update does
// for the other kinds.
func (f *feed) updateGatewayAPI(snap, set *translator.Snapshot, visit func(string, metav1.Object, func())) {
	for _, o := range snap.GatewayClasses {
		visit(translator.KindGatewayClass, o, func() { c := *o; set.GatewayClasses = append(set.GatewayClasses, &c) })
	}
	for _, o := range snap.Gateways {
		visit(translator.KindGateway, o, func() { c := *o; set.Gateways = append(set.Gateways, &c) })
	}
	for _, o := range snap.HTTPRoutes {
		visit(translator.KindHTTPRoute, o, func() { c := *o; set.HTTPRoutes = append(set.HTTPRoutes, &c) })
	}
	for _, o := range snap.GRPCRoutes {
		visit(translator.KindGRPCRoute, o, func() { c := *o; set.GRPCRoutes = append(set.GRPCRoutes, &c) })
	}
	for _, o := range snap.TLSRoutes {
		visit(translator.KindTLSRoute, o, func() { c := *o; set.TLSRoutes = append(set.TLSRoutes, &c) })
	}
	for _, o := range snap.TCPRoutes {
		visit(translator.KindTCPRoute, o, func() { c := *o; set.TCPRoutes = append(set.TCPRoutes, &c) })
	}
	for _, o := range snap.UDPRoutes {
		visit(translator.KindUDPRoute, o, func() { c := *o; set.UDPRoutes = append(set.UDPRoutes, &c) })
	}
	for _, o := range snap.ReferenceGrants {
		visit(translator.KindReferenceGrant, o, func() { c := *o; set.ReferenceGrants = append(set.ReferenceGrants, &c) })
	}
	for _, o := range snap.Namespaces {
		visit(translator.KindNamespace, o, func() { c := *o; set.Namespaces = append(set.Namespaces, &c) })
	}
}
