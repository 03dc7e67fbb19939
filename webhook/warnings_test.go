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
