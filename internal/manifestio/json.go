package manifestio

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	yamlv3 "go.yaml.in/yaml/v3"
)

// nodeJSON converts a parsed document to JSON, byte for byte as
// sigs.k8s.io/yaml.YAMLToJSON does (it resolves scalars by YAML 1.1, as
// yaml.v2 does, and writes with encoding/json: keys sorted, HTML
// characters escaped), for the documents where the two YAML libraries
// agree beyond doubt: no anchors, aliases, tags or merge keys, no duplicate
// keys, and plain scalars that are strings, decimal integers, decimal
// fractions, true/false or null. ok is false for any other document; the
// caller then converts it with sigs.k8s.io/yaml. The bytes matter: an
// apiextensionsv1.JSON field keeps them as they are.
func nodeJSON(doc *yamlv3.Node) (js []byte, ok bool) {
	if doc.Kind != yamlv3.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yamlv3.MappingNode {
		return nil, false
	}
	w := jsonWriter{buf: make([]byte, 0, 1024)}
	if !w.node(doc.Content[0]) {
		return nil, false
	}
	return w.buf, true
}

type jsonWriter struct{ buf []byte }

func (w *jsonWriter) node(n *yamlv3.Node) bool {
	if n.Anchor != "" || n.Style&yamlv3.TaggedStyle != 0 {
		return false
	}
	switch n.Kind {
	case yamlv3.MappingNode:
		return w.mapping(n)
	case yamlv3.SequenceNode:
		w.buf = append(w.buf, '[')
		for i, c := range n.Content {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			if !w.node(c) {
				return false
			}
		}
		w.buf = append(w.buf, ']')
		return true
	case yamlv3.ScalarNode:
		return w.scalar(n)
	}
	return false // an alias
}

// mapping writes a mapping with its keys sorted, as encoding/json writes a
// map.
func (w *jsonWriter) mapping(n *yamlv3.Node) bool {
	type entry struct{ k, v *yamlv3.Node }
	entries := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yamlv3.ScalarNode || k.Anchor != "" || k.Style&yamlv3.TaggedStyle != 0 {
			return false
		}
		if t, _ := plainType(k); t != typeString {
			return false // a key YAML 1.1 reads as another type, or "<<"
		}
		entries = append(entries, entry{k, n.Content[i+1]})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].k.Value < entries[j].k.Value })
	w.buf = append(w.buf, '{')
	for i, e := range entries {
		if i > 0 {
			if entries[i-1].k.Value == e.k.Value {
				return false // a duplicate key: which one wins differs
			}
			w.buf = append(w.buf, ',')
		}
		if !w.str(e.k.Value) {
			return false
		}
		w.buf = append(w.buf, ':')
		if !w.node(e.v) {
			return false
		}
	}
	w.buf = append(w.buf, '}')
	return true
}

func (w *jsonWriter) scalar(n *yamlv3.Node) bool {
	switch t, v := plainType(n); t {
	case typeString:
		return w.str(n.Value)
	case typeNull:
		w.buf = append(w.buf, "null"...)
	case typeBool, typeInt, typeFloat:
		w.buf = append(w.buf, v...)
	default:
		return false
	}
	return true
}

// str writes s as encoding/json does.
func (w *jsonWriter) str(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	const hex = "0123456789abcdef"
	w.buf = append(w.buf, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			w.buf = append(w.buf, '\\', byte(r))
		case r == '\n':
			w.buf = append(w.buf, '\\', 'n')
		case r == '\r':
			w.buf = append(w.buf, '\\', 'r')
		case r == '\t':
			w.buf = append(w.buf, '\\', 't')
		case r == '\b':
			w.buf = append(w.buf, '\\', 'b')
		case r == '\f':
			w.buf = append(w.buf, '\\', 'f')
		case r < 0x20 || r == '<' || r == '>' || r == '&':
			w.buf = append(w.buf, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		case r == '\u2028' || r == '\u2029':
			w.buf = append(w.buf, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			w.buf = utf8.AppendRune(w.buf, r)
		}
	}
	w.buf = append(w.buf, '"')
	return true
}

// Scalar types, as YAML 1.1 (yaml.v2) resolves a scalar.
const (
	typeOther = iota // a timestamp, a YAML 1.1 boolean, 0x1f, ...: not handled
	typeString
	typeNull
	typeBool
	typeInt
	typeFloat
)

// plainType is the type of a scalar node and, for booleans and numbers,
// its JSON text. Quoted and block scalars are strings.
func plainType(n *yamlv3.Node) (int, string) {
	if n.Style&(yamlv3.SingleQuotedStyle|yamlv3.DoubleQuotedStyle|yamlv3.LiteralStyle|yamlv3.FoldedStyle) != 0 {
		return typeString, ""
	}
	s := n.Value
	switch s {
	case "", "~", "null", "Null", "NULL":
		return typeNull, ""
	case "true", "True", "TRUE":
		return typeBool, "true"
	case "false", "False", "FALSE":
		return typeBool, "false"
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '-' && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
		return numberType(s)
	case c == '-' || c == '+' || c == '.' || c == '<':
		return typeOther, ""
	}
	if len(s) <= 3 {
		switch strings.ToLower(s) {
		case "y", "n", "yes", "no", "on", "off":
			return typeOther, ""
		}
	}
	return typeString, ""
}

// numberType is the type of a plain scalar that starts with a digit (or
// "-" and a digit): what yaml.v2 tries to read as an integer, a float or a
// timestamp.
func numberType(s string) (int, string) {
	switch {
	case isDecimal(s):
		return typeInt, s
	case isFraction(s):
		f, err := strconv.ParseFloat(s, 64)
		if a := math.Abs(f); err != nil || (a != 0 && (a < 1e-6 || a >= 1e21)) {
			return typeOther, ""
		}
		return typeFloat, strconv.FormatFloat(f, 'f', -1, 64)
	case len(s) > 4 && s[4] == '-' && strings.Trim(s[:4], "0123456789") == "":
		return typeOther, "" // may be a timestamp
	case strings.Trim(s, "0123456789.") == "" && strings.Count(s, ".") > 1:
		return typeString, "" // an IP address, a version
	case strings.Trim(s, "0123456789abcdefABCDEFxXoObB_+-.:") != "":
		return typeString, "" // e.g. 10s, 10.0.0.0/8: not a number in any base
	}
	return typeOther, ""
}

// isDecimal reports whether s is an integer without a sign other than
// "-", without leading zeros, that fits in an int64.
func isDecimal(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if d == "" || len(d) > 18 || (len(d) > 1 && d[0] == '0') || (d == "0" && s != d) {
		return false
	}
	return strings.Trim(d, "0123456789") == ""
}

// isFraction reports whether s is -?digits.digits.
func isFraction(s string) bool {
	s = strings.TrimPrefix(s, "-")
	i := strings.IndexByte(s, '.')
	if i <= 0 || i == len(s)-1 {
		return false
	}
	return strings.Trim(s[:i], "0123456789") == "" && strings.Trim(s[i+1:], "0123456789") == ""
}
