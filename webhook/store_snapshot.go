package webhook

import (
	"context"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// MemoryStore is a Store over objects held in memory, for the offline
// validate command and for tests. References resolve against every object
// given to NewMemoryStore; the host index holds only the objects added with
// Admit, so that a set of files is checked the way the
// cluster admits them, one after the other.
type MemoryStore struct {
	classes   []*networkingv1.IngressClass
	nsLabels  map[string]map[string]string
	services  map[key]*corev1.Service
	upstreams map[key]*apiv2.ApisixUpstream
	pcs       map[key]*apiv2.ApisixPluginConfig

	ingresses   map[string][]*networkingv1.Ingress
	routes      map[string][]*apiv2.ApisixRoute
	tlses       map[string][]*apiv2.ApisixTls
	globalRules []*apiv2.ApisixGlobalRule // admitted
	// gateway holds the Gateway API objects a route or Gateway names
	// (GatewayClasses, Gateways, ReferenceGrants), by ref.
	gateway map[translator.ObjectRef]client.Object
	// admitted are the index keys of each admitted object, by kind,
	// namespace and name.
	admitted map[[3]string][]string
}

type key struct{ ns, name string }

// NewMemoryStore indexes the referable objects of s (IngressClasses,
// Services, ApisixUpstreams, ApisixPluginConfigs). nsLabels gives the labels
// of namespaces, when known.
func NewMemoryStore(s *translator.Snapshot, nsLabels map[string]map[string]string) *MemoryStore {
	m := &MemoryStore{
		classes:   s.IngressClasses,
		nsLabels:  nsLabels,
		services:  map[key]*corev1.Service{},
		upstreams: map[key]*apiv2.ApisixUpstream{},
		pcs:       map[key]*apiv2.ApisixPluginConfig{},
		ingresses: map[string][]*networkingv1.Ingress{},
		routes:    map[string][]*apiv2.ApisixRoute{},
		tlses:     map[string][]*apiv2.ApisixTls{},
		admitted:  map[[3]string][]string{},
		gateway:   map[translator.ObjectRef]client.Object{},
	}
	for _, k := range translator.SnapshotKinds() {
		if !k.GatewayAPI {
			continue
		}
		for _, o := range k.Objects(s) {
			co := o.(client.Object)
			m.gateway[translator.ObjectRef{Kind: k.GVK.Kind, Namespace: co.GetNamespace(), Name: co.GetName()}] = co
		}
	}
	for _, o := range s.Services {
		m.services[key{o.Namespace, o.Name}] = o
	}
	for _, o := range s.ApisixUpstreams {
		m.upstreams[key{o.Namespace, o.Name}] = o
	}
	for _, o := range s.ApisixPluginConfigs {
		m.pcs[key{o.Namespace, o.Name}] = o
	}
	return m
}

// Admit adds an Ingress, ApisixRoute or ApisixTls to the host index, and an
// ApisixGlobalRule to the list of them, replacing an earlier version of
// it; other objects are ignored.
func (m *MemoryStore) Admit(obj any) {
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		admit(m.ingresses, m.admitted, "Ingress", o)
	case *apiv2.ApisixRoute:
		admit(m.routes, m.admitted, apiv2.KindApisixRoute, o)
	case *apiv2.ApisixTls:
		admit(m.tlses, m.admitted, apiv2.KindApisixTls, o)
	case *apiv2.ApisixGlobalRule:
		m.globalRules = append(slices.DeleteFunc(slices.Clone(m.globalRules), func(x *apiv2.ApisixGlobalRule) bool {
			return x.Namespace == o.Namespace && x.Name == o.Name
		}), o)
	}
}

func admit[T interface {
	GetNamespace() string
	GetName() string
}](ix map[string][]T, admitted map[[3]string][]string, kind string, o T) {
	id := [3]string{kind, o.GetNamespace(), o.GetName()}
	same := func(x T) bool { return x.GetNamespace() == o.GetNamespace() && x.GetName() == o.GetName() }
	for _, k := range admitted[id] {
		ix[k] = slices.DeleteFunc(slices.Clone(ix[k]), same)
	}
	keys := hostKeys(o)
	for _, k := range keys {
		ix[k] = append(ix[k], o)
	}
	admitted[id] = keys
}

// Object implements Store: the Gateway API objects given to NewMemoryStore.
func (m *MemoryStore) Object(_ context.Context, ref translator.ObjectRef) (client.Object, error) {
	return m.gateway[ref], nil
}

// ReferenceGrants implements Store: those given to NewMemoryStore, by name.
func (m *MemoryStore) ReferenceGrants(_ context.Context, ns string) ([]*gwv1.ReferenceGrant, error) {
	var out []*gwv1.ReferenceGrant
	for ref, o := range m.gateway {
		if g, ok := o.(*gwv1.ReferenceGrant); ok && ref.Namespace == ns {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b *gwv1.ReferenceGrant) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// IngressClasses implements Store.
func (m *MemoryStore) IngressClasses(context.Context) ([]*networkingv1.IngressClass, error) {
	return m.classes, nil
}

// NamespaceLabels implements Store.
func (m *MemoryStore) NamespaceLabels(_ context.Context, ns string) (map[string]string, error) {
	return m.nsLabels[ns], nil
}

// Service implements Store.
func (m *MemoryStore) Service(_ context.Context, ns, name string) (*corev1.Service, error) {
	return m.services[key{ns, name}], nil
}

// ApisixUpstream implements Store.
func (m *MemoryStore) ApisixUpstream(_ context.Context, ns, name string) (*apiv2.ApisixUpstream, error) {
	return m.upstreams[key{ns, name}], nil
}

// ApisixPluginConfig implements Store.
func (m *MemoryStore) ApisixPluginConfig(_ context.Context, ns, name string) (*apiv2.ApisixPluginConfig, error) {
	return m.pcs[key{ns, name}], nil
}

// IngressesByHost implements Store.
func (m *MemoryStore) IngressesByHost(_ context.Context, host string) ([]*networkingv1.Ingress, error) {
	return m.ingresses[host], nil
}

// ApisixRoutesByHost implements Store.
func (m *MemoryStore) ApisixRoutesByHost(_ context.Context, host string) ([]*apiv2.ApisixRoute, error) {
	return m.routes[host], nil
}

// ApisixTlsesByHost implements Store.
func (m *MemoryStore) ApisixTlsesByHost(_ context.Context, host string) ([]*apiv2.ApisixTls, error) {
	return m.tlses[host], nil
}

// ApisixGlobalRules implements Store.
func (m *MemoryStore) ApisixGlobalRules(context.Context) ([]*apiv2.ApisixGlobalRule, error) {
	return m.globalRules, nil
}
