package translator

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// maxWeightedUpstreams is traffic-split's limit of weighted_upstreams in a rule.
const maxWeightedUpstreams = 20

// routeBuilder translates one ApisixRoute.
type routeBuilder struct {
	t  *translation
	st *crdState
	ar *apiv2.ApisixRoute
	e  *emitter
	// digest is the ApisixRoute's part of its routes' and upstreams' ids.
	digest sourceDigest
	// upstreams are the upstreams emitted so far: rules that send to the
	// same Service port share one (a list: an object has only a few).
	upstreams []crdUpstream
	// warnedUpstreams avoids repeating a warning about a broken ApisixUpstream.
	warnedUpstreams map[ObjectRef]bool
}

// apisixRoute translates an ApisixRoute: each HTTP rule becomes a route,
// each stream rule a stream route, and each backend (a Service port, or a
// referenced ApisixUpstream) an upstream owned by the ApisixRoute.
//
// A rule whose plugins cannot all be resolved (a plugin Secret or the
// ApisixPluginConfig is missing) is not served: its route is withheld while
// the rest of the object is emitted, and the NotFound error names the field.
func (t *translation) apisixRoute(st *crdState, ar *apiv2.ApisixRoute) {
	ref := ObjectRef{Kind: kindApisixRoute, Namespace: ar.Namespace, Name: ar.Name}
	b := &routeBuilder{t: t, st: st, ar: ar, e: t.newEmitter(ref, ar.Generation), digest: digestOf(ar.Namespace, ar.Name)}
	// Room for a route and an upstream per rule, the most common shape.
	b.e.objects = make([]apisix.Object, 0, 2*(len(ar.Spec.HTTP)+len(ar.Spec.Stream)))
	if len(ar.Spec.HTTP) == 0 && len(ar.Spec.Stream) == 0 {
		b.e.err(field.Required(field.NewPath("spec", "http"), "at least one of http or stream is required"))
	}
	t.routeConflicts(ar, b.e)
	for i := range ar.Spec.HTTP {
		rule := &ar.Spec.HTTP[i]
		fp := st.rulePath("http", i)
		if slices.ContainsFunc(ar.Spec.HTTP[:i], func(r apiv2.ApisixRouteHTTP) bool { return r.Name == rule.Name }) {
			b.e.err(field.Duplicate(fp.Child("name"), rule.Name))
			continue
		}
		b.httpRule(rule, fp)
	}
	for i := range ar.Spec.Stream {
		rule := &ar.Spec.Stream[i]
		fp := st.rulePath("stream", i)
		if slices.ContainsFunc(ar.Spec.Stream[:i], func(r apiv2.ApisixRouteStream) bool { return r.Name == rule.Name }) {
			b.e.err(field.Duplicate(fp.Child("name"), rule.Name))
			continue
		}
		b.streamRule(rule, fp)
	}
	t.commit(b.e)
}

// httpRule translates one HTTP rule into a route.
func (b *routeBuilder) httpRule(rule *apiv2.ApisixRouteHTTP, fp *field.Path) {
	ns, name := b.ar.Namespace, b.ar.Name
	r := &apisix.Route{Labels: b.e.labels, Priority: rule.Priority, EnableWebsocket: rule.Websocket}
	child := [...]string{rule.Name}
	r.ID, r.Name = childIDName(tagApisixRoute, "r", &b.digest, child[:], ns, name, rule.Name)
	matched := b.match(r, &rule.Match, fp)
	if rule.Timeout != nil {
		r.Timeout = timeoutSeconds(b.e, rule.Timeout, fp.Child("timeout"))
	}
	plugins, complete := b.t.rulePlugins(b.e, ns, rule.Plugins, lazyPath{fp, "plugins", -1})
	r.Plugins = plugins
	b.authentication(r, rule.Authentication, fp)
	pcID, pcOK := b.t.pluginConfigRef(b.st, b.e, ns, rule, fp)
	r.PluginConfigID = pcID
	if !complete || !pcOK {
		b.e.warn(fp, "this rule is not served until its plugins' references resolve: it would run without some of its plugins")
	}
	if !b.targets(r, rule, fp) || !matched || !complete || !pcOK {
		return
	}
	b.e.add(r)
}

// targets sets the route's upstream and, with several backends, the
// traffic-split that weighs them: the first backend (else the first
// referenced ApisixUpstream) is the route's own upstream, the others are
// weighted_upstreams next to it. Weights default to 100.
func (b *routeBuilder) targets(r *apisix.Route, rule *apiv2.ApisixRouteHTTP, fp *field.Path) bool {
	n := len(rule.Backends) + len(rule.Upstreams)
	if n == 0 {
		b.e.err(field.Required(fp.Child("backends"), "one of backends or upstreams is required"))
		return false
	}
	if n > maxWeightedUpstreams {
		b.e.err(field.TooMany(fp.Child("backends"), n, maxWeightedUpstreams))
		return false
	}
	var split []apisix.WeightedUpstream
	if n > 1 {
		split = make([]apisix.WeightedUpstream, 0, n)
	}
	add := func(up *apisix.Upstream, weight *int) {
		w := apiv2.WeightOr(weight)
		if r.UpstreamID == "" {
			r.UpstreamID = up.ID
			if split != nil {
				split = append(split, apisix.WeightedUpstream{Weight: apisix.Ptr(w)})
			}
			return
		}
		split = append(split, apisix.WeightedUpstream{UpstreamID: up.ID, Weight: apisix.Ptr(w)})
	}
	for j := range rule.Backends {
		be := &rule.Backends[j]
		up := b.backendUpstream(be.ServiceName, be.ServicePort, be.ResolveGranularity, be.Subset, "", lazyPath{fp, "backends", j})
		if up == nil {
			return false
		}
		add(up, be.Weight)
	}
	for j, ref := range rule.Upstreams {
		up := b.referencedUpstream(ref.Name, fp.Child("upstreams").Index(j))
		if up == nil {
			return false
		}
		add(up, ref.Weight)
	}
	if split == nil {
		return true
	}
	if _, user := r.Plugins["traffic-split"]; user {
		b.e.err(field.Invalid(fp.Child("plugins"), "traffic-split", "the rule's weighted backends are sent through traffic-split; configure weights in backends instead of this plugin"))
		return false
	}
	r.Plugins = ownPlugins(r.Plugins)
	setPlugin(&r.Plugins, "traffic-split", &apisix.TrafficSplit{Rules: []apisix.TrafficSplitRule{{WeightedUpstreams: split}}})
	return true
}

// noteBrokenUpstream warns once that an ApisixUpstream in use has errors.
func (b *routeBuilder) noteBrokenUpstream(c *compiledUpstream, at lazyPath) {
	if !c.failed || b.warnedUpstreams[c.ref] {
		return
	}
	if b.warnedUpstreams == nil {
		b.warnedUpstreams = map[ObjectRef]bool{}
	}
	b.warnedUpstreams[c.ref] = true
	b.e.warn(at.path(), fmt.Sprintf("%s has errors (see its status); the settings with errors are not applied", c.ref))
}
