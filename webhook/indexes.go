package webhook

import (
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// IndexHost is the field index, registered on the informer cache, that maps
// an Ingress, ApisixRoute or ApisixTls to the hosts it can conflict on, in
// the translator's normal form (translator.HostKey): the objects an
// admission translates together with the object admitted (its neighbours).
const IndexHost = "apisix-ingress.host"

// hostKeys returns the index keys of an object, or nil for other kinds.
func hostKeys(o any) []string {
	switch o := o.(type) {
	case *networkingv1.Ingress:
		return translator.IngressHostKeys(o)
	case *apiv2.ApisixRoute:
		return translator.ApisixRouteHostKeys(o)
	case *apiv2.ApisixTls:
		return translator.ApisixTlsHostKeys(o)
	}
	return nil
}

// indexFuncs are the cache index functions, by object type and index name.
func indexFuncs() []indexFunc {
	fn := func(o client.Object) []string { return hostKeys(o) }
	return []indexFunc{
		{&networkingv1.Ingress{}, IndexHost, fn},
		{&apiv2.ApisixRoute{}, IndexHost, fn},
		{&apiv2.ApisixTls{}, IndexHost, fn},
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
