package apisix_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestStateSortLarge checks the keyed sort of large lists against a plain
// string sort, with ids that share long prefixes, are prefixes of each other
// and are shorter than the 16-byte key.
func TestStateSortLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &apisix.State{}
	var want []string
	for i := 0; i < 3000; i++ {
		var id string
		switch i % 4 {
		case 0:
			id = fmt.Sprintf("ing-r-%032x", rng.Uint64())
		case 1:
			id = fmt.Sprintf("shared-prefix-of-20-%d", rng.IntN(100000))
		case 2:
			id = fmt.Sprintf("%d", rng.IntN(1000))
		default:
			id = fmt.Sprintf("ar-r-%x\x00%d", rng.IntN(50), i)
		}
		if slices.Contains(want, id) {
			continue
		}
		want = append(want, id)
		s.Add(&apisix.Route{ID: id})
	}
	slices.Sort(want)
	s.Sort()
	for i, r := range s.Routes {
		if r.ID != want[i] {
			t.Fatalf("position %d: got %q, want %q", i, r.ID, want[i])
		}
	}
}
