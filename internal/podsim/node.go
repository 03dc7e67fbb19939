package podsim

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ensureNode creates (or refreshes) the Node the Pods are bound to: Ready,
// its only address the block's first one, and its kubelet's port, so the
// API server sends pods/log requests to the Sim's kubelet.
func (s *Sim) ensureNode(ctx context.Context) error {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: s.node, Labels: map[string]string{
		"kubernetes.io/hostname": s.node, "kubernetes.io/os": "linux",
	}}}
	if err := s.c.Create(ctx, n); err != nil {
		if !apierrors.IsAlreadyExists(err) {
			return err
		}
		if err := s.c.Get(ctx, clientKey("", s.node), n); err != nil {
			return err
		}
	}
	now := metav1.Now()
	n.Status = corev1.NodeStatus{
		Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: s.ips.node}},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: s.kubel.port}},
		Conditions: []corev1.NodeCondition{{
			Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
			Message: "podsim stands in for the kubelet", LastHeartbeatTime: now, LastTransitionTime: now,
		}},
		Capacity: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("1000"),
			corev1.ResourceCPU: resource.MustParse("64"), corev1.ResourceMemory: resource.MustParse("256Gi")},
		NodeInfo: corev1.NodeSystemInfo{OperatingSystem: "linux", Architecture: "amd64", KubeletVersion: "podsim"},
	}
	n.Status.Allocatable = n.Status.Capacity
	return s.c.Status().Update(ctx, n)
}
