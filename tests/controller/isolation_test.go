package controller_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestIsolation: one invalid ApisixRoute among 500 valid ones. The 500 are
// synced (each Synced=True) and the bad one's status names the field; a
// route that breaks after it was served keeps what APISIX served.
func TestIsolation(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	f.start(t, f.controllerOptions(), nil)
	ctx := context.Background()
	var objs []client.Object
	for i := range 501 {
		objs = append(objs, routeApp(ns, i)...)
	}
	bad := objs[3*500+2].(*apiv2.ApisixRoute)
	bad.Spec.HTTP[0].Timeout = &apiv2.UpstreamTimeout{Read: "0s"}
	createAll(t, objs)

	eventually(t, convergeTimeout, "500 synced", func() error { return f.converged() })
	res, err := f.expected(ctx)
	require.NoError(t, err)
	require.Len(t, res.State.Routes, 500)

	eventually(t, convergeTimeout, "statuses", func() error {
		var l apiv2.ApisixRouteList
		if err := env.Client.List(ctx, &l, client.InNamespace(ns)); err != nil {
			return err
		}
		synced := 0
		for _, ar := range l.Items {
			if ar.Name == bad.Name {
				c := meta.FindStatusCondition(ar.Status.Conditions, apiv2.ConditionAccepted)
				if c == nil || c.Status != metav1.ConditionFalse || !strings.Contains(c.Message, "spec.http[0].timeout.read") {
					return fmt.Errorf("bad route status: %+v", ar.Status)
				}
				continue
			}
			c := meta.FindStatusCondition(ar.Status.Conditions, apiv2.ConditionSynced)
			if c != nil && c.Status == metav1.ConditionTrue && ar.Status.ObservedGeneration == ar.Generation {
				synced++
			}
		}
		if synced != 500 {
			return fmt.Errorf("%d of 500 synced", synced)
		}
		return nil
	})

	// Breaking a served route keeps its APISIX objects.
	good := &apiv2.ApisixRoute{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "ar-7"}, good))
	ref := translator.ObjectRef{Kind: apiv2.KindApisixRoute, Namespace: ns, Name: "ar-7"}
	before := idsOf(res, ref)
	require.NotEmpty(t, before)
	good.Spec.HTTP[0].Timeout = &apiv2.UpstreamTimeout{Read: "0s"}
	require.NoError(t, env.Client.Update(ctx, good))
	eventually(t, convergeTimeout, "broken route reported", func() error {
		var ar apiv2.ApisixRoute
		if err := env.Client.Get(ctx, client.ObjectKeyFromObject(good), &ar); err != nil {
			return err
		}
		c := meta.FindStatusCondition(ar.Status.Conditions, apiv2.ConditionAccepted)
		if c == nil || c.Status != metav1.ConditionFalse || ar.Status.ObservedGeneration != ar.Generation {
			return errNotYet
		}
		return nil
	})
	store := f.srv.Snapshot()
	for _, k := range before {
		_, ok := store[k.kind][k.id]
		require.True(t, ok, "%s/%s of a route that broke was deleted", k.kind, k.id)
	}
}
