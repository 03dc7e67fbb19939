package translator

import (
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Source kinds of the apisix.apache.org/v2 objects, as they appear in
// statuses and ownership labels.
const (
	kindApisixRoute        = "ApisixRoute"
	kindApisixUpstream     = "ApisixUpstream"
	kindApisixTls          = "ApisixTls"
	kindApisixPluginConfig = "ApisixPluginConfig"
	kindApisixConsumer     = "ApisixConsumer"
	kindApisixGlobalRule   = "ApisixGlobalRule"
)

// crdState is what the passes over the apisix.apache.org/v2 kinds share.
type crdState struct {
	// upstreams are the compiled ApisixUpstreams this controller owns, by
	// namespace and name (which is also the name of the Service they tune).
	upstreams map[nsName]*compiledUpstream
	// pluginConfigs records, for each owned ApisixPluginConfig, whether its
	// plugin_config was emitted.
	pluginConfigs map[nsName]bool
	// streams records which ApisixRoute serves each stream port and SNI.
	streams map[streamKey]streamClaim
	// httpPaths and streamPaths cache spec.http[i] and spec.stream[i],
	// which every ApisixRoute shares (a field.Path is never modified once
	// built).
	httpPaths, streamPaths []*field.Path
}

// rulePath returns the path spec.<section>[i].
func (st *crdState) rulePath(section string, i int) *field.Path {
	paths := &st.httpPaths
	if section == "stream" {
		paths = &st.streamPaths
	}
	for len(*paths) <= i {
		*paths = append(*paths, field.NewPath("spec", section).Index(len(*paths)))
	}
	return (*paths)[i]
}

// crds translates the apisix.apache.org/v2 kinds. ApisixPluginConfigs and
// ApisixUpstreams go first because ApisixRoutes use them; each object gets
// its own status, and a problem in one never withholds another's objects
// (an ApisixRoute only reports, as a warning, that an ApisixUpstream or
// ApisixPluginConfig it uses has errors).
//
// What each kind becomes, and who owns it:
//
//   - ApisixRoute: a route per HTTP rule, a stream route per stream rule,
//     and an upstream per distinct backend (Service, port, granularity,
//     subset) or referenced ApisixUpstream, all owned (labelled) by the
//     ApisixRoute, so deleting it removes exactly its objects. Several
//     backends are weighed with traffic-split, the first being the route's
//     own upstream.
//   - ApisixUpstream: nothing of its own; its settings are compiled once and
//     applied to the upstreams of the Service of the same name, its
//     externalNodes to the upstreams of rules that reference it.
//   - ApisixPluginConfig: a plugin_config (see apisixPluginConfig for why
//     not inlined). ApisixTls: an ssl. ApisixConsumer: a consumer.
//     ApisixGlobalRule: a global_rule whose id carries the ownership.
//
// Unresolved references (a Service, Secret, ApisixUpstream or
// ApisixPluginConfig that does not exist yet) are NotFound errors: the
// object's other APISIX objects are still emitted. Where serving without the
// reference would weaken security (a plugin's Secret, a plugin config, a
// consumer's credentials, a client CA), the one APISIX object that needs it
// is withheld instead of emitted without it (fail closed).
//
// An object whose spec.ingressClassName names a class that is not ours is
// skipped entirely; an empty class is ours.
func (t *translation) crds(st *crdState, w *crdWork) {
	for _, k := range w.pluginConfigs {
		delete(st.pluginConfigs, k)
		t.begin(ObjectRef{Kind: kindApisixPluginConfig, Namespace: k.ns, Name: k.name})
		if o := t.ix.pluginConfigs[k]; o != nil && t.ownsCRD(o.Spec.IngressClassName) {
			t.apisixPluginConfig(st, o)
		}
	}
	for _, k := range w.upstreams {
		delete(st.upstreams, k)
		t.begin(ObjectRef{Kind: kindApisixUpstream, Namespace: k.ns, Name: k.name})
		if o := t.ix.apisixUpstreams[k]; o != nil && t.ownsCRD(o.Spec.IngressClassName) {
			t.apisixUpstream(st, o)
		}
	}
	if w.streams {
		t.deps = nil
		st.streams = t.claimStreams()
	}
	for _, k := range w.routes {
		t.begin(ObjectRef{Kind: kindApisixRoute, Namespace: k.ns, Name: k.name})
		if o := t.ix.apisixRoutes[k]; o != nil && t.ownsCRD(o.Spec.IngressClassName) {
			t.apisixRoute(st, o)
		}
	}
	for _, k := range w.tlses {
		t.begin(ObjectRef{Kind: kindApisixTls, Namespace: k.ns, Name: k.name})
		if o := t.ix.apisixTlses[k]; o != nil && t.ownsCRD(o.Spec.IngressClassName) {
			t.apisixTls(o)
		}
	}
	for _, k := range w.consumers {
		t.begin(ObjectRef{Kind: kindApisixConsumer, Namespace: k.ns, Name: k.name})
		if o := t.ix.apisixConsumers[k]; o != nil && t.ownsCRD(o.Spec.IngressClassName) {
			t.apisixConsumer(o)
		}
	}
	if w.globalRules {
		t.apisixGlobalRules()
	}
	t.deps = nil
}

// crdWork is what an update translates again of the apisix.apache.org/v2
// kinds: objects by kind (whether or not they still exist), and whether the
// stream claims and the global rules are decided again.
type crdWork struct {
	pluginConfigs, upstreams, routes, tlses, consumers []nsName
	streams, globalRules                               bool
}

func newCRDState() *crdState {
	return &crdState{upstreams: map[nsName]*compiledUpstream{}, pluginConfigs: map[nsName]bool{}}
}

// ownsCRD reports whether an object with this spec.ingressClassName is
// ours: an empty class means ours, as in the APISIX ingress controller.
func (t *translation) ownsCRD(class string) bool {
	return class == "" || t.ownsClass(class)
}

// oldestFirst returns the objects sorted by creation time, then namespace
// and name, so that conflicts (a stream port, a global plugin) are resolved
// in favour of the object that was there first, whatever the snapshot order.
func oldestFirst[T metav1.Object](in []T) []T {
	out := make([]T, len(in))
	copy(out, in)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ta, tb := a.GetCreationTimestamp(), b.GetCreationTimestamp()
		if !ta.Equal(&tb) {
			return ta.Before(&tb)
		}
		if a.GetNamespace() != b.GetNamespace() {
			return a.GetNamespace() < b.GetNamespace()
		}
		return a.GetName() < b.GetName()
	})
	return out
}

// lazyPath is a field path built only when an error needs it: building
// paths for every rule, backend and plugin of a large snapshot would
// allocate more than the translation itself.
type lazyPath struct {
	parent *field.Path
	name   string
	index  int // -1: no index
}

// path materialises the field path.
func (l lazyPath) path() *field.Path {
	p := l.parent.Child(l.name)
	if l.index >= 0 {
		p = p.Index(l.index)
	}
	return p
}
