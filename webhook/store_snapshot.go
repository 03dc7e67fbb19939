package webhook

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// MemoryStore is a Store over objects held in memory, for the offline
// validate command and for tests. References resolve against every object
// given to NewMemoryStore; the host+path and TLS indexes hold only the
// objects added with Admit, so that a set of files is checked the way the
// cluster admits them, one after the other.
type MemoryStore struct {
	classes   []*networkingv1.IngressClass
	nsLabels  map[string]map[string]string
	services  map[key]*corev1.Service
	upstreams map[key]*apiv2.ApisixUpstream
	pcs       map[key]*apiv2.ApisixPluginConfig

	ingPaths   map[string][]*networkingv1.Ingress
	ingTLS     map[string][]*networkingv1.Ingress
	routePaths map[string][]*apiv2.ApisixRoute
	tlsHosts   map[string][]*apiv2.ApisixTls
}

type key struct{ ns, name string }

// NewMemoryStore indexes the referable objects of s (IngressClasses,
// Services, ApisixUpstreams, ApisixPluginConfigs). nsLabels gives the labels
// of namespaces, when known.
func NewMemoryStore(s *translator.Snapshot, nsLabels map[string]map[string]string) *MemoryStore {
	m := &MemoryStore{
		classes:    s.IngressClasses,
		nsLabels:   nsLabels,
		services:   map[key]*corev1.Service{},
		upstreams:  map[key]*apiv2.ApisixUpstream{},
		pcs:        map[key]*apiv2.ApisixPluginConfig{},
		ingPaths:   map[string][]*networkingv1.Ingress{},
		ingTLS:     map[string][]*networkingv1.Ingress{},
		routePaths: map[string][]*apiv2.ApisixRoute{},
		tlsHosts:   map[string][]*apiv2.ApisixTls{},
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

// Admit adds an Ingress, ApisixRoute or ApisixTls to the indexes; other
// objects are ignored.
func (m *MemoryStore) Admit(obj any) {
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		for _, k := range ingressHostPaths(o) {
			m.ingPaths[k] = append(m.ingPaths[k], o)
		}
		for _, k := range ingressTLSHosts(o) {
			m.ingTLS[k] = append(m.ingTLS[k], o)
		}
	case *apiv2.ApisixRoute:
		for _, k := range routeHostPaths(o) {
			m.routePaths[k] = append(m.routePaths[k], o)
		}
	case *apiv2.ApisixTls:
		for _, k := range apisixTLSHosts(o) {
			m.tlsHosts[k] = append(m.tlsHosts[k], o)
		}
	}
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

// IngressesByHostPath implements Store.
func (m *MemoryStore) IngressesByHostPath(_ context.Context, k string) ([]*networkingv1.Ingress, error) {
	return m.ingPaths[k], nil
}

// ApisixRoutesByHostPath implements Store.
func (m *MemoryStore) ApisixRoutesByHostPath(_ context.Context, k string) ([]*apiv2.ApisixRoute, error) {
	return m.routePaths[k], nil
}

// IngressesByTLSHost implements Store.
func (m *MemoryStore) IngressesByTLSHost(_ context.Context, host string) ([]*networkingv1.Ingress, error) {
	return m.ingTLS[host], nil
}

// ApisixTlsesByHost implements Store.
func (m *MemoryStore) ApisixTlsesByHost(_ context.Context, host string) ([]*apiv2.ApisixTls, error) {
	return m.tlsHosts[host], nil
}
