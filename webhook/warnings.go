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
	seen map[string]bool
}

func (w *warnings) add(msg string) {
	msg = clip(oneLine(msg), DefaultMaxWarningChars)
	if msg == "" || w.seen[msg] {
		return
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[msg] = true
	w.list = append(w.list, msg)
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
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	out := make([]rune, 0, n)
	for _, r := range s {
		if len(out) == n-3 {
			break
		}
		out = append(out, r)
	}
	return string(out) + "..."
}
