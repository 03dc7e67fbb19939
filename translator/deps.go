package translator

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// Every lookup of another object goes through these accessors, which record
// (in t.deps) that the source being translated read it, found or not: a
// change to that object, or its creation, re-translates the source (see
// Translator.Update).

// anyClass is the dependency key of a scan of every IngressClass (for the
// cluster's default class).
var anyClass = ObjectRef{Kind: KindIngressClass, Name: "*"}

func (t *translation) use(kind, ns, name string) {
	if t.deps != nil {
		*t.deps = append(*t.deps, ObjectRef{Kind: kind, Namespace: ns, Name: name})
	}
}

// service returns the Service ns/name and its EndpointSlices.
func (t *translation) service(ns, name string) (*corev1.Service, []*discoveryv1.EndpointSlice, bool) {
	t.use(KindService, ns, name)
	return t.ix.service(ns, name)
}

func (t *translation) secret(ns, name string) (*corev1.Secret, bool) {
	t.use(KindSecret, ns, name)
	o, ok := t.ix.secrets[nsName{ns, name}]
	return o, ok
}

func (t *translation) ingressClass(name string) (*networkingv1.IngressClass, bool) {
	t.use(KindIngressClass, "", name)
	o, ok := t.ix.classes[name]
	return o, ok
}

// defaultClass returns the IngressClass marked as the cluster's default
// (the first by name when several are), or nil.
func (t *translation) defaultClass() *networkingv1.IngressClass {
	t.use(anyClass.Kind, "", anyClass.Name)
	var names []string
	for n, c := range t.ix.classes {
		if annotations.IsDefaultClass(c.Annotations) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return t.ix.classes[slices.Min(names)]
}

func (t *translation) apisixUpstreamObject(ns, name string) (*apiv2.ApisixUpstream, bool) {
	t.use(KindApisixUpstream, ns, name)
	o, ok := t.ix.apisixUpstreams[nsName{ns, name}]
	return o, ok
}

func (t *translation) apisixPluginConfigObject(ns, name string) (*apiv2.ApisixPluginConfig, bool) {
	t.use(KindApisixPluginConfig, ns, name)
	o, ok := t.ix.pluginConfigs[nsName{ns, name}]
	return o, ok
}

func (t *translation) pod(ns, name string) (*corev1.Pod, bool) {
	t.use(KindPod, ns, name)
	o, ok := t.ix.pods[nsName{ns, name}]
	return o, ok
}

func (t *translation) configMap(ns, name string) (*corev1.ConfigMap, bool) {
	t.use(KindConfigMap, ns, name)
	o, ok := t.ix.configMaps[nsName{ns, name}]
	return o, ok
}
