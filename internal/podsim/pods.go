package podsim

import (
	"context"
	"errors"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// syncPods does the kubelet's part for the Pods bound to the Node: a Pod
// being deleted is stopped and removed at once; a Pod whose Deployment is
// gone is deleted (there is no garbage collector); a new Pod gets an
// address, its echo server and a Running, Ready status. Servers of Pods
// that no longer exist are stopped and their addresses freed.
func (s *Sim) syncPods(ctx context.Context) error {
	var pods corev1.PodList
	if err := s.c.List(ctx, &pods); err != nil {
		return err
	}
	deployments, err := s.deploymentUIDs(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range pods.Items {
		p := &pods.Items[i]
		if p.Spec.NodeName != s.node {
			continue
		}
		uid := string(p.UID)
		seen[uid] = true
		if ref := metav1.GetControllerOf(p); p.DeletionTimestamp == nil && ref != nil && ref.Kind == "Deployment" && !deployments[ref.UID] {
			if err := s.deletePod(ctx, p); err != nil {
				return err
			}
			continue
		}
		if p.DeletionTimestamp != nil {
			s.stopPod(uid)
			if err := s.deletePod(ctx, p); err != nil {
				return err
			}
			continue
		}
		if err := s.runPod(ctx, p); err != nil {
			s.logf("pod %s/%s: %v", p.Namespace, p.Name, err)
		}
	}
	for uid := range s.pods {
		if !seen[uid] {
			s.stopPod(uid)
		}
	}
	return nil
}

// deploymentUIDs are the UIDs of the Deployments that exist.
func (s *Sim) deploymentUIDs(ctx context.Context) (map[types.UID]bool, error) {
	var deps appsv1.DeploymentList
	if err := s.c.List(ctx, &deps); err != nil {
		return nil, err
	}
	out := map[types.UID]bool{}
	for _, d := range deps.Items {
		out[d.UID] = true
	}
	return out, nil
}

// errPoolExhausted says the Pod block has no free address.
var errPoolExhausted = errors.New("no free pod address left (podsim.Options.PodCIDR)")

// runPod makes sure p has its server and a Ready status. A Pod whose
// server cannot start yet (its Secret does not exist) stays Pending, as it
// would stay ContainerCreating under a kubelet.
func (s *Sim) runPod(ctx context.Context, p *corev1.Pod) error {
	uid := string(p.UID)
	st := s.pods[uid]
	if st == nil {
		ip := p.Status.PodIP
		if ip == "" || !s.ips.contains(ip) {
			ip = s.ips.take()
			if ip == "" {
				return errPoolExhausted
			}
		} else {
			s.ips.mark(ip)
		}
		st, err := s.startPod(ctx, p, ip)
		if err != nil {
			s.ips.free(ip)
			return err
		}
		s.pods[uid] = st
		s.logf("pod %s/%s runs on %s", p.Namespace, p.Name, ip)
	}
	st = s.pods[uid]
	if isReady(p) && p.Status.PodIP == st.ip {
		return nil
	}
	p.Status = runningStatus(p, s.ips.node, st.ip)
	if err := s.c.Status().Update(ctx, p); err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		return err
	}
	return nil
}

// stopPod stops a Pod's server and frees its address.
func (s *Sim) stopPod(uid string) {
	if st := s.pods[uid]; st != nil {
		st.stop()
		s.ips.free(st.ip)
		delete(s.pods, uid)
	}
}

func (p *podState) stop() {
	if p.echo != nil {
		p.echo.Close()
	}
	if p.grpc != nil {
		p.grpc.Close()
	}
}

// runningStatus is the status a kubelet reports for a started Pod whose
// containers are ready.
func runningStatus(p *corev1.Pod, hostIP, ip string) corev1.PodStatus {
	now := metav1.Now()
	st := corev1.PodStatus{
		Phase: corev1.PodRunning, HostIP: hostIP, HostIPs: []corev1.HostIP{{IP: hostIP}},
		PodIP: ip, PodIPs: []corev1.PodIP{{IP: ip}}, StartTime: &now, QOSClass: p.Status.QOSClass, // set by the API server, immutable
	}
	for _, t := range []corev1.PodConditionType{corev1.PodReadyToStartContainers, corev1.PodInitialized,
		corev1.PodScheduled, corev1.ContainersReady, corev1.PodReady} {
		st.Conditions = append(st.Conditions, corev1.PodCondition{Type: t, Status: corev1.ConditionTrue, LastTransitionTime: now})
	}
	for _, c := range p.Spec.Containers {
		started := true
		st.ContainerStatuses = append(st.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, ImageID: c.Image, ContainerID: "podsim://" + string(p.UID) + "/" + c.Name,
			Ready: true, Started: &started, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		})
	}
	return st
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
