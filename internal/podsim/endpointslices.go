package podsim

import (
	"context"
	"sort"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// managedBy is the endpointslice.kubernetes.io/managed-by value of the
// slices the Sim writes.
const managedBy = "podsim.apisix-ingress"

// syncEndpointSlices does the endpointslice controller's part: every
// Service with a selector gets one IPv4 EndpointSlice named <service>-podsim
// (label kubernetes.io/service-name) listing its matching Pods that have an
// address, one port per Service port (name = the port's name, port = its
// numeric target port, or the named container port it refers to). Slices
// of Services that are gone or lost their selector are deleted. Services
// without a selector are left to whoever writes their slices.
func (s *Sim) syncEndpointSlices(ctx context.Context) error {
	var svcs corev1.ServiceList
	if err := s.c.List(ctx, &svcs); err != nil {
		return err
	}
	var pods corev1.PodList
	if err := s.c.List(ctx, &pods); err != nil {
		return err
	}
	var slices discoveryv1.EndpointSliceList
	if err := s.c.List(ctx, &slices, client.MatchingLabels{discoveryv1.LabelManagedBy: managedBy}); err != nil {
		return err
	}
	have := map[client.ObjectKey]*discoveryv1.EndpointSlice{}
	for i := range slices.Items {
		have[client.ObjectKeyFromObject(&slices.Items[i])] = &slices.Items[i]
	}
	for i := range svcs.Items {
		svc := &svcs.Items[i]
		if len(svc.Spec.Selector) == 0 || svc.Spec.Type == corev1.ServiceTypeExternalName || svc.DeletionTimestamp != nil {
			continue
		}
		want := desiredSlice(svc, pods.Items)
		key := client.ObjectKeyFromObject(want)
		cur := have[key]
		delete(have, key)
		if cur == nil {
			if err := s.c.Create(ctx, want); err != nil && !apierrors.IsAlreadyExists(err) && !apierrors.IsNotFound(err) && !apierrors.IsForbidden(err) {
				return err
			}
			continue
		}
		if equality.Semantic.DeepEqual(cur.Endpoints, want.Endpoints) && equality.Semantic.DeepEqual(cur.Ports, want.Ports) {
			continue
		}
		cur.Endpoints, cur.Ports = want.Endpoints, want.Ports
		if err := s.c.Update(ctx, cur); err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			return err
		}
	}
	for _, stale := range have {
		if err := s.c.Delete(ctx, stale); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return nil
}

// desiredSlice is the EndpointSlice of svc given every Pod of the cluster.
func desiredSlice(svc *corev1.Service, pods []corev1.Pod) *discoveryv1.EndpointSlice {
	sel := labels.SelectorFromSet(svc.Spec.Selector)
	var members []*corev1.Pod
	for i := range pods {
		p := &pods[i]
		if p.Namespace == svc.Namespace && p.Status.PodIP != "" && p.DeletionTimestamp == nil && sel.Matches(labels.Set(p.Labels)) {
			members = append(members, p)
		}
	}
	sort.Slice(members, func(a, b int) bool { return members[a].Name < members[b].Name })
	es := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: svc.Namespace, Name: svc.Name + "-podsim",
			Labels:          map[string]string{discoveryv1.LabelServiceName: svc.Name, discoveryv1.LabelManagedBy: managedBy},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Service", Name: svc.Name, UID: svc.UID}},
		},
		AddressType: discoveryv1.AddressTypeIPv4,
		Ports:       []discoveryv1.EndpointPort{},
		Endpoints:   []discoveryv1.Endpoint{},
	}
	for _, sp := range svc.Spec.Ports {
		port, ok := targetPort(sp, members)
		if !ok {
			continue
		}
		name, proto := sp.Name, sp.Protocol
		es.Ports = append(es.Ports, discoveryv1.EndpointPort{Name: &name, Port: &port, Protocol: &proto, AppProtocol: sp.AppProtocol})
	}
	for _, p := range members {
		ready := isReady(p)
		serving, terminating := ready, false
		node := p.Spec.NodeName
		es.Endpoints = append(es.Endpoints, discoveryv1.Endpoint{
			Addresses:  []string{p.Status.PodIP},
			Conditions: discoveryv1.EndpointConditions{Ready: &ready, Serving: &serving, Terminating: &terminating},
			NodeName:   &node,
			TargetRef:  &corev1.ObjectReference{Kind: "Pod", Namespace: p.Namespace, Name: p.Name, UID: p.UID},
		})
	}
	return es
}

// targetPort resolves a Service port's target: a number, the Service port
// itself when unset, or a named container port of the first member Pod
// that has it.
func targetPort(sp corev1.ServicePort, members []*corev1.Pod) (int32, bool) {
	switch {
	case sp.TargetPort.Type == intstr.Int && sp.TargetPort.IntVal != 0:
		return sp.TargetPort.IntVal, true
	case sp.TargetPort.Type == intstr.String && sp.TargetPort.StrVal != "":
		for _, p := range members {
			for _, c := range p.Spec.Containers {
				for _, cp := range c.Ports {
					if cp.Name == sp.TargetPort.StrVal {
						return cp.ContainerPort, true
					}
				}
			}
		}
		return 0, false
	default:
		return sp.Port, true
	}
}
