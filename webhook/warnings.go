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
	buf  []byte          // scratch space for addField
}

func (w *warnings) add(msg string) {
	w.insert(warningText(msg))
}

// warningText is msg as a warning: on one line, clipped to
// DefaultMaxWarningChars.
func warningText(msg string) string { return clip(oneLine(msg), DefaultMaxWarningChars) }

// addBytes adds msg as add(string(msg)) does, allocating only the string
// kept: none for a duplicate.
func (w *warnings) addBytes(msg []byte) {
	if hasLineBreak(msg) {
		w.add(string(msg))
		return
	}
	cut, clipped := clipIndex(msg, DefaultMaxWarningChars)
	switch {
	case !clipped:
		if len(msg) > 0 && !w.has(string(msg)) { // no conversion is allocated for the lookup
			w.insert(string(msg))
		}
	case utf8.Valid(msg[:cut]):
		w.insert(string(msg[:cut]) + "...")
	default:
		w.add(string(msg)) // clip re-encodes invalid UTF-8
	}
}

// hasLineBreak reports whether msg holds a byte oneLine replaces; none of
// them can be part of a multi-byte UTF-8 sequence, so bytes are compared.
func hasLineBreak[S string | []byte](msg S) bool {
	for i := range len(msg) {
		if c := msg[i]; c == '\r' || c == '\n' || c == '\t' {
			return true
		}
	}
	return false
}

// clipIndex reports whether msg has more than n characters (runes, an
// invalid byte counting as one, as in a range over a string) and, if so,
// the byte offset of its (n-3)th character, where clip cuts it.
func clipIndex(msg []byte, n int) (cut int, clipped bool) {
	if len(msg) <= n {
		return 0, false
	}
	runes := 0
	for i := 0; i < len(msg); runes++ {
		if runes == n-3 {
			cut = i
		}
		if runes == n {
			return cut, true // a character past the n-th
		}
		if msg[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(msg[i:])
		i += size
	}
	return 0, false
}

// insert adds msg, already on one line and clipped, unless empty or a
// duplicate.
func (w *warnings) insert(msg string) {
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
	w.buf = append(append(append(w.buf[:0], f...), ": "...), msg...)
	w.addBytes(w.buf)
}

// notFound words an unresolved reference as a warning.
func (w *warnings) notFound(e *field.Error) {
	w.addField(e.Field, e.ErrorBody()+"; it is served once that exists")
}

func oneLine(s string) string {
	if !hasLineBreak(s) {
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
