package translator_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// applyStep makes 1 to 4 random changes (as step does) through Apply,
// without asking for the result.
func (c *churn) applyStep() {
	set := map[translator.ObjectRef]runtime.Object{}
	var deleted []translator.ObjectRef
	for range c.rng.IntN(4) + 1 {
		if c.rng.IntN(4) == 0 && len(c.live) > 0 {
			refs := slices.SortedFunc(maps.Keys(c.live), compareRefs)
			r := refs[c.rng.IntN(len(refs))]
			if _, ok := set[r]; ok {
				continue
			}
			delete(c.live, r)
			deleted = append(deleted, r)
			continue
		}
		p := c.pool[c.rng.IntN(len(c.pool))]
		if slices.Contains(deleted, p.ref) {
			continue
		}
		o := c.variant(p)
		set[p.ref] = o
		c.live[p.ref] = o
	}
	var setObjs []runtime.Object
	for _, o := range set {
		setObjs = append(setObjs, o)
	}
	c.tr.Apply(snapshotOf(setObjs), deleted)
}

// TestApplyBatchesEqualFull: batches of 1 to 12 random steps through
// Apply, the result asked for only after each batch (so that Result makes
// several changes at once, see mergeChanges); each result renders byte for
// byte as a full translation of the same objects.
func TestApplyBatchesEqualFull(t *testing.T) {
	pool := objectPool(t)
	for seed := range uint64(4) {
		c := newChurn(pool, 100+seed)
		for i := range 20 {
			for range c.rng.IntN(12) + 1 {
				c.applyStep()
			}
			var all []runtime.Object
			for _, o := range c.live {
				all = append(all, o)
			}
			gotRes := c.tr.Result()
			got, err := render(gotRes)
			require.NoError(t, err)
			wantRes := translator.Translate(snapshotOf(all), translator.Options{})
			want, err := render(wantRes)
			require.NoError(t, err)
			got, want = append(got, renderConflicts(gotRes)...), append(want, renderConflicts(wantRes)...)
			if string(got) != string(want) {
				t.Fatalf("seed %d batch %d: the result differs from a full translation:\n%s", seed, i, firstDifference(string(want), string(got)))
			}
		}
	}
}

// TestApplyReturnsTheChange: an Ingress edit through Apply returns that
// Ingress alone as gone and translated again (its three routes out, its
// three new ones in, its one status), and the Result after it equals
// Translate of the edited snapshot.
func TestApplyReturnsTheChange(t *testing.T) {
	snap := ingressSnapshot(20)
	tr := translator.NewTranslator(translator.Options{})
	tr.Update(snap, nil)
	ing := snap.Ingresses[7].DeepCopy()
	ing.Spec.Rules[0].HTTP.Paths[1].Path = "/api-v2"
	c := tr.Apply(&translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing}}, nil)
	ref := translator.ObjectRef{Kind: translator.KindIngress, Namespace: ing.Namespace, Name: ing.Name}
	require.Equal(t, []translator.ObjectRef{ref}, c.Gone)
	require.Len(t, c.Statuses, 1)
	require.Equal(t, ref, c.Statuses[0].Ref)
	require.Len(t, c.Removed.Routes, 3)
	require.Len(t, c.Added.Routes, 3)
	for _, r := range c.Added.Routes {
		require.Equal(t, ing.Name, r.Labels[apisix.LabelSourceName], "route %s", r.ID)
	}

	edited := *snap
	edited.Ingresses = slices.Clone(snap.Ingresses)
	edited.Ingresses[7] = ing
	got, err := render(tr.Result())
	require.NoError(t, err)
	want, err := render(translator.Translate(&edited, translator.Options{}))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}
