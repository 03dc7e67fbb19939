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
	services        map[nsName]*corev1.Service
	slices          map[nsName][]*discoveryv1.EndpointSlice // by namespace and service name
	secrets         map[nsName]*corev1.Secret
	classes         map[string]*networkingv1.IngressClass
	apisixUpstreams map[nsName]*apiv2.ApisixUpstream
	pluginConfigs   map[nsName]*apiv2.ApisixPluginConfig
	pods            map[nsName]*corev1.Pod
	configMaps      map[nsName]*corev1.ConfigMap
}

func newIndex(s *Snapshot) *index {
	ix := &index{
		services:        make(map[nsName]*corev1.Service, len(s.Services)),
		slices:          make(map[nsName][]*discoveryv1.EndpointSlice, len(s.EndpointSlices)),
		secrets:         make(map[nsName]*corev1.Secret, len(s.Secrets)),
		classes:         make(map[string]*networkingv1.IngressClass, len(s.IngressClasses)),
		apisixUpstreams: make(map[nsName]*apiv2.ApisixUpstream, len(s.ApisixUpstreams)),
		pluginConfigs:   make(map[nsName]*apiv2.ApisixPluginConfig, len(s.ApisixPluginConfigs)),
		pods:            make(map[nsName]*corev1.Pod, len(s.Pods)),
		configMaps:      make(map[nsName]*corev1.ConfigMap, len(s.ConfigMaps)),
	}
	for _, o := range s.ConfigMaps {
		ix.configMaps[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.Pods {
		ix.pods[nsName{o.Namespace, o.Name}] = o
	}
	for _, o := range s.Services {
		ix.services[nsName{o.Namespace, o.Name}] = o
	}
	// A Service usually has one EndpointSlice: its list is a one-element
	// window of a shared array (capacity 1, so that a second slice
	// appended for the same Service moves the list to an array of its own).
	shared := make([]*discoveryv1.EndpointSlice, len(s.EndpointSlices))
	for i, o := range s.EndpointSlices {
		svc := o.Labels[discoveryv1.LabelServiceName]
		if svc == "" {
			continue
		}
		k := nsName{o.Namespace, svc}
		if prev, ok := ix.slices[k]; ok {
			ix.slices[k] = append(prev, o)
			continue
		}
		shared[i] = o
		ix.slices[k] = shared[i : i+1 : i+1]
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
