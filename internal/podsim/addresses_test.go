package podsim

import "testing"

// TestPoolHandsOutEachAddressOnce: the first address is the Node's; Pods get
// the next ones in order, never .0 or .255 (of a larger block) and never
// one in use; a freed address comes back only after the others.
func TestPoolHandsOutEachAddressOnce(t *testing.T) {
	p, err := newPool("198.18.248.0/23")
	if err != nil {
		t.Fatal(err)
	}
	if p.node != "198.18.248.1" {
		t.Fatalf("node = %s", p.node)
	}
	seen := map[string]bool{}
	var last string
	for {
		a := p.take()
		if a == "" {
			break
		}
		if seen[a] || a == p.node || a == "198.18.248.255" || a == "198.18.249.0" || a == "198.18.249.255" {
			t.Fatalf("take() = %s (seen %v)", a, seen[a])
		}
		seen[a] = true
		last = a
	}
	if len(seen) != 507 || last != "198.18.249.254" {
		t.Fatalf("%d addresses, last %s; want 507, 198.18.249.254", len(seen), last)
	}
	p.free("198.18.248.77")
	if a := p.take(); a != "198.18.248.77" {
		t.Fatalf("after free, take() = %s", a)
	}
	if _, err := newPool("198.18.248.0/25"); err == nil {
		t.Fatal("a /25 was accepted")
	}
}
