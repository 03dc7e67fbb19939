package translator

import (
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// The kinds of the objects a Snapshot holds, as ObjectRef.Kind names them
// (in statuses, ownership labels and the deleted refs given to Update).
const (
	KindIngress            = kindIngress
	KindIngressClass       = "IngressClass"
	KindService            = "Service"
	KindEndpointSlice      = "EndpointSlice"
	KindSecret             = "Secret"
	KindPod                = "Pod"
	KindConfigMap          = "ConfigMap"
	KindApisixRoute        = kindApisixRoute
	KindApisixUpstream     = kindApisixUpstream
	KindApisixTls          = kindApisixTls
	KindApisixPluginConfig = kindApisixPluginConfig
	KindApisixConsumer     = kindApisixConsumer
	KindApisixGlobalRule   = kindApisixGlobalRule

	KindGatewayClass   = "GatewayClass"
	KindGateway        = "Gateway"
	KindHTTPRoute      = "HTTPRoute"
	KindGRPCRoute      = "GRPCRoute"
	KindTLSRoute       = "TLSRoute"
	KindTCPRoute       = "TCPRoute"
	KindUDPRoute       = "UDPRoute"
	KindReferenceGrant = "ReferenceGrant"
	// KindNamespace: Namespaces are read for their labels, by Gateway
	// listeners that allow routes from namespaces by selector.
	KindNamespace = "Namespace"
)

// SnapshotKind is one kind of object a Snapshot holds. SnapshotKinds is the
// one table of them: the controller's watches and lists, the webhook's
// informers and the manifest decoder of validate, translate and migrate all
// range over it, so a kind added to Snapshot is added everywhere at once.
type SnapshotKind struct {
	GVK schema.GroupVersionKind
	// Namespaced is false for cluster-scoped kinds (IngressClass).
	Namespaced bool
	// Source kinds are translated: each object gets a status, and only a
	// change of its spec (generation), labels or annotations matters.
	Source bool
	// ByReference kinds (Secrets, ConfigMaps) are read only when an object
	// references them (References); the rest of the kind is never read.
	ByReference bool
	// MetadataOnly kinds (Pods) are read for their metadata alone.
	MetadataOnly bool
	// Admission kinds are read when an object is admitted: IngressClasses,
	// what References names but Secrets and ConfigMaps (admission never
	// reads their contents) and the kinds whose host neighbours the webhook
	// compares (Ingresses, ApisixRoutes, ApisixTlses; ApisixGlobalRules,
	// which configure a plugin only once).
	Admission bool
	// GatewayAPI kinds (gateway.networking.k8s.io) are served only when the
	// cluster has the Gateway API CRDs: the controller and the webhook watch
	// them when their API is there, and do without them otherwise.
	GatewayAPI bool
	// New returns an empty object of the kind; NewList an empty list.
	New     func() runtime.Object
	NewList func() runtime.Object

	is      func(o any) bool
	copyOf  func(o any) runtime.Object
	add     func(s *Snapshot, o any) bool
	objects func(s *Snapshot) []runtime.Object
	merge   func(dst, src *Snapshot)
	count   func(s *Snapshot) int
}

// kindOf builds a SnapshotKind whose objects are kept in the Snapshot field
// that list returns.
func kindOf[T any, L any, PT interface {
	*T
	runtime.Object
}, PL interface {
	*L
	runtime.Object
}](gvk schema.GroupVersionKind, k SnapshotKind, list func(*Snapshot) *[]*T) SnapshotKind {
	k.GVK = gvk
	k.New = func() runtime.Object { return PT(new(T)) }
	k.NewList = func() runtime.Object { return PL(new(L)) }
	k.is = func(o any) bool { _, ok := o.(*T); return ok }
	k.copyOf = func(o any) runtime.Object { c := *o.(*T); return PT(&c) }
	k.add = func(s *Snapshot, o any) bool {
		t, ok := o.(*T)
		if ok {
			l := list(s)
			*l = append(*l, t)
		}
		return ok
	}
	k.merge = func(dst, src *Snapshot) {
		d := list(dst)
		*d = append(*d, *list(src)...)
	}
	k.count = func(s *Snapshot) int { return len(*list(s)) }
	k.objects = func(s *Snapshot) []runtime.Object {
		l := *list(s)
		out := make([]runtime.Object, len(l))
		for i, o := range l {
			out[i] = PT(o)
		}
		return out
	}
	return k
}

var (
	core      = corev1.SchemeGroupVersion
	network   = networkingv1.SchemeGroupVersion
	discovery = discoveryv1.SchemeGroupVersion
	v2        = apiv2.GroupVersion
	gw        = gwv1.SchemeGroupVersion
)

var snapshotKinds = []SnapshotKind{
	kindOf[networkingv1.Ingress, networkingv1.IngressList](network.WithKind("Ingress"), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*networkingv1.Ingress { return &s.Ingresses }),
	kindOf[networkingv1.IngressClass, networkingv1.IngressClassList](network.WithKind("IngressClass"), SnapshotKind{Admission: true},
		func(s *Snapshot) *[]*networkingv1.IngressClass { return &s.IngressClasses }),
	kindOf[corev1.Service, corev1.ServiceList](core.WithKind(KindService), SnapshotKind{Namespaced: true, Admission: true},
		func(s *Snapshot) *[]*corev1.Service { return &s.Services }),
	kindOf[discoveryv1.EndpointSlice, discoveryv1.EndpointSliceList](discovery.WithKind("EndpointSlice"), SnapshotKind{Namespaced: true},
		func(s *Snapshot) *[]*discoveryv1.EndpointSlice { return &s.EndpointSlices }),
	kindOf[corev1.Secret, corev1.SecretList](core.WithKind(KindSecret), SnapshotKind{Namespaced: true, ByReference: true},
		func(s *Snapshot) *[]*corev1.Secret { return &s.Secrets }),
	kindOf[corev1.ConfigMap, corev1.ConfigMapList](core.WithKind(KindConfigMap), SnapshotKind{Namespaced: true, ByReference: true},
		func(s *Snapshot) *[]*corev1.ConfigMap { return &s.ConfigMaps }),
	kindOf[corev1.Pod, corev1.PodList](core.WithKind("Pod"), SnapshotKind{Namespaced: true, MetadataOnly: true},
		func(s *Snapshot) *[]*corev1.Pod { return &s.Pods }),
	kindOf[apiv2.ApisixRoute, apiv2.ApisixRouteList](v2.WithKind(apiv2.KindApisixRoute), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*apiv2.ApisixRoute { return &s.ApisixRoutes }),
	kindOf[apiv2.ApisixUpstream, apiv2.ApisixUpstreamList](v2.WithKind(apiv2.KindApisixUpstream), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*apiv2.ApisixUpstream { return &s.ApisixUpstreams }),
	kindOf[apiv2.ApisixTls, apiv2.ApisixTlsList](v2.WithKind(apiv2.KindApisixTls), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*apiv2.ApisixTls { return &s.ApisixTlses }),
	kindOf[apiv2.ApisixPluginConfig, apiv2.ApisixPluginConfigList](v2.WithKind(apiv2.KindApisixPluginConfig), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*apiv2.ApisixPluginConfig { return &s.ApisixPluginConfigs }),
	kindOf[apiv2.ApisixConsumer, apiv2.ApisixConsumerList](v2.WithKind(apiv2.KindApisixConsumer), SnapshotKind{Namespaced: true, Source: true},
		func(s *Snapshot) *[]*apiv2.ApisixConsumer { return &s.ApisixConsumers }),
	kindOf[apiv2.ApisixGlobalRule, apiv2.ApisixGlobalRuleList](v2.WithKind(apiv2.KindApisixGlobalRule), SnapshotKind{Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*apiv2.ApisixGlobalRule { return &s.ApisixGlobalRules }),
	// Gateway API (gateway.networking.k8s.io/v1): translated together (see
	// gatewayWork); ReferenceGrants are read by the routes and Gateways.
	kindOf[gwv1.GatewayClass, gwv1.GatewayClassList](gw.WithKind(KindGatewayClass), SnapshotKind{GatewayAPI: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.GatewayClass { return &s.GatewayClasses }),
	kindOf[gwv1.Gateway, gwv1.GatewayList](gw.WithKind(KindGateway), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.Gateway { return &s.Gateways }),
	kindOf[gwv1.HTTPRoute, gwv1.HTTPRouteList](gw.WithKind(KindHTTPRoute), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.HTTPRoute { return &s.HTTPRoutes }),
	kindOf[gwv1.GRPCRoute, gwv1.GRPCRouteList](gw.WithKind(KindGRPCRoute), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.GRPCRoute { return &s.GRPCRoutes }),
	kindOf[gwv1.TLSRoute, gwv1.TLSRouteList](gw.WithKind(KindTLSRoute), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.TLSRoute { return &s.TLSRoutes }),
	kindOf[gwv1.TCPRoute, gwv1.TCPRouteList](gw.WithKind(KindTCPRoute), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.TCPRoute { return &s.TCPRoutes }),
	kindOf[gwv1.UDPRoute, gwv1.UDPRouteList](gw.WithKind(KindUDPRoute), SnapshotKind{GatewayAPI: true, Namespaced: true, Source: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.UDPRoute { return &s.UDPRoutes }),
	kindOf[gwv1.ReferenceGrant, gwv1.ReferenceGrantList](gw.WithKind(KindReferenceGrant), SnapshotKind{GatewayAPI: true, Namespaced: true, Admission: true},
		func(s *Snapshot) *[]*gwv1.ReferenceGrant { return &s.ReferenceGrants }),
	// Namespaces are read (for their labels) only by Gateway listeners whose
	// allowedRoutes select namespaces by label, so only with the Gateway API.
	kindOf[corev1.Namespace, corev1.NamespaceList](core.WithKind(KindNamespace), SnapshotKind{GatewayAPI: true},
		func(s *Snapshot) *[]*corev1.Namespace { return &s.Namespaces }),
}

// SnapshotKinds returns the kinds a Snapshot holds, in a fixed order.
func SnapshotKinds() []SnapshotKind { return snapshotKinds }

// SnapshotKindOf returns the kind named kind (e.g. "Ingress", "Secret").
func SnapshotKindOf(kind string) (SnapshotKind, bool) {
	for _, k := range snapshotKinds {
		if k.GVK.Kind == kind {
			return k, true
		}
	}
	return SnapshotKind{}, false
}

// SnapshotKindFor returns the kind of obj, a pointer to an object of one of
// SnapshotKinds.
func SnapshotKindFor(obj any) (SnapshotKind, bool) {
	for _, k := range snapshotKinds {
		if k.is(obj) {
			return k, true
		}
	}
	return SnapshotKind{}, false
}

// Add appends obj, a pointer to an object of one of SnapshotKinds, to the
// snapshot; it reports false for any other object.
func (s *Snapshot) Add(obj any) bool {
	for _, k := range snapshotKinds {
		if k.add(s, obj) {
			return true
		}
	}
	return false
}

// Merge appends every object of src to s, kind by kind.
func (s *Snapshot) Merge(src *Snapshot) {
	for _, k := range snapshotKinds {
		k.merge(s, src)
	}
}

// Len returns the number of objects of the kind in s.
func (k SnapshotKind) Len(s *Snapshot) int { return k.count(s) }

// ShallowCopy returns a shallow copy of o, an object of the kind: a new
// object sharing o's fields (for a holder that must not keep the list o
// lives in).
func (k SnapshotKind) ShallowCopy(o runtime.Object) runtime.Object { return k.copyOf(o) }

// Objects returns the objects of the kind in s.
func (k SnapshotKind) Objects(s *Snapshot) []runtime.Object { return k.objects(s) }
