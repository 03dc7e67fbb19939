package translator

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestIngressOrder: oldest first, then namespace, then name, whatever the
// names' lengths and shared prefixes (the sort compares 16-byte prefixes
// as integers before the strings).
func TestIngressOrder(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	names := []string{"", "a", "ab", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefghijklmnoq", "team-payments-prod", "team-payments-dev", "z"}
	rng := rand.New(rand.NewPCG(1, 2))
	var owned []parsedIngress
	for i := 0; i < 400; i++ {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{
			Namespace: names[rng.IntN(len(names))],
			Name:      names[rng.IntN(len(names))] + strings.Repeat("x", rng.IntN(3)),
		}}
		if k := rng.IntN(4); k > 0 {
			ing.CreationTimestamp = metav1.NewTime(base.Add(time.Duration(k) * time.Second).Add(time.Duration(rng.IntN(2))))
		}
		owned = append(owned, parsedIngress{ing: ing})
	}
	want := make([]int32, len(owned))
	for i := range want {
		want[i] = int32(i)
	}
	slices.SortStableFunc(want, func(x, y int32) int {
		a, b := owned[x].ing, owned[y].ing
		if c := a.CreationTimestamp.Time.Compare(b.CreationTimestamp.Time); c != 0 {
			return c
		}
		if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	// The second call reuses the scratch memory of the first, as pooled
	// scratch does.
	sc := &scratch{}
	ingressOrder(owned[:len(owned)/2], sc)
	got := ingressOrder(owned, sc)
	for i := range got {
		g, w := owned[got[i]].ing, owned[want[i]].ing
		if !g.CreationTimestamp.Equal(&w.CreationTimestamp) || g.Namespace != w.Namespace || g.Name != w.Name {
			t.Fatalf("position %d: got %s %s/%s, want %s %s/%s", i, g.CreationTimestamp, g.Namespace, g.Name, w.CreationTimestamp, w.Namespace, w.Name)
		}
	}
}
