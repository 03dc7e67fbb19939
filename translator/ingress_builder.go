package translator

import (
	"fmt"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ingressBuilder translates one Ingress.
type ingressBuilder struct {
	t  *translation
	st *ingressState
	p  *parsedIngress
	e  *emitter
	// digest is the Ingress's part of its routes' and upstreams' ids.
	digest sourceDigest

	upstreams []builtUpstream // this Ingress's upstreams (few; searched in order)
	tlsHosts  map[string]bool // hosts with a certificate in spec.tls
	hosts     []string        // hosts of the rules, in order, without duplicates
	rootHosts []string        // hosts that have a path covering "/"

	base           apisix.Plugins // plugins shared by every route of the Ingress
	hostLists      [][]string     // route host lists, first element the rule host
	pluginConfigID string         // k8s.apisix.apache.org/plugin-config-name, when it resolves
}

// path translates one spec.rules[].http.paths[] entry into a route.
func (b *ingressBuilder) path(host string, p *networkingv1.HTTPIngressPath, fp fieldRef) {
	b.noteHost(host)
	pt := networkingv1.PathTypeImplementationSpecific
	if p.PathType != nil {
		pt = *p.PathType
	}
	key := lowerHostPathKey(strings.ToLower(host), p.Path, pt)
	if prev, ok := b.st.claimed(key); ok && prev.owner.ing != b.p.ing {
		ferr := field.Invalid(fp.fp().Child("path"), p.Path, fmt.Sprintf("host %q already serves this path in %s; remove it from one of them", host, prev.owner.ref()))
		b.e.err(ferr)
		b.t.ingressPathConflict(b.e, prev.owner, b.p, key, ferr)
		return
	}
	if b.st.regexHosts[host] && !usesRegex(b.p.cfg) {
		b.e.warn(fp.fp().Child("path"), fmt.Sprintf("another Ingress sets use-regex or rewrite-target on host %q, so this path is a case-insensitive prefix regex, as in ingress-nginx", host))
	}
	m, ferr := matchFor(p.Path, pt, b.st.regexHosts[host] || b.t.lostRegex(b.p), fp)
	if ferr != nil {
		b.e.err(b.t.regexPathError(b.e, host, b.p, ferr))
		return
	}
	if key.path == "/" && pt != networkingv1.PathTypeExact {
		if !slices.Contains(b.rootHosts, host) {
			b.rootHosts = append(b.rootHosts, host)
		}
	}
	up := b.backendUpstream(&p.Backend, fp.child("backend"))
	if up == nil {
		return
	}
	r := b.newRoute(host, string(pt), p.Path)
	applyMatch(r, m)
	r.UpstreamID = up.ID
	b.routePlugins(r, host, p.Path)
	b.e.add(r)
	b.st.claim(key, claimedPath{owner: b.p, route: r})
}

func (b *ingressBuilder) noteHost(host string) {
	for _, h := range b.hosts {
		if h == host {
			return
		}
	}
	b.hosts = append(b.hosts, host)
}

// newRoute returns a route with the Ingress's identity, hosts and the
// route-level settings of its annotations.
func (b *ingressBuilder) newRoute(host, kind, path string) *apisix.Route {
	ing := b.p.ing
	r := &apisix.Route{Labels: b.e.labels}
	child := [...]string{host, kind, path}
	r.ID, r.Name = childIDName(tagIngress, "r", &b.digest, child[:], ing.Namespace, ing.Name, host, path)
	if host != "" {
		r.Hosts = b.hostList(host)
	}
	ws := true // ingress-nginx proxies WebSocket upgrades without any annotation
	if b.p.cfg.Route.WebSocket != nil {
		ws = *b.p.cfg.Route.WebSocket
	}
	r.EnableWebsocket = ws
	r.Timeout = b.timeout()
	return r
}

// backendUpstream returns the upstream of an Ingress backend, creating it
// once per Service and port.
func (b *ingressBuilder) backendUpstream(be *networkingv1.IngressBackend, fp fieldRef) *apisix.Upstream {
	if be.Resource != nil {
		b.e.err(field.Invalid(fp.fp().Child("resource"), be.Resource.Kind+"/"+be.Resource.Name,
			"resource backends are not supported by APISIX; use a Service backend"))
		return nil
	}
	if be.Service == nil {
		b.e.err(field.Required(fp.fp().Child("service"), "a Service backend is required"))
		return nil
	}
	port := ServicePort(be.Service)
	ns := b.p.ing.Namespace
	if sn := b.p.cfg.Upstream.ServiceNamespace; sn != "" {
		ns = sn // k8s.apisix.apache.org/svc-namespace
	}
	portName := port.String()
	for _, u := range b.upstreams {
		if u.service == be.Service.Name && u.port == portName {
			return u.up
		}
	}
	target := serviceTarget{namespace: ns, name: be.Service.Name, port: port, viaClusterIP: b.p.cfg.Upstream.ServiceUpstream}
	res, rerr := b.t.resolve(target)
	if rerr != nil {
		b.e.err(rerr.at(fp.child("service").fp()))
	} else if len(res.nodes) == 0 && b.p.cfg.Route.DefaultBackend != "" {
		res.nodes = b.fallbackNodes(ns, be.Service.Name)
	}
	parts := [...]string{ns, b.p.ing.Name, be.Service.Name, portName}
	child := [...]string{ns, be.Service.Name, portName}
	up := &apisix.Upstream{Labels: b.e.labels, Nodes: res.nodes}
	up.ID, up.Name = childIDName(tagIngress, "u", &b.digest, child[:], parts[:]...)
	if up.Nodes == nil {
		up.Nodes = apisix.Nodes{}
	}
	b.upstreamSettings(up, res)
	b.upstreams = append(b.upstreams, builtUpstream{service: be.Service.Name, port: portName, up: up})
	b.e.add(up)
	return up
}

// fallbackNodes are the nodes of the default-backend annotation's Service
// (the endpoints of its first port), which answer for a Service without
// ready endpoints, as in ingress-nginx; nil when it has none either. The
// controller translates again when endpoints change, so the Service's own
// endpoints take over again as soon as one is ready.
func (b *ingressBuilder) fallbackNodes(ns, service string) apisix.Nodes {
	name := b.p.cfg.Route.DefaultBackend
	svc, slices, ok := b.t.service(b.p.ing.Namespace, name)
	if !ok {
		// Admission sees no Services but those of the Ingress's paths.
		if !b.t.opts.SkipSecretContents {
			b.e.warn(annPath("default-backend"), fmt.Sprintf("Service %s/%s not found, so nothing answers while Service %s/%s has no ready endpoints", b.p.ing.Namespace, name, ns, service))
		}
		return nil
	}
	if len(svc.Spec.Ports) == 0 {
		return nil
	}
	nodes := b.t.endpointNodes(slices, &svc.Spec.Ports[0], nil)
	if len(nodes) > 0 {
		b.e.info(annPath("default-backend"), fmt.Sprintf("Service %s/%s has no ready endpoints; Service %s/%s answers instead", ns, service, b.p.ing.Namespace, name))
	}
	return nodes
}

// builtUpstream is an upstream of the Ingress being translated, by the
// Service and port that (with the Ingress) make its id.
type builtUpstream struct {
	service, port string
	up            *apisix.Upstream
}

// defaultBackend serves the requests of this Ingress's hosts that match no
// path: "/" on each host of this Ingress that has no root path, as
// ingress-nginx makes it the root location of the hosts whose server this
// Ingress creates (the oldest Ingress of the host). Only an Ingress without
// rules provides the catch-all for every host.
func (b *ingressBuilder) defaultBackend(be *networkingv1.IngressBackend, fp fieldRef) {
	up := b.backendUpstream(be, fp)
	if up == nil {
		return
	}
	hosts := b.hosts
	if len(b.p.ing.Spec.Rules) == 0 {
		hosts = []string{""}
	}
	for _, h := range hosts {
		if h != "" && slices.Contains(b.rootHosts, h) {
			continue
		}
		if h == "" && len(b.p.ing.Spec.Rules) > 0 {
			// A rule without a host is served by the catch-all server,
			// whose default belongs to an Ingress without rules.
			continue
		}
		if owner := b.st.hostOwner(strings.ToLower(h)); h != "" && owner != nil && owner != b.p {
			b.e.warn(fp.fp(), fmt.Sprintf("host %q is first defined by the older %s, whose default for unmatched paths applies; this one is not used there", h, owner.ref()))
			continue
		}
		key := pathKey{host: h, path: "*", pathType: "default"}
		if prev, ok := b.st.claimed(key); ok && prev.owner.ref() != b.e.ref {
			b.e.warn(fp.fp(), fmt.Sprintf("the default backend for host %q is already set by %s; this one is not used", h, prev.owner.ref()))
			continue
		}
		r := b.newRoute(h, "default", "/")
		r.URI = "/*"
		r.Priority = -1
		r.UpstreamID = up.ID
		b.routePlugins(r, h, "/")
		b.e.add(r)
		b.st.claim(key, claimedPath{owner: b.p, route: r})
	}
}

// hostList is the route hosts of a rule host (with the host's server
// aliases, whichever Ingress of the host set them), shared by the routes of
// that host.
func (b *ingressBuilder) hostList(host string) []string {
	for _, l := range b.hostLists {
		if l[0] == host {
			return l
		}
	}
	aliases := b.st.aliases[host].names
	l := make([]string, 0, 1+len(aliases))
	l = append(l, host)
	l = append(l, aliases...)
	b.hostLists = append(b.hostLists, l)
	return l
}
