package translator

import (
	"strings"
	"testing"
)

// TestMakeIDName: one allocation, the same strings as makeID and makeName.
func TestMakeIDName(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, c := range []struct{ idParts, nameParts []string }{
		{[]string{"ns", "web", "example.com", "Prefix", "/api"}, []string{"ns", "web", "example.com", "/api"}},
		{[]string{"ns", long}, []string{"ns", long}},
		{[]string{""}, []string{""}},
	} {
		id, name := makeIDName(tagIngress, "r", c.idParts, c.nameParts...)
		if want := makeID(tagIngress, "r", c.idParts...); id != want {
			t.Errorf("id %q, want %q", id, want)
		}
		if want := makeName(c.nameParts...); name != want {
			t.Errorf("name %q, want %q", name, want)
		}
	}
}
