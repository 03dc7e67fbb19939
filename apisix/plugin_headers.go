package apisix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// HeaderValue is a header value in a plugin config. APISIX accepts a string
// or a number; a number is kept as its JSON text and emitted as a string.
type HeaderValue string

// UnmarshalJSON accepts a JSON string or number.
func (h *HeaderValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*h = HeaderValue(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return &schemaError{msg: "value should match only one schema, but matches none"}
	}
	*h = HeaderValue(n.String())
	return nil
}

// HeaderOps are the add/set/remove header operations of proxy-rewrite and
// response-rewrite. The legacy flat form {"X-Name": "value"} decodes into
// Set. The problem found while decoding, if any, is kept in invalid and
// reported by the owning plugin's check, with its path.
type HeaderOps struct {
	Add    map[string]HeaderValue `json:"add,omitempty"`
	Set    map[string]HeaderValue `json:"set,omitempty"`
	Remove []string               `json:"remove,omitempty"`

	invalid string
}

// headerOpsFields has HeaderOps' exported fields without its methods.
type headerOpsFields struct {
	Add    map[string]HeaderValue `json:"add,omitempty"`
	Set    map[string]HeaderValue `json:"set,omitempty"`
	Remove []string               `json:"remove,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (h HeaderOps) MarshalJSON() ([]byte, error) {
	return json.Marshal(headerOpsFields{Add: h.Add, Set: h.Set, Remove: h.Remove})
}

// UnmarshalJSON accepts the structured form (only add, set and remove,
// APISIX's additionalProperties false) or the flat form.
func (h *HeaderOps) UnmarshalJSON(b []byte) error {
	raw, structured, wrongType := headerForm(b)
	if wrongType != "" {
		h.invalid = wrongType
		return nil
	}
	if !structured {
		set := map[string]HeaderValue{}
		for _, k := range sortedKeys(raw) {
			var v HeaderValue
			if err := json.Unmarshal(raw[k], &v); err != nil {
				h.invalid = "value should match only one schema, but matches none"
				return nil
			}
			set[k] = v
		}
		*h = HeaderOps{Set: set}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f headerOpsFields
	if err := dec.Decode(&f); err != nil {
		h.invalid = "value should match only one schema, but matches none"
		return nil
	}
	*h = HeaderOps{Add: f.Add, Set: f.Set, Remove: f.Remove}
	return nil
}

// headerForm decodes header operations as an object and tells whether it is
// the structured form ({"add": ..., "set": ..., "remove": ...}) or the flat
// form ({"X-Name": "value"}); wrongType is APISIX's message for a non-object.
func headerForm(b []byte) (raw map[string]json.RawMessage, structured bool, wrongType string) {
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, false, "wrong type: expected object, got " + rawLuaType(b)
	}
	for _, k := range []string{"add", "set", "remove"} {
		if v, ok := raw[k]; ok && len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			structured = true
		}
	}
	return raw, structured, ""
}

func (h *HeaderOps) check(field string, removePattern string) string {
	if h == nil {
		return ""
	}
	prefix := "property " + LuaQuote(field) + " validation failed: "
	if h.invalid != "" {
		return prefix + h.invalid
	}
	if len(h.Add) == 0 && len(h.Set) == 0 && len(h.Remove) == 0 {
		return prefix + "value should match only one schema, but matches none"
	}
	for _, m := range []map[string]HeaderValue{h.Add, h.Set} {
		for _, k := range sortedKeys(m) {
			if !headerNameOK(k) {
				return prefix + "value should match only one schema, but matches none"
			}
		}
	}
	for i, r := range h.Remove {
		if !headerNameOK(r) {
			return fmt.Sprintf("%sproperty \"remove\" validation failed: failed to validate item %d: failed to match pattern %s with %s",
				prefix, i+1, LuaQuote(removePattern), LuaQuote(r))
		}
	}
	return ""
}

func headerNameOK(s string) bool {
	if s == "" {
		return false
	}
	return !bytes.ContainsRune([]byte(s), ':')
}

func rawLuaType(b []byte) string {
	var v any
	_ = json.Unmarshal(b, &v)
	return luaType(v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
