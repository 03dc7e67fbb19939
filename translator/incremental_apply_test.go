package translator_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

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
