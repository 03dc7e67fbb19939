package translator

import (
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
)

func TestPathClaims(t *testing.T) {
	c := (&scratch{}).pathClaims(1, 1)
	owners := []*parsedIngress{{}, {}, {}, {}}
	keys := []pathKey{
		{host: "a", path: "/", pathType: networkingv1.PathTypePrefix},
		{host: "a", path: "/", pathType: networkingv1.PathTypeExact},
		{host: "a", path: "/x", pathType: networkingv1.PathTypePrefix},
		{host: "", path: "*", pathType: "default"},
	}
	for i, k := range keys {
		if _, ok := c.get(k); ok {
			t.Fatalf("%v claimed before set", k)
		}
		c.set(k, claimedPath{owner: owners[i]})
	}
	c.set(keys[1], claimedPath{owner: owners[3]}) // replaces
	want := []*parsedIngress{owners[0], owners[3], owners[2], owners[3]}
	for i, k := range keys {
		got, ok := c.get(k)
		if !ok || got.owner != want[i] {
			t.Errorf("%v: got %v, %v", k, got.owner, ok)
		}
	}
	if _, ok := c.get(pathKey{host: "b", path: "/", pathType: networkingv1.PathTypePrefix}); ok {
		t.Error("unclaimed host found")
	}
	if !c.servesHost("a") || !c.servesHost("") || c.servesHost("b") {
		t.Error("servesHost")
	}
	if len(c.entries) != 4 {
		t.Errorf("%d entries, want 4", len(c.entries))
	}
}
