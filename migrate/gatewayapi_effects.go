package migrate

import (
	"bytes"
	"encoding/json"
	"sort"

	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// What an annotation can change besides a route's plugins.
const (
	effMatch     = "match"     // the route's uri, vars, hosts or methods
	effRoute     = "route"     // a whole route (app-root, from-to-www-redirect)
	effTimeout   = "timeout"   // the route's timeouts
	effWebsocket = "websocket" // the route's enable_websocket
	effUpstream  = "upstream"  // the upstream's settings
	effTLS       = "tls"       // an SSL object (client certificates)
	effConsumer  = "consumer"  // Consumers (basic-auth users)
	effStream    = "stream"    // stream routes (ssl-passthrough)
)

// effect is one thing an annotation changes in the translation: a plugin
// of a route, or one of the eff* parts of a route (route "" for the parts
// that belong to no route).
type effect struct {
	route  string
	what   string
	plugin bool
	// fields are the upstream's fields that differ (effUpstream).
	fields []string
	// shared is the annotation group whose keys have this effect together
	// ("" for the annotation's own effect).
	shared string
}

// upstreamDiff lists the fields that differ between two upstreams.
func upstreamDiff(a, b map[string]json.RawMessage) []string {
	var out []string
	for _, k := range unionKeys(a, b) {
		if !jsonEqual(a[k], b[k]) {
			out = append(out, k)
		}
	}
	return out
}

func unionKeys(a, b map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]json.RawMessage{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// hostGroups splits Ingresses into groups that translate independently:
// Ingresses that share a host (a canary and its primary, use-regex on a
// host) are in one group. Groups and their members keep the input order.
func hostGroups(order []translator.ObjectRef, ings map[translator.ObjectRef]*networkingv1.Ingress) [][]translator.ObjectRef {
	parent := make([]int, len(order))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byHost := map[string]int{}
	for i, ref := range order {
		for _, h := range ingressHosts(ings[ref]) {
			if j, ok := byHost[h]; ok {
				a, b := find(i), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b)
				}
				continue
			}
			byHost[h] = i
		}
	}
	idx := map[int]int{}
	var out [][]translator.ObjectRef
	for i, ref := range order {
		root := find(i)
		g, ok := idx[root]
		if !ok {
			g = len(out)
			idx[root] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], ref)
	}
	return out
}

// refIndex finds the objects of the input a translation looks up by
// name (see translator.References), so that a group is translated with
// what it reads rather than with the whole input.
type refIndex map[translator.ObjectRef][]any

func (r *run) newRefIndex() refIndex {
	ix := refIndex{}
	s := r.dec.Snapshot
	add := func(kind, ns, name string, o any) {
		ref := translator.ObjectRef{Kind: kind, Namespace: ns, Name: name}
		ix[ref] = append(ix[ref], o)
	}
	for _, o := range s.Services {
		add(translator.KindService, o.Namespace, o.Name, o)
	}
	for _, o := range s.EndpointSlices { // found with their Service
		add(translator.KindService, o.Namespace, o.Labels[discoveryv1.LabelServiceName], o)
	}
	for _, o := range s.Secrets {
		add(translator.KindSecret, o.Namespace, o.Name, o)
	}
	for _, o := range s.ConfigMaps {
		add(translator.KindConfigMap, o.Namespace, o.Name, o)
	}
	for _, o := range s.ApisixUpstreams {
		add(translator.KindApisixUpstream, o.Namespace, o.Name, o)
	}
	for _, o := range s.ApisixPluginConfigs {
		add(translator.KindApisixPluginConfig, o.Namespace, o.Name, o)
	}
	return ix
}

// referenced is what the Ingresses of a group look up, with the input's
// IngressClasses other than ingress-nginx's (so that its classes can be
// taken over) and the Pods (read for ApisixUpstream subsets).
func (r *run) referenced(group []translator.ObjectRef, ix refIndex) *translator.Snapshot {
	s := &translator.Snapshot{Pods: r.dec.Snapshot.Pods}
	for _, c := range r.dec.Snapshot.IngressClasses {
		if !r.isNginxClass(c) {
			s.IngressClasses = append(s.IngressClasses, c)
		}
	}
	seen := map[translator.ObjectRef]bool{}
	find := func(ref translator.ObjectRef) ([]any, error) {
		if seen[ref] {
			return nil, nil
		}
		seen[ref] = true
		return ix[ref], nil
	}
	for _, ref := range group {
		c, _ := translator.Collect(r.nginx[ref], nil, find) // find never fails
		c.Ingresses = nil
		s.Merge(c)
	}
	return s
}

// groupSnapshot is the referenced objects with the Ingresses of the group,
// the annotations of one of them replaced.
func (r *run) groupSnapshot(refs *translator.Snapshot, group []translator.ObjectRef, ablate translator.ObjectRef, ann map[string]string) *translator.Snapshot {
	s := *refs
	s.Ingresses = make([]*networkingv1.Ingress, 0, len(group))
	for _, ref := range group {
		ing := r.nginx[ref]
		if ref == ablate {
			cp := *ing
			cp.Annotations = ann
			ing = &cp
		}
		s.Ingresses = append(s.Ingresses, ing)
	}
	return &s
}

// groupEffects translates a group and, for each annotation of each of its
// Ingresses, the group without that annotation: the differences are what
// the annotation does. It returns the group's translation and the effects
// by Ingress and key.
func (r *run) groupEffects(group []translator.ObjectRef, ix refIndex) (*translator.Result, map[translator.ObjectRef]map[string][]effect) {
	refs := r.referenced(group, ix)
	base := translator.Translate(r.groupSnapshot(refs, group, translator.ObjectRef{}, nil), r.topts)
	bi := indexState(base.State)
	out := map[translator.ObjectRef]map[string][]effect{}
	for _, ref := range group {
		ing := r.nginx[ref]
		out[ref] = map[string][]effect{}
		for _, k := range annotationKeys(ing.Annotations) {
			ann := make(map[string]string, len(ing.Annotations))
			for kk, v := range ing.Annotations {
				if kk != k {
					ann[kk] = v
				}
			}
			res := translator.Translate(r.groupSnapshot(refs, group, ref, ann), r.topts)
			effs := diffStates(bi, indexState(res.State))
			if len(effs) == 0 && r.servedKey(ref, k) {
				effs = r.groupKeyEffects(refs, group, ref, k, bi)
			}
			out[ref][k] = effs
		}
	}
	return base, out
}

// servedKey reports whether the report says an annotation is served
// (translated, possibly with a difference).
func (r *run) servedKey(ref translator.ObjectRef, key string) bool {
	for _, a := range r.reports[ref].Annotations {
		if a.Key == key {
			return a.Outcome == Translated || a.Outcome == Changed
		}
	}
	return false
}

// groupKeyEffects is the effect of an annotation that changes nothing on
// its own (its value is the default, or another key of its group has the
// same effect): the effect of removing it with the other annotations of
// its group (e.g. use-regex with rewrite-target, cors-allow-credentials
// with enable-cors). The effects are marked shared.
func (r *run) groupKeyEffects(refs *translator.Snapshot, group []translator.ObjectRef, ref translator.ObjectRef, key string, bi stateIndex) []effect {
	e, ok := annotations.Lookup(key)
	if !ok {
		return nil
	}
	ing := r.nginx[ref]
	ann := map[string]string{}
	removed := 0
	for k, v := range ing.Annotations {
		if o, ok := annotations.Lookup(k); ok && o.Group == e.Group && annotations.Ours(k) {
			removed++
			continue
		}
		ann[k] = v
	}
	if removed < 2 {
		return nil
	}
	res := translator.Translate(r.groupSnapshot(refs, group, ref, ann), r.topts)
	effs := diffStates(bi, indexState(res.State))
	for i := range effs {
		effs[i].shared = e.Group
	}
	return effs
}

// stateIndex holds a state's objects by id, as JSON without what is not
// configuration (labels, nodes, certificates).
type stateIndex struct {
	routes    map[string]*apisix.Route
	upstreams map[string]map[string]json.RawMessage
	ssls      map[string][]byte
	consumers []byte
	streams   []byte
}

func indexState(s *apisix.State) stateIndex {
	ix := stateIndex{routes: map[string]*apisix.Route{}, upstreams: map[string]map[string]json.RawMessage{}, ssls: map[string][]byte{}}
	for _, r := range s.Routes {
		ix.routes[r.ID] = r
	}
	for _, u := range s.Upstreams {
		cp := *u
		cp.Nodes, cp.Labels, cp.ID, cp.Name = nil, nil, "", ""
		var m map[string]json.RawMessage
		if json.Unmarshal(mustJSON(&cp), &m) != nil {
			panic("upstream is not an object")
		}
		ix.upstreams[u.ID] = m
	}
	for _, x := range s.SSLs {
		cp := *x
		cp.Cert, cp.Key, cp.Certs, cp.Keys, cp.Labels = "", "", nil, nil, nil
		ix.ssls[x.ID] = mustJSON(&cp)
	}
	ix.consumers = mustJSON(s.Consumers)
	ix.streams = mustJSON(s.StreamRoutes)
	return ix
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the APISIX types always marshal
	}
	return b
}

// diffStates lists what differs from base in a (the routes of base only:
// a route that exists only without the annotation is not its effect).
func diffStates(base, a stateIndex) []effect {
	var out []effect
	ids := make([]string, 0, len(base.routes))
	for id := range base.routes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		b := base.routes[id]
		o, ok := a.routes[id]
		if !ok {
			out = append(out, effect{route: id, what: effRoute})
			continue
		}
		if !bytes.Equal(mustJSON(matchOf(b)), mustJSON(matchOf(o))) {
			out = append(out, effect{route: id, what: effMatch})
		}
		if !bytes.Equal(mustJSON(b.Timeout), mustJSON(o.Timeout)) {
			out = append(out, effect{route: id, what: effTimeout})
		}
		if b.EnableWebsocket != o.EnableWebsocket {
			out = append(out, effect{route: id, what: effWebsocket})
		}
		if fields := upstreamDiff(base.upstreams[b.UpstreamID], a.upstreams[o.UpstreamID]); b.UpstreamID != o.UpstreamID || len(fields) > 0 {
			out = append(out, effect{route: id, what: effUpstream, fields: fields})
		}
		for _, name := range unionNames(b.Plugins, o.Plugins) {
			if !jsonEqual(b.Plugins[name], o.Plugins[name]) {
				out = append(out, effect{route: id, what: name, plugin: true})
			}
		}
	}
	if !sameMaps(base.ssls, a.ssls) {
		out = append(out, effect{what: effTLS})
	}
	if !bytes.Equal(base.consumers, a.consumers) {
		out = append(out, effect{what: effConsumer})
	}
	if !bytes.Equal(base.streams, a.streams) {
		out = append(out, effect{what: effStream})
	}
	return out
}

// routeMatchPart is what a route matches on.
type routeMatchPart struct {
	URI         string   `json:"uri,omitempty"`
	URIs        []string `json:"uris,omitempty"`
	Hosts       []string `json:"hosts,omitempty"`
	Methods     []string `json:"methods,omitempty"`
	Vars        []any    `json:"vars,omitempty"`
	RemoteAddrs []string `json:"remote_addrs,omitempty"`
	Priority    int      `json:"priority,omitempty"`
}

func matchOf(r *apisix.Route) routeMatchPart {
	return routeMatchPart{URI: r.URI, URIs: r.URIs, Hosts: r.Hosts, Methods: r.Methods, Vars: r.Vars, RemoteAddrs: r.RemoteAddrs, Priority: r.Priority}
}

func unionNames(a, b apisix.Plugins) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range []apisix.Plugins{a, b} {
		for n := range p {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

func jsonEqual(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(mustJSON(x), mustJSON(y))
}

func sameMaps(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
