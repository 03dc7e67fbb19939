package gatewayconformance

import (
	"context"
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TestGatewayClassAccepted: the controller accepts the GatewayClass of its
// controllerName at the class's current generation (the suite's first
// check), and leaves a class of another controller alone.
func TestGatewayClassAccepted(t *testing.T) {
	s := need(t)
	ctx := context.Background()
	other := &gatewayv1.GatewayClass{
		ObjectMeta: metav1.ObjectMeta{Name: "not-ours"},
		Spec:       gatewayv1.GatewayClassSpec{ControllerName: "example.com/other"},
	}
	if err := s.client.Create(ctx, other); err != nil {
		t.Fatal(err)
	}
	eventually(t, 60*time.Second, "GatewayClass apisix Accepted at its generation", func() error {
		var gc gatewayv1.GatewayClass
		if err := s.client.Get(ctx, types.NamespacedName{Name: gatewayClassName}, &gc); err != nil {
			return err
		}
		c := meta.FindStatusCondition(gc.Status.Conditions, string(gatewayv1.GatewayClassConditionStatusAccepted))
		if c == nil || c.Status != metav1.ConditionTrue || c.ObservedGeneration != gc.Generation {
			return fmt.Errorf("conditions %+v at generation %d", gc.Status.Conditions, gc.Generation)
		}
		return nil
	})
	var gc gatewayv1.GatewayClass
	if err := s.client.Get(ctx, types.NamespacedName{Name: "not-ours"}, &gc); err != nil {
		t.Fatal(err)
	}
	if c := meta.FindStatusCondition(gc.Status.Conditions, "Accepted"); c == nil || c.Status != metav1.ConditionUnknown {
		t.Errorf("a class of another controller: Accepted %+v, want the CRD's default (Unknown)", c)
	}
}
