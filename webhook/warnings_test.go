package webhook

import (
	"fmt"
	"strings"
	"testing"
)

// clipRunes is the reference clip: through a []rune conversion.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

func TestClipMatchesRuneConversion(t *testing.T) {
	long := strings.Repeat("a", 200)
	for _, s := range []string{"", "short", long, "é" + long, strings.Repeat("é", 130),
		"x\xffy" + long, long[:110] + "\xff\xfe" + long, strings.Repeat("日本", 70), long[:116] + "日本語"} {
		for _, n := range []int{10, 120} {
			if got, want := clip(s, n), clipRunes(s, n); got != want {
				t.Errorf("clip(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func TestWarningsDeduplicated(t *testing.T) {
	var w warnings
	for i := range 3 * linearDedupe {
		w.add(fmt.Sprint(i % (2 * linearDedupe)))
	}
	if len(w.list) != 2*linearDedupe {
		t.Fatalf("%d warnings, want %d", len(w.list), 2*linearDedupe)
	}
	for i, m := range w.list {
		if m != fmt.Sprint(i) {
			t.Fatalf("warning %d is %q", i, m)
		}
	}
}

func TestAddBytesMatchesAdd(t *testing.T) {
	long := strings.Repeat("a", 200)
	inputs := []string{"", "short", long, "é" + long, strings.Repeat("é", 130), strings.Repeat("x", 117) + "\xff" + long,
		"\xff" + long, "two\nlines " + long, strings.Repeat("b", 120), strings.Repeat("é", 120), strings.Repeat("c", 121), "short",
		strings.Repeat("é", 121), strings.Repeat("d", 117) + "é€" + long, strings.Repeat("e", 116) + "\xe2\x82" + long,
		strings.Repeat("\xff", 125), strings.Repeat("f", 119) + "\xe2\x82", strings.Repeat("g", 115) + "\xff" + long, "tab\there"}
	var want, got warnings
	for _, s := range inputs {
		want.add(s)
		got.addBytes([]byte(s))
	}
	if fmt.Sprint(want.list) != fmt.Sprint(got.list) {
		t.Fatalf("addBytes gave %q, add %q", got.list, want.list)
	}
}

func TestAddBytesMatchesAddRandom(t *testing.T) {
	pieces := []string{"a", "é", "€", "\xff", "\xe2", "\x82", "𝄞", " "}
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for range 5000 {
		var sb strings.Builder
		for range 100 + next(40) {
			sb.WriteString(pieces[next(len(pieces))])
		}
		var want, got warnings
		want.add(sb.String())
		got.addBytes([]byte(sb.String()))
		if fmt.Sprint(want.list) != fmt.Sprint(got.list) {
			t.Fatalf("%q: addBytes gave %q, add %q", sb.String(), got.list, want.list)
		}
	}
}
