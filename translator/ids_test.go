package translator

import (
	"regexp"
	"strings"
	"testing"
)

// TestChildIDName pins the id format (APISIX stores these ids: a change
// would make the controller replace every object), checks it against
// APISIX's id rules, and checks that names are makeName's, cut at 256 bytes.
func TestChildIDName(t *testing.T) {
	src := digestOf("ns", "web")
	id, name := childIDName(tagIngress, "r", &src, []string{"example.com", "Prefix", "/api"}, "ns", "web", "example.com", "/api")
	if want := "ing-r-13df43b8684af8bf" + "ab00ffca63f3e3dc2f250a09884981fd"; id != want {
		t.Errorf("id %q, want %q", id, want)
	}
	if name != "ns_web_example.com_/api" {
		t.Errorf("name %q", name)
	}
	valid := regexp.MustCompile(`^[a-zA-Z0-9-_.]{1,64}$`) // APISIX's id schema
	long := strings.Repeat("x", 300)
	for _, c := range []struct{ childParts, nameParts []string }{
		{[]string{"example.com", "Prefix", "/api"}, []string{"ns", "web", "example.com", "/api"}},
		{[]string{long}, []string{"ns", long}},
		{[]string{""}, []string{""}},
		{[]string{"a"}, []string{strings.Repeat("y", 255), "z", "w"}},
		{[]string{"a"}, []string{strings.Repeat("y", 254), "z", "w"}},
	} {
		id, name := childIDName(tagApisixRoute, "u", &src, c.childParts, c.nameParts...)
		if !valid.MatchString(id) {
			t.Errorf("id %q breaks APISIX's id rules", id)
		}
		if want := makeName(c.nameParts...); name != want {
			t.Errorf("name %q, want %q", name, want)
		}
	}
}

// TestChildHashSeparatesParts: parts are length-delimited and keyed by the
// source, so neither moving a boundary nor changing the source collides.
func TestChildHashSeparatesParts(t *testing.T) {
	a, b := digestOf("ns", "one"), digestOf("ns", "two")
	seen := map[uint64]string{}
	for _, c := range []struct {
		src   *sourceDigest
		parts []string
		label string
	}{
		{&a, []string{"ab", "c"}, "a ab|c"},
		{&a, []string{"a", "bc"}, "a a|bc"},
		{&a, []string{"abc"}, "a abc"},
		{&a, []string{"abc", ""}, "a abc|"},
		{&a, []string{"12345678", "9"}, "a 12345678|9"},
		{&a, []string{"123456789"}, "a 123456789"},
		{&b, []string{"ab", "c"}, "b ab|c"},
	} {
		h := childHash(c.src, c.parts)
		if prev, ok := seen[h]; ok {
			t.Errorf("%s and %s hash alike", prev, c.label)
		}
		seen[h] = c.label
	}
}
