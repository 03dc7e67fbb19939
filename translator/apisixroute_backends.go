package translator

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// backendUpstream returns the upstream of a Service backend (protocol ""
// for HTTP, "TCP" or "UDP" for a stream rule), emitting it the first time
// the ApisixRoute uses that Service, port, granularity and subset. The
// ApisixUpstream of the same name as the Service, when there is one, tunes
// it. A missing Service or port is reported as NotFound and the upstream is
// still emitted, without nodes (APISIX answers 503), until it appears; nil
// means an error that withholds the object.
func (b *routeBuilder) backendUpstream(svc string, port intstr.IntOrString, granularity, subset, protocol string, at lazyPath) *apisix.Upstream {
	ns := b.ar.Namespace
	granularity = apiv2.ResolveGranularityOr(granularity)
	portName := port.String()
	key := upstreamKey{service: svc, port: portName, granularity: granularity, subset: subset, protocol: protocol}
	if up := b.upstream(key); up != nil {
		return up
	}
	b.t.use(KindApisixUpstream, ns, svc) // its compiled settings
	au := b.st.upstreams[nsName{ns, svc}]
	tg := crdTarget{ns: ns, svc: svc, port: port, clusterIP: granularity == apiv2.ResolveGranularityService}
	if granularity != apiv2.ResolveGranularityEndpoint && granularity != apiv2.ResolveGranularityService {
		b.e.err(field.NotSupported(at.path().Child("resolveGranularity"), granularity, []string{apiv2.ResolveGranularityEndpoint, apiv2.ResolveGranularityService}))
		return nil
	}
	if subset != "" {
		if tg.clusterIP {
			b.e.err(field.Invalid(at.path().Child("subset"), subset, "a subset selects pods, which resolveGranularity service bypasses; use resolveGranularity endpoint"))
			return nil
		}
		var ok bool
		if au != nil {
			tg.podLabels, ok = au.subsets[subset]
		}
		if !ok {
			b.e.err(field.NotFound(at.path().Child("subset"), fmt.Sprintf("subset %s in ApisixUpstream %s/%s", subset, ns, svc)))
			tg.podLabels = map[string]string{}
		}
	}
	res, ferr := b.t.resolveTarget(tg, at)
	if ferr != nil && ferr.Type != field.ErrorTypeNotFound {
		b.e.err(ferr)
		return nil
	}
	b.e.err(ferr)
	if subset != "" && len(tg.podLabels) == 0 {
		res.nodes = nil // an unknown subset selects nothing
	}
	parts := []string{ns, b.ar.Name, svc, portName}
	if subset != "" {
		parts = append(parts, subset)
	}
	if tg.clusterIP {
		parts = append(parts, granularity)
	}
	child := [...]string{ns, svc, portName, granularity, subset, protocol}
	up := &apisix.Upstream{Labels: b.e.labels, Type: apisix.UpstreamRoundRobin, Nodes: res.nodes, Scheme: res.scheme}
	up.ID, up.Name = childIDName(tagApisixRoute, "u", &b.digest, child[:], parts...)
	if protocol != "" {
		up.Scheme = strings.ToLower(protocol)
	}
	if au != nil {
		b.noteBrokenUpstream(au, at)
		au.settingsFor(res.port).apply(up, protocol != "")
	}
	b.addUpstream(key, up)
	return up
}

// referencedUpstream returns the upstream of an ApisixUpstream referenced in
// upstreams[]: its externalNodes with its settings. A missing (or not our)
// ApisixUpstream is NotFound, and the upstream is emitted without nodes.
func (b *routeBuilder) referencedUpstream(name string, fp *field.Path) *apisix.Upstream {
	ns := b.ar.Namespace
	key := upstreamKey{service: name, referenced: true}
	if up := b.upstream(key); up != nil {
		return up
	}
	up := &apisix.Upstream{
		ID:     makeID(tagApisixRoute, "u", ns, b.ar.Name, "ApisixUpstream", name),
		Name:   makeName(ns, b.ar.Name, name),
		Labels: b.e.labels,
		Type:   apisix.UpstreamRoundRobin,
	}
	b.t.use(KindApisixUpstream, ns, name) // its compiled settings
	au, ok := b.st.upstreams[nsName{ns, name}]
	switch {
	case !ok:
		what := fmt.Sprintf("ApisixUpstream %s/%s", ns, name)
		if o, ok := b.t.apisixUpstreamObject(ns, name); ok {
			what += fmt.Sprintf(" (it belongs to ingress class %q)", o.Spec.IngressClassName)
		}
		b.e.err(field.NotFound(fp.Child("name"), what))
	case au.external == nil:
		b.e.err(field.Invalid(fp.Child("name"), name, fmt.Sprintf("ApisixUpstream %s/%s has no externalNodes; to send to its Service, list the Service in backends", ns, name)))
		return nil
	default:
		b.noteBrokenUpstream(au, lazyPath{fp, "name", -1})
		up.Nodes = append(apisix.Nodes{}, au.external...)
		au.base.apply(up, false)
	}
	b.addUpstream(key, up)
	return up
}

// upstreamKey is what, with the ApisixRoute, makes an upstream's id: a
// Service backend's service, port, granularity, subset and protocol, or
// the name of a referenced ApisixUpstream. Looking upstreams up by key
// hashes an id only once per upstream.
type upstreamKey struct {
	service, port, granularity, subset, protocol string
	referenced                                   bool
}

// crdUpstream is an upstream emitted for the ApisixRoute, by key.
type crdUpstream struct {
	key upstreamKey
	up  *apisix.Upstream
}

// upstream returns the upstream with this key emitted earlier, or nil.
func (b *routeBuilder) upstream(k upstreamKey) *apisix.Upstream {
	for i := range b.upstreams {
		if b.upstreams[i].key == k {
			return b.upstreams[i].up
		}
	}
	return nil
}

func (b *routeBuilder) addUpstream(k upstreamKey, up *apisix.Upstream) {
	// Grown by one and then set (an append of the whole value costs more
	// while the garbage collector is marking).
	b.upstreams = append(b.upstreams, crdUpstream{})
	u := &b.upstreams[len(b.upstreams)-1]
	u.key, u.up = k, up
	b.e.add(up)
}
