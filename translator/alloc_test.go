package translator

import (
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestAllocatorBlocksAreIndependent: objects, node and string lists and strings carved
// from one block never share memory, an append past a node list's room
// moves it instead of overwriting its neighbour, and blocks grow from the
// snapshot's estimate (one object for an admission) to their maximum.
func TestAllocatorBlocksAreIndependent(t *testing.T) {
	a := newAllocator(1, 1)
	r1, r2 := a.route(), a.route()
	if r1 == r2 {
		t.Fatal("two routes share memory")
	}
	r1.ID, r2.ID = "a", "b"
	if r1.ID != "a" {
		t.Fatal("writing one route changed another")
	}
	if a.routeBlock != 4 { // 1, then 2, next 4
		t.Errorf("route block %d, want 4 after two blocks", a.routeBlock)
	}
	x, y := a.nodeList(2), a.nodeList(2)
	x = append(x, apisix.Node{Host: "x1"}, apisix.Node{Host: "x2"})
	y = append(y, apisix.Node{Host: "y1"}, apisix.Node{Host: "y2"})
	x = append(x, apisix.Node{Host: "x3"}) // past its room: moves
	if y[0].Host != "y1" || x[2].Host != "x3" || len(y) != 2 {
		t.Fatalf("node lists overlap: x %v, y %v", x, y)
	}
	h1, h2 := a.stringList(1), a.stringList(1)
	h1, h2 = append(h1, "a.example.com"), append(h2, "b.example.com")
	h1 = append(h1, "alias.example.com") // past its room: moves
	if h2[0] != "b.example.com" || len(h1) != 2 || h1[0] != "a.example.com" {
		t.Fatalf("string lists overlap: %v %v", h1, h2)
	}
	if l := a.nodeList(0); l == nil || len(l) != 0 {
		t.Errorf("an empty node list must be empty and not nil: %#v", l)
	}
	var ss []string
	for i := range 3000 { // several string blocks
		b := a.buf(20)
		for j := range b {
			b[j] = byte('a' + (i+j)%26)
		}
		ss = append(ss, str(b))
	}
	for i, s := range ss {
		if len(s) != 20 || s[0] != byte('a'+i%26) {
			t.Fatalf("string %d changed: %q", i, s)
		}
	}
	if a.stringBlock != maxStringBlock {
		t.Errorf("string block %d, want it grown to %d", a.stringBlock, maxStringBlock)
	}
}
