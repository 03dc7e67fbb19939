package controller_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestGlobalRuleDuplicateLoserYields: an ApisixGlobalRule is served alone;
// then an older one configuring the same plugin becomes the controller's
// (its class changes). The translator keeps the older and withholds the
// newer (Duplicate); the controller must then delete the newer's served
// global rule instead of keeping it as a withheld source's configuration:
// APISIX allows a plugin in one global rule only, so keeping it refuses the
// older rule (real APISIX) or leaves two rules running the plugin (double).
// This is the order-dependent "orphan" TestEveryKindExact saw when two
// samples configuring prometheus were created in the same second. Then an
// unrelated ApisixGlobalRule is created and deleted: its global rule goes
// with it, although an ApisixGlobalRule is still withheld.
func TestGlobalRuleDuplicateLoserYields(t *testing.T) {
	t.Run("double", func(t *testing.T) { globalRuleLoserYields(t, newFixture(t, 1)) })
	t.Run("real", func(t *testing.T) {
		f, _ := realFixture(t)
		globalRuleLoserYields(t, f)
	})
}

func globalRuleLoserYields(t *testing.T, f *fixture) {
	ns := f.ns[0]
	f.start(t, f.controllerOptions(), nil)
	older := globalRule(ns, "older", "another-controller", "prometheus")
	createAll(t, []client.Object{older})
	time.Sleep(1100 * time.Millisecond) // creation timestamps have whole seconds
	newer := globalRule(ns, "newer", "apisix", "prometheus")
	createAll(t, []client.Object{newer})
	eventually(t, convergeTimeout, "the newer served alone", func() error { return f.converged() })
	requireGlobalRules(t, f, 1)

	older.Spec.IngressClassName = "apisix"
	require.NoError(t, env.Client.Update(context.Background(), older))
	eventually(t, convergeTimeout, "the older served instead", func() error {
		res, err := f.expected(context.Background())
		if err != nil {
			return err
		}
		if len(res.State.GlobalRules) != 1 || len(res.Failed()) != 1 {
			return errNotYet // the cluster change is not visible yet
		}
		return f.converged()
	})
	requireGlobalRules(t, f, 1)

	// While the newer stays withheld, another ApisixGlobalRule comes and
	// goes: its global rule is deleted with it, not kept as if it were the
	// withheld one's (global rules carry no labels; the id names the source).
	other := globalRule(ns, "other", "apisix", "request-id")
	createAll(t, []client.Object{other})
	eventually(t, convergeTimeout, "another served", func() error { return f.converged() })
	requireGlobalRules(t, f, 2)
	deleteAll(t, []client.Object{other})
	eventually(t, convergeTimeout, "another deleted", func() error {
		res, err := f.expected(context.Background())
		if err != nil {
			return err
		}
		if len(res.State.GlobalRules) != 1 {
			return errNotYet
		}
		return f.converged()
	})
	requireGlobalRules(t, f, 1)
}

// globalRule is an ApisixGlobalRule of class enabling plugins.
func globalRule(ns, name, class string, plugins ...string) *apiv2.ApisixGlobalRule {
	g := &apiv2.ApisixGlobalRule{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       apiv2.ApisixGlobalRuleSpec{IngressClassName: class},
	}
	for _, p := range plugins {
		g.Spec.Plugins = append(g.Spec.Plugins, apiv2.ApisixRoutePlugin{Name: p, Enable: ptr(true)})
	}
	return g
}

// requireGlobalRules asserts how many global rules the Admin API holds.
func requireGlobalRules(t *testing.T, f *fixture, n int) {
	t.Helper()
	st, err := f.stored()
	require.NoError(t, err)
	require.Len(t, st[apisix.KindGlobalRule], n, "global rules: %v", st[apisix.KindGlobalRule])
}
