package webhook

import (
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// warnings collects the warnings of one admission: deduplicated, in the
// order added, each at most DefaultMaxWarningChars characters, on one line.
type warnings struct {
	list []string
	seen map[string]bool // set once the list is longer than linearDedupe
}

func (w *warnings) add(msg string) {
	msg = clip(oneLine(msg), DefaultMaxWarningChars)
	if msg == "" || w.has(msg) {
		return
	}
	if len(w.list) >= linearDedupe {
		if w.seen == nil {
			w.seen = make(map[string]bool, 2*len(w.list))
			for _, m := range w.list {
				w.seen[m] = true
			}
		}
		w.seen[msg] = true
	}
	w.list = append(w.list, msg)
}

// linearDedupe is the number of warnings up to which duplicates are found
// by scanning the list (an admission usually has a few dozen at most).
const linearDedupe = 64

func (w *warnings) has(msg string) bool {
	if w.seen != nil {
		return w.seen[msg]
	}
	for _, m := range w.list {
		if m == msg {
			return true
		}
	}
	return false
}

// addField adds "field: message".
func (w *warnings) addField(f, msg string) {
	if f == "" {
		w.add(msg)
		return
	}
	w.add(f + ": " + msg)
}

// notFound words an unresolved reference as a warning.
func (w *warnings) notFound(e *field.Error) {
	w.addField(e.Field, e.ErrorBody()+"; it is served once that exists")
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens s to at most n characters, ending in "..." when cut, never
// splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := 0
	for i := range s {
		if runes == n-3 {
			if utf8.ValidString(s[:i]) {
				return s[:i] + "..."
			}
			break
		}
		runes++
	}
	// Invalid UTF-8 before the cut: re-encode it as U+FFFD, as a conversion
	// through []rune does.
	out := make([]rune, 0, n)
	for _, r := range s {
		if len(out) == n-3 {
			break
		}
		out = append(out, r)
	}
	return string(out) + "..."
}
