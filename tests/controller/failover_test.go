package controller_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestFailover runs two managers with leader election (lease 4 s, renew
// 3 s, retry 0.5 s); stopping the leader hands over to the standby, which
// was translating all along and writes nothing when nothing changed.
//   - double: both controllers write to one in-memory Admin API.
//   - real: two APISIX instances share one etcd and the controllers are
//     given both Admin APIs; after the handover the first APISIX is killed,
//     the new leader writes through the second, and both gateways serve
//     the same routes (one etcd).
func TestFailover(t *testing.T) {
	t.Run("double", func(t *testing.T) {
		failover(t, newFixture(t, 1))
	})
	t.Run("real", func(t *testing.T) {
		first := testutil.APISIX(t, apisixrt.Options{AdminKey: "test-admin-key"})
		second := testutil.APISIX(t, apisixrt.Options{AdminKey: "test-admin-key", EtcdURL: first.EtcdURL})
		f := realFixtureOn(t, first, second)
		objs := failover(t, f)
		for _, in := range []*apisixrt.Instance{first, second} {
			answers(t, in, "h50.example.com", "/p50", 200)
		}
		require.NoError(t, first.Kill())
		deleteAll(t, objs[3:6]) // app 1
		eventually(t, convergeTimeout, "b syncs through the second APISIX", func() error { return f.converged() })
		answers(t, second, "h1.example.com", "/p1", 404)
		answers(t, second, "h50.example.com", "/p50", 200)
	})
}

// failover runs TestFailover's handover on f with 100 apps and returns
// them; the first app has been deleted under the new leader.
func failover(t *testing.T, f *fixture) []client.Object {
	ns := f.ns[0]
	var objs []client.Object
	for i := range 100 {
		objs = append(objs, f.app(ns, i)...)
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

	w := f.writes(t)
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
	require.Equal(t, w, f.writes(t), "the new leader wrote although nothing changed")
	require.NoError(t, f.converged())

	// The new leader serves changes.
	deleteAll(t, objs[:3])
	eventually(t, convergeTimeout, "b syncs changes", func() error { return f.converged() })
	return objs
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
