package migrate

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// textEditor collects replacements of byte ranges of a document.
type textEditor struct {
	raw   []byte
	lines []int // byte offset of each line's start; lines[0] is line 1
	edits []textEdit
}

type textEdit struct {
	start, end int
	text       string
}

func lineStarts(raw []byte) []int {
	out := []int{0}
	for i, c := range raw {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// offset is the byte offset of a node's first character.
func (e *textEditor) offset(n *yaml.Node) (int, bool) {
	if n.Line < 1 || n.Line > len(e.lines) || n.Column < 1 {
		return 0, false
	}
	off := e.lines[n.Line-1]
	for c := 1; c < n.Column; c++ {
		if off >= len(e.raw) || e.raw[off] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(e.raw[off:])
		off += size
	}
	return off, true
}

// scalarEnd is the byte offset just after a scalar that ends on the line
// it starts on: a plain scalar followed only by spaces or a comment (or,
// for a key, by ":"), or a quoted one.
func (e *textEditor) scalarEnd(n *yaml.Node) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Anchor != "" || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle|yaml.FlowStyle) != 0 {
		return 0, false
	}
	start, ok := e.offset(n)
	if !ok {
		return 0, false
	}
	eol := bytes.IndexByte(e.raw[start:], '\n')
	if eol < 0 {
		eol = len(e.raw) - start
	}
	line := e.raw[start : start+eol]
	end := -1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		end = quotedEnd(line, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		end = quotedEnd(line, '\'')
	case n.Value != "" && bytes.HasPrefix(line, []byte(n.Value)):
		end = len(n.Value)
		rest := bytes.TrimLeft(line[end:], " \t")
		comment := len(rest) > 0 && rest[0] == '#' && len(rest) < len(line[end:])
		if len(rest) > 0 && rest[0] != ':' && !comment {
			end = -1 // the scalar goes on (or is not where the parser says)
		}
	}
	if end < 0 {
		return 0, false
	}
	return start + end, true
}

// quotedEnd is the length of the quoted scalar that line starts with, or
// -1 when it does not close on this line.
func quotedEnd(line []byte, q byte) int {
	if len(line) == 0 || line[0] != q {
		return -1
	}
	for i := 1; i < len(line); i++ {
		switch {
		case q == '"' && line[i] == '\\':
			i++
		case line[i] == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++
		case line[i] == q:
			return i + 1
		}
	}
	return -1
}

// renderString is value as yaml.v3 writes a string scalar of the given
// style on one line; false when that takes more than one line.
func renderString(value string, style yaml.Style) (string, bool) {
	style &= yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle
	if isSafePlain(value) && style == 0 {
		return value, true
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: style})
	if err != nil {
		return "", false
	}
	s := strings.TrimSuffix(string(out), "\n")
	return s, s != "" && !strings.Contains(s, "\n")
}

// apply returns the document with the edits made, ending with a newline;
// false when two edits overlap.
func (e *textEditor) apply() ([]byte, bool) {
	sort.SliceStable(e.edits, func(i, j int) bool { return e.edits[i].start < e.edits[j].start })
	out := make([]byte, 0, len(e.raw)+64)
	at := 0
	for _, ed := range e.edits {
		if ed.start < at {
			return nil, false
		}
		out = append(out, e.raw[at:ed.start]...)
		out = append(out, ed.text...)
		at = ed.end
	}
	out = append(out, e.raw[at:]...)
	if len(out) == 0 || out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out, true
}
