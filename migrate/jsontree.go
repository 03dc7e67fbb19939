package migrate

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// jsonValue is a parsed JSON value that keeps numbers as their text, for
// writing encoding/json's output again as YAML without the maps and
// float64s of json.Unmarshal.
type jsonValue struct {
	kind    byte // '{', '[', '"', '0' (number), 't', 'f', 'n'
	text    string
	members []jsonMember
	items   []jsonValue
}

type jsonMember struct {
	key   string
	value jsonValue
}

// member returns the value of key in an object, or nil.
func (v *jsonValue) member(key string) *jsonValue {
	for i := range v.members {
		if v.members[i].key == key {
			return &v.members[i].value
		}
	}
	return nil
}

// without drops key from an object.
func (v *jsonValue) without(key string) {
	for i := range v.members {
		if v.members[i].key == key {
			v.members = append(v.members[:i], v.members[i+1:]...)
			return
		}
	}
}

var errJSON = errors.New("malformed JSON")

// parseJSON parses the compact JSON that encoding/json writes.
func parseJSON(b []byte) (jsonValue, error) {
	p := jsonParser{b: b}
	v, err := p.value()
	if err == nil && p.i != len(b) {
		err = errJSON
	}
	return v, err
}

type jsonParser struct {
	b []byte
	i int
}

func (p *jsonParser) value() (jsonValue, error) {
	if p.i >= len(p.b) {
		return jsonValue{}, errJSON
	}
	switch c := p.b[p.i]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		s, err := p.str()
		return jsonValue{kind: '"', text: s}, err
	case 't', 'f', 'n':
		lit := "null"
		switch c {
		case 't':
			lit = "true"
		case 'f':
			lit = "false"
		}
		if !bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
			return jsonValue{}, errJSON
		}
		p.i += len(lit)
		return jsonValue{kind: c}, nil
	default:
		start := p.i
		for p.i < len(p.b) && strings.IndexByte("+-0123456789.eE", p.b[p.i]) >= 0 {
			p.i++
		}
		if p.i == start {
			return jsonValue{}, errJSON
		}
		return jsonValue{kind: '0', text: string(p.b[start:p.i])}, nil
	}
}

func (p *jsonParser) object() (jsonValue, error) {
	v := jsonValue{kind: '{'}
	p.i++ // {
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return v, nil
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return v, errJSON
		}
		k, err := p.str()
		if err != nil {
			return v, err
		}
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return v, errJSON
		}
		p.i++
		x, err := p.value()
		if err != nil {
			return v, err
		}
		v.members = append(v.members, jsonMember{k, x})
		if p.i >= len(p.b) {
			return v, errJSON
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return v, nil
		default:
			return v, errJSON
		}
	}
}

func (p *jsonParser) array() (jsonValue, error) {
	v := jsonValue{kind: '['}
	p.i++ // [
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return v, nil
	}
	for {
		x, err := p.value()
		if err != nil {
			return v, err
		}
		v.items = append(v.items, x)
		if p.i >= len(p.b) {
			return v, errJSON
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return v, nil
		default:
			return v, errJSON
		}
	}
}

// str reads a string; encoding/json's escapes are all Go escapes too.
func (p *jsonParser) str() (string, error) {
	start := p.i
	escaped := false
	for p.i++; p.i < len(p.b); p.i++ {
		switch p.b[p.i] {
		case '\\':
			escaped = true
			p.i++
		case '"':
			p.i++
			raw := p.b[start:p.i]
			if !escaped {
				return string(raw[1 : len(raw)-1]), nil
			}
			return strconv.Unquote(string(raw))
		}
	}
	return "", errJSON
}
