package migrate

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// marshalObjects writes objects as YAML documents without the empty status
// and creationTimestamp a typed object marshals. The bytes are those of
// sigs.k8s.io/yaml.Marshal (keys sorted as yaml.v2 sorts them, yaml.v2's
// layout and quoting), written directly; an object with a value the direct
// writer does not handle is written by sigs.k8s.io/yaml itself.
func marshalObjects(objs []any) ([][]byte, error) {
	return marshalObjectsWith(objs, nil)
}

// marshalObjectsWith is marshalObjects with a cache of rendered strings,
// shared by the goroutines of one run (nil: no cache).
func marshalObjectsWith(objs []any, c *scalarCache) ([][]byte, error) {
	out := make([][]byte, 0, len(objs))
	for _, o := range objs {
		js, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		if y, ok := writeObjectYAML(js, c); ok {
			out = append(out, y)
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			return nil, err
		}
		delete(m, "status")
		if meta, ok := m["metadata"].(map[string]any); ok {
			delete(meta, "creationTimestamp")
		}
		y, err := yaml.Marshal(m)
		if err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, nil
}

// writeObjectYAML writes an object's JSON as YAML, without status and
// metadata.creationTimestamp; false when the direct writer cannot.
func writeObjectYAML(js []byte, c *scalarCache) ([]byte, bool) {
	v, err := parseJSON(js)
	if err != nil || v.kind != '{' {
		return nil, false
	}
	v.without("status")
	if meta := v.member("metadata"); meta != nil && meta.kind == '{' {
		meta.without("creationTimestamp")
	}
	w := yamlWriter{cache: c, buf: make([]byte, 0, 2*len(js))}
	if len(v.members) == 0 || !w.mapping(v.members, 0, false) {
		return nil, false
	}
	return w.buf, true
}

// yamlWriter writes the JSON value of an object in yaml.v2's block
// layout: nested mappings indented by two, sequences at their key's
// indentation. Its methods return false for what they do not handle
// (non-integral numbers, keys that need quoting, duplicate keys, strings
// that would be quoted in a way that depends on the column), and the
// caller falls back to yaml.v2.
type yamlWriter struct {
	buf   []byte
	cache *scalarCache
}

// maxPlainWidth is how long a line may get before yaml.v2 could fold a
// scalar with spaces (its best width is 80).
const maxPlainWidth = 80

// mapping writes a non-empty mapping's entries at indent; inline means the
// first entry continues the current line (after "- ").
func (w *yamlWriter) mapping(members []jsonMember, indent int, inline bool) bool {
	sort.Slice(members, func(i, j int) bool { return v2KeyLess(members[i].key, members[j].key) })
	for i, m := range members {
		if i > 0 && members[i-1].key == m.key {
			return false
		}
		if i > 0 || !inline {
			w.indent(indent)
		}
		if len(m.key) > 100 || !isSafePlain(m.key) {
			return false
		}
		w.buf = append(w.buf, m.key...)
		w.buf = append(w.buf, ':')
		if !w.value(&m.value, indent, indent+len(m.key)+2) {
			return false
		}
	}
	return true
}

// value writes a mapping value after "key:"; col is the column a scalar
// would start at.
func (w *yamlWriter) value(v *jsonValue, indent, col int) bool {
	switch {
	case v.kind == '{' && len(v.members) == 0:
		w.buf = append(w.buf, " {}\n"...)
		return true
	case v.kind == '{':
		w.buf = append(w.buf, '\n')
		return w.mapping(v.members, indent+2, false)
	case v.kind == '[' && len(v.items) == 0:
		w.buf = append(w.buf, " []\n"...)
		return true
	case v.kind == '[':
		w.buf = append(w.buf, '\n')
		return w.sequence(v.items, indent, false)
	}
	w.buf = append(w.buf, ' ')
	return w.scalar(v, col)
}

// sequence writes a non-empty sequence's items at indent; inline means
// the first item continues the current line (after "- ").
func (w *yamlWriter) sequence(items []jsonValue, indent int, inline bool) bool {
	for i := range items {
		item := &items[i]
		if i > 0 || !inline {
			w.indent(indent)
		}
		w.buf = append(w.buf, "- "...)
		var ok bool
		switch {
		case item.kind == '{' && len(item.members) == 0:
			w.buf, ok = append(w.buf, "{}\n"...), true
		case item.kind == '{':
			ok = w.mapping(item.members, indent+2, true)
		case item.kind == '[' && len(item.items) == 0:
			w.buf, ok = append(w.buf, "[]\n"...), true
		case item.kind == '[':
			ok = w.sequence(item.items, indent+2, true)
		default:
			ok = w.scalar(item, indent+2)
		}
		if !ok {
			return false
		}
	}
	return true
}

// scalar writes a scalar and ends the line.
func (w *yamlWriter) scalar(v *jsonValue, col int) bool {
	switch v.kind {
	case 'n':
		w.buf = append(w.buf, "null"...)
	case 't':
		w.buf = append(w.buf, "true"...)
	case 'f':
		w.buf = append(w.buf, "false"...)
	case '0':
		// sigs.k8s.io/yaml went through a float64, which JSON writes as an
		// integer when integral and yaml.v2 reads back as an int; other
		// numbers it formats itself.
		x, err := strconv.ParseFloat(v.text, 64)
		if err != nil || x != math.Trunc(x) || math.Abs(x) >= 1e18 {
			return false
		}
		w.buf = strconv.AppendFloat(w.buf, x+0, 'f', -1, 64) // +0: no "-0"
	case '"':
		s, ok := w.str(v.text)
		if !ok || (strings.Contains(v.text, " ") && col+len(s) > maxPlainWidth) {
			return false
		}
		w.buf = append(w.buf, s...)
	default:
		return false
	}
	w.buf = append(w.buf, '\n')
	return true
}

// str renders a string scalar as yaml.v2 does in a block context.
func (w *yamlWriter) str(s string) (string, bool) {
	if isSafePlain(s) {
		return s, true
	}
	return w.cache.render(s)
}

func (w *yamlWriter) indent(n int) {
	for ; n > 0; n-- {
		w.buf = append(w.buf, ' ')
	}
}
