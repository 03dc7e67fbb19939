package controller

import (
	"encoding/json"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Gateway API objects get the status the translator decides
// (translator.GatewayAPIStatus) in the spec's own fields. The controller
// adds what the translator leaves out: observedGeneration on every
// condition, and transition times, kept while a condition's status stays
// the same. A route's status.parents entries of other controllers are left
// as they are; this controller's are replaced by the decided ones.

// gatewayFingerprint identifies a decided Gateway API status.
func gatewayFingerprint(st *translator.GatewayAPIStatus) string {
	if st == nil {
		return ""
	}
	b, _ := json.Marshal(st)
	return string(b)
}

// applyGatewayStatus sets the decided status on o (a copy) and reports
// whether o is a Gateway API object.
func applyGatewayStatus(o client.Object, d desiredStatus, controllerName string, now metav1.Time) bool {
	st := d.gateway
	if st == nil {
		st = &translator.GatewayAPIStatus{}
	}
	gen := d.generation
	switch x := o.(type) {
	case *gwv1.GatewayClass:
		x.Status.Conditions = mergeConditions(x.Status.Conditions, st.Conditions, gen, now)
		x.Status.SupportedFeatures = st.SupportedFeatures
	case *gwv1.Gateway:
		x.Status.Conditions = mergeConditions(x.Status.Conditions, st.Conditions, gen, now)
		x.Status.Addresses = st.Addresses
		x.Status.Listeners = mergeListeners(x.Status.Listeners, st.Listeners, gen, now)
	case *gwv1.HTTPRoute:
		x.Status.Parents = mergeParents(x.Status.Parents, st.Parents, controllerName, gen, now)
	case *gwv1.GRPCRoute:
		x.Status.Parents = mergeParents(x.Status.Parents, st.Parents, controllerName, gen, now)
	case *gwv1.TLSRoute:
		x.Status.Parents = mergeParents(x.Status.Parents, st.Parents, controllerName, gen, now)
	case *gwv1.TCPRoute:
		x.Status.Parents = mergeParents(x.Status.Parents, st.Parents, controllerName, gen, now)
	case *gwv1.UDPRoute:
		x.Status.Parents = mergeParents(x.Status.Parents, st.Parents, controllerName, gen, now)
	default:
		return false
	}
	return true
}

// mergeConditions returns the decided conditions stamped with gen, each
// keeping the transition time of the old condition of its type when its
// status is unchanged (now otherwise). Conditions not decided are dropped:
// this controller owns every condition of the objects it serves.
func mergeConditions(old, decided []metav1.Condition, gen int64, now metav1.Time) []metav1.Condition {
	if len(decided) == 0 {
		return nil
	}
	out := make([]metav1.Condition, 0, len(decided))
	for _, c := range decided {
		c.ObservedGeneration = gen
		c.LastTransitionTime = now
		for _, o := range old {
			if o.Type == c.Type && o.Status == c.Status {
				c.LastTransitionTime = o.LastTransitionTime
			}
		}
		out = append(out, c)
	}
	return out
}

// mergeListeners returns the decided listener statuses, each merged with
// the old status of the listener of the same name.
func mergeListeners(old, decided []gwv1.ListenerStatus, gen int64, now metav1.Time) []gwv1.ListenerStatus {
	out := make([]gwv1.ListenerStatus, 0, len(decided))
	for _, l := range decided {
		var prev []metav1.Condition
		for _, o := range old {
			if o.Name == l.Name {
				prev = o.Conditions
			}
		}
		l.Conditions = mergeConditions(prev, l.Conditions, gen, now)
		out = append(out, l)
	}
	return out
}

// mergeParents keeps the parents entries of other controllers and replaces
// this controller's with the decided ones (each merged with the old entry
// of the same parentRef).
func mergeParents(old, decided []gwv1.RouteParentStatus, controllerName string, gen int64, now metav1.Time) []gwv1.RouteParentStatus {
	out := make([]gwv1.RouteParentStatus, 0, len(old)+len(decided))
	for _, p := range old {
		if string(p.ControllerName) != controllerName {
			out = append(out, p)
		}
	}
	for _, p := range decided {
		var prev []metav1.Condition
		for _, o := range old {
			if string(o.ControllerName) == controllerName && equality.Semantic.DeepEqual(o.ParentRef, p.ParentRef) {
				prev = o.Conditions
			}
		}
		p.Conditions = mergeConditions(prev, p.Conditions, gen, now)
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// gatewayControllerName is the GatewayClass controllerName served.
func (c *Controller) gatewayControllerName() string {
	if n := c.opts.Translator.GatewayControllerName; n != "" {
		return n
	}
	return translator.DefaultGatewayControllerName
}

// nowSeconds is the transition time of a changed condition (conditions
// carry seconds).
func nowSeconds() metav1.Time { return metav1.NewTime(time.Now().Truncate(time.Second)) }
