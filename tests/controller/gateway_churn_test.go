package controller_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestGatewayAPIChurnStatuses creates Gateways and HTTPRoutes in several
// namespaces at once, then deletes some Gateways, edits some routes and
// Gateways
// Gateways and creates new Gateways, all concurrently, and requires what a user waiting
// on `kubectl wait --for=condition=Programmed` needs: every live Gateway
// Accepted and Programmed for its current generation with an address and
// its listener's one attached route,
// every route of a live Gateway Accepted for its current generation, and
// APISIX holding exactly the translation of the cluster. (A controller fed
// by events once stopped writing Gateway statuses under such concurrent
// changes while a single Gateway worked.)
func TestGatewayAPIChurnStatuses(t *testing.T) {
	const perNS = 20
	f := newFixture(t, 4)
	class := fmt.Sprintf("churn-%d", nsCounter.Add(1))
	opts := f.controllerOptions()
	opts.Translator.GatewayAddressPool = "198.51.100.0/24"
	f.translatorOpts = opts.Translator
	f.start(t, opts, nil)
	createAll(t, []client.Object{&gwv1.GatewayClass{
		ObjectMeta: metav1.ObjectMeta{Name: class},
		Spec:       gwv1.GatewayClassSpec{ControllerName: translator.DefaultGatewayControllerName},
	}})
	t.Cleanup(func() {
		deleteAll(t, []client.Object{&gwv1.GatewayClass{ObjectMeta: metav1.ObjectMeta{Name: class}}})
	})

	var objs []client.Object
	for _, ns := range f.ns {
		for i := range perNS {
			objs = append(objs, churnGatewayApp(ns, class, i)...)
		}
	}
	createAll(t, objs)
	// While the first wave is still being translated: delete every third
	// Gateway, move every route's path, and add a second wave.
	var gone, more []client.Object
	for _, ns := range f.ns {
		for i := 0; i < perNS; i += 3 {
			gone = append(gone, &gwv1.Gateway{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("gw-%d", i)}})
		}
		for i := perNS; i < perNS+4; i++ {
			more = append(more, churnGatewayApp(ns, class, i)...)
		}
	}
	deleteAll(t, gone)
	createAll(t, more)
	ctx := context.Background()
	for _, ns := range f.ns {
		for i := 1; i < perNS; i += 2 {
			require.NoError(t, retry.RetryOnConflict(retry.DefaultRetry, func() error { // the controller writes its status
				var r gwv1.HTTPRoute
				if err := env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: fmt.Sprintf("route-%d", i)}, &r); err != nil {
					return err
				}
				r.Spec.Rules[0].Matches[0].Path.Value = ptr(fmt.Sprintf("/moved-%d", i))
				return env.Client.Update(ctx, &r)
			}))
		}
	}

	for _, ns := range f.ns {
		for i := 1; i < perNS; i += 3 { // live Gateways: a new generation each
			require.NoError(t, retry.RetryOnConflict(retry.DefaultRetry, func() error {
				var g gwv1.Gateway
				if err := env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: fmt.Sprintf("gw-%d", i)}, &g); err != nil {
					return err
				}
				g.Spec.Listeners[0].Name = "web"
				return env.Client.Update(ctx, &g)
			}))
		}
	}

	eventually(t, convergeTimeout, "gateway statuses", func() error { return gatewayStatusesCurrent(ctx, f.ns) })
	eventually(t, convergeTimeout, "store", func() error { return f.converged() })
}

// churnGatewayApp is a Service, its EndpointSlice, a Gateway gw-i of class
// with one HTTP listener for gw-i.example.com, and an HTTPRoute route-i
// attached to it.
func churnGatewayApp(ns, class string, i int) []client.Object {
	svc := fmt.Sprintf("svc-%d", i)
	gw := fmt.Sprintf("gw-%d", i)
	host := gwv1.Hostname(fmt.Sprintf("gw-%d.example.com", i))
	return []client.Object{
		service(ns, svc),
		endpointSlice(ns, svc, fmt.Sprintf("10.20.%d.1", i)),
		&gwv1.Gateway{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: gw},
			Spec: gwv1.GatewaySpec{GatewayClassName: gwv1.ObjectName(class), Listeners: []gwv1.Listener{{
				Name: "http", Protocol: gwv1.HTTPProtocolType, Port: 80, Hostname: &host,
			}}},
		},
		&gwv1.HTTPRoute{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("route-%d", i)},
			Spec: gwv1.HTTPRouteSpec{
				CommonRouteSpec: gwv1.CommonRouteSpec{ParentRefs: []gwv1.ParentReference{{Name: gwv1.ObjectName(gw)}}},
				Rules: []gwv1.HTTPRouteRule{{
					Matches: []gwv1.HTTPRouteMatch{{Path: &gwv1.HTTPPathMatch{
						Type: ptr(gwv1.PathMatchPathPrefix), Value: ptr(fmt.Sprintf("/p%d", i))}}},
					BackendRefs: []gwv1.HTTPBackendRef{{BackendRef: gwv1.BackendRef{BackendObjectReference: gwv1.BackendObjectReference{
						Name: gwv1.ObjectName(svc), Port: ptr(gwv1.PortNumber(80))}}}},
				}},
			},
		},
	}
}

// gatewayStatusesCurrent checks the statuses of the Gateways and
// HTTPRoutes in namespaces: live Gateways Accepted and Programmed for their
// generation, with an address; routes whose Gateway lives Accepted by this
// controller for their generation.
func gatewayStatusesCurrent(ctx context.Context, namespaces []string) error {
	for _, ns := range namespaces {
		var gws gwv1.GatewayList
		if err := env.Client.List(ctx, &gws, client.InNamespace(ns)); err != nil {
			return err
		}
		live := map[string]bool{}
		for _, g := range gws.Items {
			live[g.Name] = true
			for _, c := range []string{string(gwv1.GatewayConditionAccepted), string(gwv1.GatewayConditionProgrammed)} {
				cond := meta.FindStatusCondition(g.Status.Conditions, c)
				if cond == nil || cond.Status != metav1.ConditionTrue || cond.ObservedGeneration != g.Generation {
					return fmt.Errorf("gateway %s/%s: %s is %+v", ns, g.Name, c, cond)
				}
			}
			if len(g.Status.Addresses) == 0 {
				return fmt.Errorf("gateway %s/%s has no address", ns, g.Name)
			}
			if len(g.Status.Listeners) != 1 || string(g.Status.Listeners[0].Name) != string(g.Spec.Listeners[0].Name) ||
				g.Status.Listeners[0].AttachedRoutes != 1 {
				return fmt.Errorf("gateway %s/%s: listeners %+v, want %s with 1 attached route", ns, g.Name, g.Status.Listeners, g.Spec.Listeners[0].Name)
			}
		}
		var routes gwv1.HTTPRouteList
		if err := env.Client.List(ctx, &routes, client.InNamespace(ns)); err != nil {
			return err
		}
		for _, r := range routes.Items {
			if !live[string(r.Spec.ParentRefs[0].Name)] {
				continue
			}
			var cond *metav1.Condition
			for _, p := range r.Status.Parents {
				if string(p.ControllerName) == translator.DefaultGatewayControllerName {
					cond = meta.FindStatusCondition(p.Conditions, string(gwv1.RouteConditionAccepted))
				}
			}
			if cond == nil || cond.Status != metav1.ConditionTrue || cond.ObservedGeneration != r.Generation {
				return fmt.Errorf("httproute %s/%s: Accepted is %+v", ns, r.Name, cond)
			}
		}
	}
	return nil
}
