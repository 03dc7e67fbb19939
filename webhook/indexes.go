package webhook

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// Field index names registered on the informer cache.
const (
	// IndexHostPath maps an Ingress or ApisixRoute to the host+path keys it
	// serves (see hostPathKey).
	IndexHostPath = "apisix-ingress.host-path"
	// IndexTLSHost maps an Ingress or ApisixTls to the lower-case hosts it
	// has a certificate for.
	IndexTLSHost = "apisix-ingress.tls-host"
)

// Match kinds of a host+path key: the APISIX URI match a path becomes, so
// that an Ingress and an ApisixRoute meet on the same key only when they
// would produce the same match.
const (
	matchExact   = "exact"   // uri "/a"
	matchSegment = "segment" // Ingress Prefix: uris "/a", "/a/*"
	matchPrefix  = "prefix"  // uri "/a*": ImplementationSpecific, ApisixRoute "/a*"
)

// hostPathKey is the index key of a host and a path match.
func hostPathKey(host, match, path string) string {
	return strings.ToLower(host) + " " + match + " " + path
}

// ingressPathKey is the key of one Ingress host+path.
func ingressPathKey(host, path string, pt *networkingv1.PathType) string {
	if path == "" {
		path = "/"
	}
	t := networkingv1.PathTypeImplementationSpecific
	if pt != nil {
		t = *pt
	}
	switch t {
	case networkingv1.PathTypeExact:
		return hostPathKey(host, matchExact, path)
	case networkingv1.PathTypePrefix:
		if trimmed := strings.TrimRight(path, "/"); trimmed != "" {
			path = trimmed
		} else {
			path = "/"
		}
		return hostPathKey(host, matchSegment, path)
	}
	return hostPathKey(host, matchPrefix, path)
}

// ingressHostPaths returns the keys of every host+path of an Ingress.
func ingressHostPaths(ing *networkingv1.Ingress) []string {
	var keys []string
	for _, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for _, p := range r.HTTP.Paths {
			keys = append(keys, ingressPathKey(r.Host, p.Path, p.PathType))
		}
	}
	return dedupe(keys)
}

// routePathKey is the key of one ApisixRoute host and path ("/a" or "/a*").
func routePathKey(host, path string) string {
	if p, ok := strings.CutSuffix(path, "*"); ok {
		return hostPathKey(host, matchPrefix, p)
	}
	return hostPathKey(host, matchExact, path)
}

// routeHostPaths returns the keys of the HTTP rules of an ApisixRoute that
// match on hosts and paths only: a rule that also matches methods, remote
// addresses, expressions or a filter function shares its path on purpose.
func routeHostPaths(ar *apiv2.ApisixRoute) []string {
	var keys []string
	for _, r := range ar.Spec.HTTP {
		m := r.Match
		if len(m.Methods) > 0 || len(m.RemoteAddrs) > 0 || len(m.Exprs) > 0 || m.FilterFunc != "" {
			continue
		}
		hosts := m.Hosts
		if len(hosts) == 0 {
			hosts = []string{""}
		}
		for _, h := range hosts {
			for _, p := range m.Paths {
				keys = append(keys, routePathKey(h, p))
			}
		}
	}
	return dedupe(keys)
}

// ingressTLSHosts returns the lower-case hosts of spec.tls entries that name
// a Secret.
func ingressTLSHosts(ing *networkingv1.Ingress) []string {
	var keys []string
	for _, t := range ing.Spec.TLS {
		if t.SecretName == "" {
			continue
		}
		for _, h := range t.Hosts {
			keys = append(keys, strings.ToLower(h))
		}
	}
	return dedupe(keys)
}

// apisixTLSHosts returns the lower-case hosts of an ApisixTls.
func apisixTLSHosts(t *apiv2.ApisixTls) []string {
	keys := make([]string, 0, len(t.Spec.Hosts))
	for _, h := range t.Spec.Hosts {
		keys = append(keys, strings.ToLower(string(h)))
	}
	return dedupe(keys)
}

// indexFuncs are the cache index functions, by object type and index name.
func indexFuncs() []indexFunc {
	return []indexFunc{
		{&networkingv1.Ingress{}, IndexHostPath, func(o client.Object) []string {
			if ing, ok := o.(*networkingv1.Ingress); ok {
				return ingressHostPaths(ing)
			}
			return nil
		}},
		{&networkingv1.Ingress{}, IndexTLSHost, func(o client.Object) []string {
			if ing, ok := o.(*networkingv1.Ingress); ok {
				return ingressTLSHosts(ing)
			}
			return nil
		}},
		{&apiv2.ApisixRoute{}, IndexHostPath, func(o client.Object) []string {
			if ar, ok := o.(*apiv2.ApisixRoute); ok {
				return routeHostPaths(ar)
			}
			return nil
		}},
		{&apiv2.ApisixTls{}, IndexTLSHost, func(o client.Object) []string {
			if t, ok := o.(*apiv2.ApisixTls); ok {
				return apisixTLSHosts(t)
			}
			return nil
		}},
	}
}

type indexFunc struct {
	obj  client.Object
	name string
	fn   client.IndexerFunc
}

func dedupe(keys []string) []string {
	if len(keys) < 2 {
		return keys
	}
	seen := make(map[string]bool, len(keys))
	out := keys[:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
