package translator

import (
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"

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
}

type nsName struct{ ns, name string }

// index is the snapshot's lookup tables, built once per translation.
type index struct {
	// services holds each Service with its EndpointSlices (by the slices'
	// service-name label): one lookup finds both. An entry can have slices
	// and no Service (not yet created, or just deleted).
	services        map[nsName]*serviceEntry
	secrets         map[nsName]*corev1.Secret
	classes         map[string]*networkingv1.IngressClass
	apisixUpstreams map[nsName]*apiv2.ApisixUpstream
	pluginConfigs   map[nsName]*apiv2.ApisixPluginConfig
	pods            map[nsName]*corev1.Pod
	configMaps      map[nsName]*corev1.ConfigMap
}

// serviceEntry is a Service and its EndpointSlices.
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

// sized returns a map with room for n entries, or nil when n is 0.
func sized[K comparable, V any](n int) map[K]V {
	if n == 0 {
		return nil
	}
	return make(map[K]V, n)
}

func newIndex(s *Snapshot) *index {
	// An admission translates one object: maps of kinds the snapshot does
	// not hold stay nil (reading a nil map finds nothing).
	ix := &index{
		services:        make(map[nsName]*serviceEntry, len(s.Services)),
		secrets:         sized[nsName, *corev1.Secret](len(s.Secrets)),
		classes:         sized[string, *networkingv1.IngressClass](len(s.IngressClasses)),
		apisixUpstreams: sized[nsName, *apiv2.ApisixUpstream](len(s.ApisixUpstreams)),
		pluginConfigs:   sized[nsName, *apiv2.ApisixPluginConfig](len(s.ApisixPluginConfigs)),
		pods:            sized[nsName, *corev1.Pod](len(s.Pods)),
		configMaps:      sized[nsName, *corev1.ConfigMap](len(s.ConfigMaps)),
	}
	for _, o := range s.ConfigMaps {
		ix.configMaps[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.Pods {
		ix.pods[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.Services {
		ix.services[nsName{o.Namespace, o.Name}] = &serviceEntry{svc: o}
	}
	for _, o := range s.EndpointSlices {
		svc := o.Labels[discoveryv1.LabelServiceName]
		if svc == "" {
			continue
		}
		k := nsName{o.Namespace, svc}
		se := ix.services[k]
		if se == nil {
			se = &serviceEntry{}
			ix.services[k] = se
		}
		se.slices = append(se.slices, o)
	}
	for _, o := range s.Secrets {
		ix.secrets[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.IngressClasses {
		ix.classes[o.Name] = o
	}
	for _, o := range s.ApisixUpstreams {
		ix.apisixUpstreams[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.ApisixPluginConfigs {
		ix.pluginConfigs[nsName{o.Namespace, o.Name}] = o
	}
	return ix
}
