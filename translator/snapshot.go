package translator

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// Snapshot is the set of Kubernetes objects a translation reads. Objects are
// read, never modified.
type Snapshot struct {
	Ingresses      []*networkingv1.Ingress
	IngressClasses []*networkingv1.IngressClass
	Services       []*corev1.Service
	EndpointSlices []*discoveryv1.EndpointSlice
	Secrets        []*corev1.Secret
	// Pods are read only for ApisixUpstream subsets, which select a
	// Service's endpoints by pod labels (through the endpoints' targetRef).
	Pods []*corev1.Pod
	// ConfigMaps are read for the Ingress annotations that name one
	// (custom-headers, auth-proxy-set-headers).
	ConfigMaps []*corev1.ConfigMap

	ApisixRoutes        []*apiv2.ApisixRoute
	ApisixUpstreams     []*apiv2.ApisixUpstream
	ApisixTlses         []*apiv2.ApisixTls
	ApisixPluginConfigs []*apiv2.ApisixPluginConfig
	ApisixConsumers     []*apiv2.ApisixConsumer
	ApisixGlobalRules   []*apiv2.ApisixGlobalRule

	// Gateway API objects (gateway.networking.k8s.io/v1).
	GatewayClasses  []*gwv1.GatewayClass
	Gateways        []*gwv1.Gateway
	HTTPRoutes      []*gwv1.HTTPRoute
	GRPCRoutes      []*gwv1.GRPCRoute
	TLSRoutes       []*gwv1.TLSRoute
	TCPRoutes       []*gwv1.TCPRoute
	UDPRoutes       []*gwv1.UDPRoute
	ReferenceGrants []*gwv1.ReferenceGrant
	// Namespaces are read for their labels (Gateway listeners' allowedRoutes
	// namespaces selector).
	Namespaces []*corev1.Namespace
}

type nsName struct{ ns, name string }

// index holds every object the translator has been given, by kind and
// name, and is kept up to date by each Update (see Translator).
type index struct {
	// services holds each Service with its EndpointSlices (by the slices'
	// service-name label): one lookup finds both. An entry can have slices
	// and no Service (not yet created, or just deleted).
	services        map[nsName]*serviceEntry
	slices          map[nsName]*discoveryv1.EndpointSlice // by the slice's own name
	secrets         map[nsName]*corev1.Secret
	classes         map[string]*networkingv1.IngressClass
	apisixUpstreams map[nsName]*apiv2.ApisixUpstream
	pluginConfigs   map[nsName]*apiv2.ApisixPluginConfig
	pods            map[nsName]*corev1.Pod
	configMaps      map[nsName]*corev1.ConfigMap

	ingresses         map[nsName]*networkingv1.Ingress
	apisixRoutes      map[nsName]*apiv2.ApisixRoute
	apisixTlses       map[nsName]*apiv2.ApisixTls
	apisixConsumers   map[nsName]*apiv2.ApisixConsumer
	apisixGlobalRules map[nsName]*apiv2.ApisixGlobalRule

	gatewayClasses  map[string]*gwv1.GatewayClass
	gateways        map[nsName]*gwv1.Gateway
	httpRoutes      map[nsName]*gwv1.HTTPRoute
	grpcRoutes      map[nsName]*gwv1.GRPCRoute
	tlsRoutes       map[nsName]*gwv1.TLSRoute
	tcpRoutes       map[nsName]*gwv1.TCPRoute
	udpRoutes       map[nsName]*gwv1.UDPRoute
	referenceGrants map[nsName]*gwv1.ReferenceGrant
	namespaces      map[string]*corev1.Namespace
}

// serviceEntry is a Service and its EndpointSlices (ordered by name).
type serviceEntry struct {
	svc    *corev1.Service // nil when only slices name it
	slices []*discoveryv1.EndpointSlice
}

// service returns the Service ns/name and its EndpointSlices.
func (ix *index) service(ns, name string) (*corev1.Service, []*discoveryv1.EndpointSlice, bool) {
	se := ix.services[nsName{ns, name}]
	if se == nil || se.svc == nil {
		return nil, nil, false
	}
	return se.svc, se.slices, true
}

func newIndex() *index {
	return &index{
		services:          map[nsName]*serviceEntry{},
		slices:            map[nsName]*discoveryv1.EndpointSlice{},
		secrets:           map[nsName]*corev1.Secret{},
		classes:           map[string]*networkingv1.IngressClass{},
		apisixUpstreams:   map[nsName]*apiv2.ApisixUpstream{},
		pluginConfigs:     map[nsName]*apiv2.ApisixPluginConfig{},
		pods:              map[nsName]*corev1.Pod{},
		configMaps:        map[nsName]*corev1.ConfigMap{},
		ingresses:         map[nsName]*networkingv1.Ingress{},
		apisixRoutes:      map[nsName]*apiv2.ApisixRoute{},
		apisixTlses:       map[nsName]*apiv2.ApisixTls{},
		apisixConsumers:   map[nsName]*apiv2.ApisixConsumer{},
		apisixGlobalRules: map[nsName]*apiv2.ApisixGlobalRule{},
		gatewayClasses:    map[string]*gwv1.GatewayClass{},
		gateways:          map[nsName]*gwv1.Gateway{},
		httpRoutes:        map[nsName]*gwv1.HTTPRoute{},
		grpcRoutes:        map[nsName]*gwv1.GRPCRoute{},
		tlsRoutes:         map[nsName]*gwv1.TLSRoute{},
		tcpRoutes:         map[nsName]*gwv1.TCPRoute{},
		udpRoutes:         map[nsName]*gwv1.UDPRoute{},
		referenceGrants:   map[nsName]*gwv1.ReferenceGrant{},
		namespaces:        map[string]*corev1.Namespace{},
	}
}

// indexOf returns an index of the objects of s.
func indexOf(s *Snapshot) *index {
	ix := newIndex()
	ix.apply(s, nil, false)
	return ix
}

// apply records the objects of set (created or updated) and removes the
// deleted ones. It returns what changed, as dependency keys: each object's
// own ref and, for an EndpointSlice, the Service it belongs to (before and
// after).
func (ix *index) apply(set *Snapshot, deleted []ObjectRef, track bool) []ObjectRef {
	if set == nil {
		set = &Snapshot{}
	}
	ix.reserve(set)
	var changed []ObjectRef
	if track {
		changed = make([]ObjectRef, 0, set.len()+len(set.EndpointSlices)+len(deleted))
	}
	add := func(kind, ns, name string) {
		if track {
			changed = append(changed, ObjectRef{Kind: kind, Namespace: ns, Name: name})
		}
	}
	put := func(kind, ns, name string, o any) {
		add(kind, ns, name)
		ix.put(kind, nsName{ns, name}, o)
	}
	for _, k := range snapshotKinds {
		for _, o := range k.objects(set) {
			m := o.(metav1.Object)
			if slice, ok := o.(*discoveryv1.EndpointSlice); ok && track {
				changed = append(changed, ix.sliceServices(slice.Namespace, slice.Name, slice)...)
			}
			put(k.GVK.Kind, m.GetNamespace(), m.GetName(), o)
		}
	}
	for _, r := range deleted {
		if r.Kind == KindEndpointSlice {
			changed = append(changed, ix.sliceServices(r.Namespace, r.Name, nil)...)
		}
		add(r.Kind, r.Namespace, r.Name)
		ix.put(r.Kind, nsName{r.Namespace, r.Name}, nil)
	}
	return changed
}

// len returns the number of objects in s.
func (s *Snapshot) len() int {
	n := 0
	for _, k := range snapshotKinds {
		n += k.count(s)
	}
	return n
}

// reserve makes room in the empty maps for the objects of set (the first
// update brings the whole cluster).
func (ix *index) reserve(set *Snapshot) {
	reserve(&ix.ingresses, len(set.Ingresses))
	reserve(&ix.services, len(set.Services))
	reserve(&ix.slices, len(set.EndpointSlices))
	reserve(&ix.secrets, len(set.Secrets))
	reserve(&ix.pods, len(set.Pods))
	reserve(&ix.configMaps, len(set.ConfigMaps))
	reserve(&ix.apisixRoutes, len(set.ApisixRoutes))
	reserve(&ix.apisixUpstreams, len(set.ApisixUpstreams))
	reserve(&ix.apisixTlses, len(set.ApisixTlses))
	reserve(&ix.pluginConfigs, len(set.ApisixPluginConfigs))
	reserve(&ix.apisixConsumers, len(set.ApisixConsumers))
}

func reserve[K comparable, V any](m *map[K]V, n int) {
	if len(*m) == 0 && n > 8 {
		*m = make(map[K]V, n)
	}
}

// sliceServices returns the Service keys an EndpointSlice change touches:
// the Service it belonged to and the one it belongs to now (nil: deleted).
func (ix *index) sliceServices(ns, name string, now *discoveryv1.EndpointSlice) []ObjectRef {
	var out []ObjectRef
	if old := ix.slices[nsName{ns, name}]; old != nil {
		if svc := old.Labels[discoveryv1.LabelServiceName]; svc != "" {
			out = append(out, ObjectRef{Kind: KindService, Namespace: ns, Name: svc})
		}
	}
	if now != nil {
		if svc := now.Labels[discoveryv1.LabelServiceName]; svc != "" {
			out = append(out, ObjectRef{Kind: KindService, Namespace: ns, Name: svc})
		}
	}
	return out
}

// put stores o (nil: removes the object) under kind and k.
func (ix *index) put(kind string, k nsName, o any) {
	switch kind {
	case KindIngress:
		setOrDelete(ix.ingresses, k, o)
	case KindIngressClass:
		setOrDelete(ix.classes, k.name, o)
	case KindService:
		se := ix.services[k]
		if se == nil {
			se = &serviceEntry{}
			ix.services[k] = se
		}
		se.svc, _ = o.(*corev1.Service)
		ix.dropEmptyService(k)
	case KindEndpointSlice:
		if old := ix.slices[k]; old != nil {
			ix.unlinkSlice(old)
		}
		setOrDelete(ix.slices, k, o)
		if s, ok := o.(*discoveryv1.EndpointSlice); ok && s != nil {
			ix.linkSlice(s)
		}
	case KindSecret:
		setOrDelete(ix.secrets, k, o)
	case KindPod:
		setOrDelete(ix.pods, k, o)
	case KindConfigMap:
		setOrDelete(ix.configMaps, k, o)
	case kindApisixRoute:
		setOrDelete(ix.apisixRoutes, k, o)
	case kindApisixUpstream:
		setOrDelete(ix.apisixUpstreams, k, o)
	case kindApisixTls:
		setOrDelete(ix.apisixTlses, k, o)
	case kindApisixPluginConfig:
		setOrDelete(ix.pluginConfigs, k, o)
	case kindApisixConsumer:
		setOrDelete(ix.apisixConsumers, k, o)
	case kindApisixGlobalRule:
		setOrDelete(ix.apisixGlobalRules, k, o)
	case KindGatewayClass:
		setOrDelete(ix.gatewayClasses, k.name, o)
	case KindGateway:
		setOrDelete(ix.gateways, k, o)
	case KindHTTPRoute:
		setOrDelete(ix.httpRoutes, k, o)
	case KindGRPCRoute:
		setOrDelete(ix.grpcRoutes, k, o)
	case KindTLSRoute:
		setOrDelete(ix.tlsRoutes, k, o)
	case KindTCPRoute:
		setOrDelete(ix.tcpRoutes, k, o)
	case KindUDPRoute:
		setOrDelete(ix.udpRoutes, k, o)
	case KindReferenceGrant:
		setOrDelete(ix.referenceGrants, k, o)
	case KindNamespace:
		setOrDelete(ix.namespaces, k.name, o)
	}
}

func setOrDelete[K comparable, V comparable](m map[K]V, k K, o any) {
	v, ok := o.(V)
	var zero V
	if !ok || v == zero {
		delete(m, k)
		return
	}
	m[k] = v
}

// linkSlice adds s to the entry of its Service, keeping the entry's slices
// ordered by name.
func (ix *index) linkSlice(s *discoveryv1.EndpointSlice) {
	svc := s.Labels[discoveryv1.LabelServiceName]
	if svc == "" {
		return
	}
	k := nsName{s.Namespace, svc}
	se := ix.services[k]
	if se == nil {
		se = &serviceEntry{}
		ix.services[k] = se
	}
	i, _ := slices.BinarySearchFunc(se.slices, s.Name, func(x *discoveryv1.EndpointSlice, name string) int { return strings.Compare(x.Name, name) })
	se.slices = slices.Insert(se.slices, i, s)
}

// unlinkSlice removes s from the entry of its Service.
func (ix *index) unlinkSlice(s *discoveryv1.EndpointSlice) {
	svc := s.Labels[discoveryv1.LabelServiceName]
	k := nsName{s.Namespace, svc}
	se := ix.services[k]
	if svc == "" || se == nil {
		return
	}
	se.slices = slices.DeleteFunc(slices.Clone(se.slices), func(x *discoveryv1.EndpointSlice) bool { return x == s })
	ix.dropEmptyService(k)
}

func (ix *index) dropEmptyService(k nsName) {
	if se := ix.services[k]; se != nil && se.svc == nil && len(se.slices) == 0 {
		delete(ix.services, k)
	}
}
