package apisixtest

import (
	"fmt"
	"regexp"
	"strconv"
)

// decodeBody parses a request body as APISIX's Admin API does (lua-cjson):
// it returns the value (nil for an empty body), or the 400 answer for a
// malformed one, which carries the body back as req_body.
func decodeBody(body []byte) (any, object) {
	if len(body) == 0 {
		return nil, nil
	}
	var v any
	if err := decodeJSON(body, &v); err != nil {
		msg := cjsonError(body)
		if msg == "" {
			msg = err.Error()
		}
		return nil, object{"error_msg": "invalid request body: " + msg, "req_body": string(body)}
	}
	return v, nil
}

// asTable returns v as a Lua table of it reads as an object: an object as it
// is, an array keyed "1".."n" (empty: {}); false for anything else.
func asTable(v any) (object, bool) {
	switch t := v.(type) {
	case object:
		return t, true
	case []any:
		o := make(object, len(t))
		for i, e := range t {
			o[strconv.Itoa(i+1)] = e
		}
		return o, true
	}
	return nil, false
}

// cjson token kinds, named as lua-cjson names them in its errors.
const (
	tObjBegin = "T_OBJ_BEGIN"
	tObjEnd   = "T_OBJ_END"
	tArrBegin = "T_ARR_BEGIN"
	tArrEnd   = "T_ARR_END"
	tString   = "T_STRING"
	tNumber   = "T_NUMBER"
	tBoolean  = "T_BOOLEAN"
	tNull     = "T_NULL"
	tColon    = "T_COLON"
	tComma    = "T_COMMA"
	tEnd      = "T_END"
	tError    = "T_ERROR"
)

// cjsonToken is one token: its kind, where it starts, and for T_ERROR what
// is wrong.
type cjsonToken struct {
	kind string
	at   int
	err  string
}

// cjsonParser walks a body the way lua-cjson's decoder does, to word the
// first error as it does: "Expected <what> but found <token> at character
// <n>".
type cjsonParser struct {
	s   []byte
	pos int
}

// cjsonNumber is what strtod accepts of a JSON-ish number.
var cjsonNumber = regexp.MustCompile(`^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`)

// cjsonError returns lua-cjson's message for the first error of body, or ""
// when its walk finds none.
func cjsonError(body []byte) string {
	p := &cjsonParser{s: body}
	if msg := p.value(p.next()); msg != "" {
		return msg
	}
	if t := p.next(); t.kind != tEnd {
		return expected("the end", t)
	}
	return ""
}

func expected(what string, t cjsonToken) string {
	found := t.kind
	if t.kind == tError {
		found = t.err
	}
	return fmt.Sprintf("Expected %s but found %s at character %d", what, found, t.at+1)
}

// value parses the value starting with t.
func (p *cjsonParser) value(t cjsonToken) string {
	switch t.kind {
	case tString, tNumber, tBoolean, tNull:
		return ""
	case tObjBegin:
		return p.object()
	case tArrBegin:
		return p.array()
	}
	return expected("value", t)
}

func (p *cjsonParser) object() string {
	t := p.next()
	if t.kind == tObjEnd {
		return ""
	}
	for {
		if t.kind != tString {
			return expected("object key string", t)
		}
		if t = p.next(); t.kind != tColon {
			return expected("colon", t)
		}
		if msg := p.value(p.next()); msg != "" {
			return msg
		}
		switch t = p.next(); t.kind {
		case tObjEnd:
			return ""
		case tComma:
			t = p.next()
		default:
			return expected("comma or object end", t)
		}
	}
}

func (p *cjsonParser) array() string {
	t := p.next()
	if t.kind == tArrEnd {
		return ""
	}
	for {
		if msg := p.value(t); msg != "" {
			return msg
		}
		switch t = p.next(); t.kind {
		case tArrEnd:
			return ""
		case tComma:
			t = p.next()
		default:
			return expected("comma or array end", t)
		}
	}
}

// next returns the next token.
func (p *cjsonParser) next() cjsonToken {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n' || p.s[p.pos] == '\r') {
		p.pos++
	}
	at := p.pos
	if at >= len(p.s) {
		return cjsonToken{kind: tEnd, at: at}
	}
	single := map[byte]string{'{': tObjBegin, '}': tObjEnd, '[': tArrBegin, ']': tArrEnd, ':': tColon, ',': tComma}
	c := p.s[at]
	if k, ok := single[c]; ok {
		p.pos++
		return cjsonToken{kind: k, at: at}
	}
	switch {
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		m := cjsonNumber.Find(p.s[at:])
		if m == nil {
			return cjsonToken{kind: tError, at: at, err: "invalid number"}
		}
		p.pos += len(m)
		return cjsonToken{kind: tNumber, at: at}
	}
	for _, w := range []struct{ lit, kind string }{{"true", tBoolean}, {"false", tBoolean}, {"null", tNull}} {
		if len(p.s)-at >= len(w.lit) && string(p.s[at:at+len(w.lit)]) == w.lit {
			p.pos += len(w.lit)
			return cjsonToken{kind: w.kind, at: at}
		}
	}
	return cjsonToken{kind: tError, at: at, err: "invalid token"}
}

// str scans a string token starting at the opening quote. Like lua-cjson,
// an error is placed where the scan stopped.
func (p *cjsonParser) str() cjsonToken {
	at := p.pos
	i := at + 1
	for i < len(p.s) {
		switch p.s[i] {
		case '"':
			p.pos = i + 1
			return cjsonToken{kind: tString, at: at}
		case '\\':
			if i+1 >= len(p.s) {
				return cjsonToken{kind: tError, at: len(p.s), err: "unexpected end of string"}
			}
			switch p.s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(p.s) || !isHex4(p.s[i+2:i+6]) {
					return cjsonToken{kind: tError, at: i, err: "invalid unicode escape code"}
				}
				i += 6
			default:
				return cjsonToken{kind: tError, at: i, err: "invalid escape code"}
			}
		default:
			i++
		}
	}
	return cjsonToken{kind: tError, at: len(p.s), err: "unexpected end of string"}
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
