package apisix

import (
	"encoding/json"
	"regexp"
)

// ResponseHeaders are response-rewrite's header operations: Add holds
// "Name: value" lines, Set a map, Remove names. The flat form
// {"X-Name": "value"} decodes into Set.
type ResponseHeaders struct {
	Add    []string               `json:"add,omitempty"`
	Set    map[string]HeaderValue `json:"set,omitempty"`
	Remove []string               `json:"remove,omitempty"`

	invalid string
}

type responseHeadersFields struct {
	Add    []string               `json:"add,omitempty"`
	Set    map[string]HeaderValue `json:"set,omitempty"`
	Remove []string               `json:"remove,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (h ResponseHeaders) MarshalJSON() ([]byte, error) {
	return json.Marshal(responseHeadersFields{Add: h.Add, Set: h.Set, Remove: h.Remove})
}

// UnmarshalJSON accepts the structured or the flat form.
func (h *ResponseHeaders) UnmarshalJSON(b []byte) error {
	_, structured, wrongType := headerForm(b)
	if wrongType != "" {
		h.invalid = wrongType
		return nil
	}
	if !structured {
		var set map[string]HeaderValue
		if err := json.Unmarshal(b, &set); err != nil {
			h.invalid = "object matches none of the required"
			return nil
		}
		*h = ResponseHeaders{Set: set}
		return nil
	}
	var f responseHeadersFields
	if err := json.Unmarshal(b, &f); err != nil {
		h.invalid = "object matches none of the required"
		return nil
	}
	*h = ResponseHeaders{Add: f.Add, Set: f.Set, Remove: f.Remove}
	return nil
}

var respHeaderLine = regexp.MustCompile(`^[^:]+:[^:]*[^/]$`)

func (h *ResponseHeaders) check() string {
	if h == nil {
		return ""
	}
	switch {
	case h.invalid != "":
		return `property "headers" validation failed: ` + h.invalid
	case h.Add == nil && h.Set == nil && h.Remove == nil:
		return `property "headers" validation failed: object matches none of the required`
	}
	for _, k := range sortedKeys(h.Set) {
		if !headerNameOK(k) {
			return `property "headers" validation failed: object matches none of the required`
		}
	}
	for _, l := range h.Add {
		if !respHeaderLine.MatchString(l) {
			return `property "headers" validation failed: object matches none of the required`
		}
	}
	for _, r := range h.Remove {
		if !headerNameOK(r) {
			return `property "headers" validation failed: object matches none of the required`
		}
	}
	if len(h.Add) == 0 && h.Add != nil || len(h.Remove) == 0 && h.Remove != nil {
		return `property "headers" validation failed: object matches none of the required`
	}
	return ""
}
