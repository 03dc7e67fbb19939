package controller_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestFailover runs two managers with leader election (lease 4 s, renew
// 3 s, retry 0.5 s); stopping the leader hands over to the standby, which
// was translating all along and writes nothing when nothing changed.
func TestFailover(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	var objs []client.Object
	for i := range 100 {
		objs = append(objs, app(ns, i)...)
	}
	createAll(t, objs)
	le := &leaderOptions{id: "apisix-ingress-" + ns, namespace: ns}
	a := f.start(t, f.controllerOptions(), le)
	eventually(t, convergeTimeout, "a leads", func() error {
		if !a.c.IsLeader() {
			return errNotYet
		}
		return nil
	})
	b := f.start(t, f.controllerOptions(), le)
	eventually(t, convergeTimeout, "converged under a", func() error { return f.converged() })
	eventually(t, convergeTimeout, "b warm", func() error {
		if !b.c.Ready() || b.c.Stats().Translations == 0 {
			return errNotYet
		}
		return nil
	})
	require.False(t, b.c.IsLeader())
	require.Zero(t, b.c.Stats().Syncs, "a standby synced")

	w := writes(f.srv)
	stopped := time.Now()
	a.stop(t)
	eventually(t, convergeTimeout, "b takes over", func() error {
		if !b.c.IsLeader() || b.c.Stats().Syncs == 0 {
			return errNotYet
		}
		return nil
	})
	took := time.Since(stopped)
	t.Logf("standby synced as leader %s after the leader stopped", took.Round(time.Millisecond))
	require.Less(t, took, 30*time.Second)
	require.Equal(t, w, writes(f.srv), "the new leader wrote although nothing changed")
	require.NoError(t, f.converged())

	// The new leader serves changes.
	deleteAll(t, objs[:3])
	eventually(t, convergeTimeout, "b syncs changes", func() error { return f.converged() })
}

// objectKey names an APISIX object.
type objectKey struct {
	kind apisix.Kind
	id   string
}

// idsOf returns the APISIX objects a source produced in res.
func idsOf(res *translator.Result, ref translator.ObjectRef) []objectKey {
	var out []objectKey
	for _, o := range res.State.All() {
		l := o.GetLabels()
		if l[apisix.LabelSourceKind] == ref.Kind && l[apisix.LabelSourceNamespace] == ref.Namespace && l[apisix.LabelSourceName] == ref.Name {
			out = append(out, objectKey{o.Kind(), o.GetID()})
		}
	}
	return out
}
