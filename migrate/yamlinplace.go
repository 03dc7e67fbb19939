package migrate

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// editInPlace makes editIngressYAML's changes by replacing text at the
// positions yaml.v3 reports, so that every other byte of the document is
// kept. It handles block mappings whose edited entries hold one-line
// scalars; ok is false for any other shape, which editIngressYAML
// re-encodes instead.
func editInPlace(raw []byte, doc *yaml.Node, plan *annotationPlan, class string) (out []byte, ok bool) {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, false
	}
	e := textEditor{raw: raw, lines: lineStarts(raw)}
	if meta := mapValue(root, "metadata"); meta != nil && meta.Kind == yaml.MappingNode {
		if i := mapIndex(meta, "annotations"); i >= 0 && meta.Content[i+1].Kind == yaml.MappingNode {
			if !e.annotations(meta.Content[i], meta.Content[i+1], plan, len(meta.Content) > 2) {
				return nil, false
			}
		}
	}
	spec := mapValue(root, "spec")
	if spec == nil || spec.Kind != yaml.MappingNode || spec.Style&yaml.FlowStyle != 0 || len(spec.Content) == 0 {
		return nil, false
	}
	if v := mapValue(spec, "ingressClassName"); v != nil {
		if !e.replaceScalar(v, class, v.Style) {
			return nil, false
		}
	} else if !e.insertFirst(spec, "ingressClassName", class) {
		return nil, false
	}
	return e.apply()
}

// annotations renames, revalues and drops annotations as the plan says,
// and drops the annotations key itself when none is left (which it leaves
// to re-encoding when metadata has no other key, and becomes {}).
func (e *textEditor) annotations(key, ann *yaml.Node, plan *annotationPlan, siblings bool) bool {
	if ann.Style&yaml.FlowStyle != 0 {
		return false
	}
	kept := 0
	var drops []textEdit
	for i := 0; i+1 < len(ann.Content); i += 2 {
		k, v := ann.Content[i], ann.Content[i+1]
		rw, planned := plan.set[k.Value]
		switch {
		case k.Value == legacyClassAnnotation || (planned && rw.key == ""):
			d, ok := e.entryLines(k, v)
			if !ok {
				return false
			}
			drops = append(drops, d)
		case planned:
			kept++
			if !e.replaceScalar(k, rw.key, k.Style) || !e.replaceScalar(v, rw.value, v.Style) {
				return false
			}
		default:
			kept++
		}
	}
	if kept > 0 {
		e.edits = append(e.edits, drops...)
		return true
	}
	// None left: drop "annotations:" and all its entries.
	first, ok := e.entryLines(key, key)
	if !ok || !siblings || len(ann.Content) == 0 {
		return false
	}
	last, ok := e.entryLines(ann.Content[len(ann.Content)-2], ann.Content[len(ann.Content)-1])
	if !ok {
		return false
	}
	e.edits = append(e.edits, textEdit{start: first.start, end: last.end})
	return true
}

// entryLines is the edit that deletes the line of a mapping entry whose
// key starts its line and whose value is a one-line scalar on the same
// line (or, when v is k, just the key's line).
func (e *textEditor) entryLines(k, v *yaml.Node) (textEdit, bool) {
	if k.HeadComment != "" || k.FootComment != "" || v.FootComment != "" || k.Line > len(e.lines) {
		return textEdit{}, false
	}
	start := e.lines[k.Line-1]
	off, ok := e.offset(k)
	if !ok || strings.TrimLeft(string(e.raw[start:off]), " ") != "" {
		return textEdit{}, false
	}
	if v != k {
		if _, ok := e.scalarEnd(v); !ok || v.Line != k.Line {
			return textEdit{}, false
		}
	}
	end := len(e.raw)
	if k.Line < len(e.lines) {
		end = e.lines[k.Line]
	} else if start > 0 {
		start-- // the last line: drop the newline before it
	}
	return textEdit{start: start, end: end}, true
}

// replaceScalar replaces a one-line scalar with the string value, written
// as yaml.v3 writes a string of that style (quoted styles are kept; a plain
// value is quoted when it would read as another type).
func (e *textEditor) replaceScalar(n *yaml.Node, value string, style yaml.Style) bool {
	start, ok := e.offset(n)
	if !ok {
		return false
	}
	end, ok := e.scalarEnd(n)
	if !ok {
		return false
	}
	text, ok := renderString(value, style)
	if !ok {
		return false
	}
	if string(e.raw[start:end]) != text {
		e.edits = append(e.edits, textEdit{start: start, end: end, text: text})
	}
	return true
}

// insertFirst adds "key: value" as the first entry of a block mapping,
// before the first key's comments.
func (e *textEditor) insertFirst(m *yaml.Node, key, value string) bool {
	k := m.Content[0]
	off, ok := e.offset(k)
	if !ok {
		return false
	}
	line := k.Line
	indent := string(e.raw[e.lines[line-1]:off])
	if strings.TrimLeft(indent, " ") != "" {
		return false
	}
	for line > 1 && k.HeadComment != "" {
		prev := strings.TrimLeft(string(e.raw[e.lines[line-2]:e.lines[line-1]]), " ")
		if !strings.HasPrefix(prev, "#") {
			break
		}
		line--
	}
	kt, ok1 := renderString(key, 0)
	vt, ok2 := renderString(value, 0)
	if !ok1 || !ok2 {
		return false
	}
	at := e.lines[line-1]
	e.edits = append(e.edits, textEdit{start: at, end: at, text: indent + kt + ": " + vt + "\n"})
	return true
}

// mapIndex is the index in m.Content of key's key node, or -1.
func mapIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}
