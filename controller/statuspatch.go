package controller

import (
	"context"
	"net"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// apisixStatus returns the status of an apisix.apache.org/v2 object, nil
// for other kinds.
func apisixStatus(o client.Object) *apiv2.ApisixStatus {
	switch x := o.(type) {
	case *apiv2.ApisixRoute:
		return &x.Status
	case *apiv2.ApisixUpstream:
		return &x.Status
	case *apiv2.ApisixTls:
		return &x.Status
	case *apiv2.ApisixPluginConfig:
		return &x.Status
	case *apiv2.ApisixConsumer:
		return &x.Status
	case *apiv2.ApisixGlobalRule:
		return &x.Status
	}
	return nil
}

// applyConditions sets the decided conditions on st; transition times
// change only when a condition's status does.
func applyConditions(st *apiv2.ApisixStatus, d desiredStatus) {
	for _, c := range []struct {
		typ string
		c   condition
	}{{apiv2.ConditionAccepted, d.accepted}, {apiv2.ConditionSynced, d.synced}} {
		meta.SetStatusCondition(&st.Conditions, metav1.Condition{
			Type: c.typ, Status: c.c.status, Reason: c.c.reason, Message: c.c.message, ObservedGeneration: d.generation,
		})
	}
	st.ObservedGeneration = d.generation
}

// shows reports whether the cached object already carries the decision.
func shows(o client.Object, d desiredStatus, lb []string, gatewayController string) bool {
	if cp := o.DeepCopyObject().(client.Object); applyGatewayStatus(cp, d, gatewayController, nowSeconds()) {
		return equality.Semantic.DeepEqual(cp, o)
	}
	if st := apisixStatus(o); st != nil {
		cp := st.DeepCopy()
		applyConditions(cp, d)
		return equality.Semantic.DeepEqual(cp, st)
	}
	if ing, ok := o.(*networkingv1.Ingress); ok {
		_, failed := d.failure()
		return !failed && (len(lb) == 0 || equality.Semantic.DeepEqual(ing.Status.LoadBalancer.Ingress, loadBalancer(lb)))
	}
	return true
}

// patchStatus writes the decision onto the object's status subresource when
// it differs from what the object shows.
func (c *Controller) patchStatus(ctx context.Context, o client.Object, d desiredStatus, lb []string) error {
	if cp := o.DeepCopyObject().(client.Object); applyGatewayStatus(cp, d, c.gatewayControllerName(), nowSeconds()) {
		if equality.Semantic.DeepEqual(cp, o) {
			return nil
		}
		return c.client.Status().Patch(ctx, cp, client.MergeFrom(o))
	}
	if st := apisixStatus(o); st != nil {
		cp := o.DeepCopyObject().(client.Object)
		nst := apisixStatus(cp)
		applyConditions(nst, d)
		if equality.Semantic.DeepEqual(nst, st) {
			return nil
		}
		return c.client.Status().Patch(ctx, cp, client.MergeFrom(o))
	}
	ing, ok := o.(*networkingv1.Ingress)
	if !ok || len(lb) == 0 {
		return nil
	}
	want := loadBalancer(lb)
	if equality.Semantic.DeepEqual(ing.Status.LoadBalancer.Ingress, want) {
		return nil
	}
	cp := ing.DeepCopy()
	cp.Status.LoadBalancer.Ingress = want
	return c.client.Status().Patch(ctx, cp, client.MergeFrom(ing))
}

// loadBalancer turns addresses into Ingress load-balancer entries.
func loadBalancer(addrs []string) []networkingv1.IngressLoadBalancerIngress {
	out := make([]networkingv1.IngressLoadBalancerIngress, 0, len(addrs))
	for _, a := range addrs {
		if net.ParseIP(a) != nil {
			out = append(out, networkingv1.IngressLoadBalancerIngress{IP: a})
		} else {
			out = append(out, networkingv1.IngressLoadBalancerIngress{Hostname: a})
		}
	}
	return out
}
