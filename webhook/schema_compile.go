package webhook

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles a plugin schema as APISIX serves it from
// GET /apisix/admin/plugins/{name}. APISIX writes schemas as Lua tables, so
// empty arrays may arrive as {} in keyword positions and exclusive bounds may
// be draft-4 booleans; they are read the way APISIX's validator reads them.
// APISIX's _meta member is accepted on every plugin.
func compileSchema(name string, raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("plugin schema is not a JSON object")
	}
	tidySchema(root)
	if props, ok := root["properties"].(map[string]any); ok {
		if _, has := props["_meta"]; !has {
			props["_meta"] = map[string]any{"type": "object"}
		}
	} else if root["additionalProperties"] == false {
		root["properties"] = map[string]any{"_meta": map[string]any{"type": "object"}}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		if re, err := regexp.Compile(s); err == nil {
			return re, nil
		}
		return anyString(s), nil // a PCRE-only pattern: APISIX checks it at sync
	})
	url := "apisix:///plugins/" + name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

type anyString string

func (anyString) MatchString(string) bool { return true }
func (a anyString) String() string        { return string(a) }

// tidySchema rewrites Lua-isms in place, in schema positions only.
func tidySchema(v any) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	for _, kw := range []string{"required", "enum", "allOf", "anyOf", "oneOf"} {
		if isEmpty(s[kw]) {
			delete(s, kw)
		}
	}
	for _, kw := range []string{"properties", "patternProperties", "dependencies", "definitions"} {
		if l, ok := s[kw].([]any); ok && len(l) == 0 {
			s[kw] = map[string]any{}
		}
	}
	boolBound(s, "exclusiveMinimum", "minimum")
	boolBound(s, "exclusiveMaximum", "maximum")
	switch s["type"] {
	case "table":
		s["type"] = []any{"object", "array"}
	case "function":
		delete(s, "type")
	}
	for _, kw := range []string{"properties", "patternProperties", "definitions", "dependencies"} {
		if m, ok := s[kw].(map[string]any); ok {
			for k, sub := range m {
				if l, ok := sub.([]any); ok && len(l) == 0 && kw == "dependencies" {
					delete(m, k)
					continue
				}
				tidySchema(sub)
			}
		}
	}
	for _, kw := range []string{"additionalProperties", "not", "if", "then", "else", "items", "additionalItems", "propertyNames", "contains"} {
		tidySchema(s[kw])
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf", "items"} {
		if l, ok := s[kw].([]any); ok {
			for _, sub := range l {
				tidySchema(sub)
			}
		}
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

// boolBound turns a draft-4 boolean exclusive bound into the numeric form.
func boolBound(s map[string]any, excl, bound string) {
	b, ok := s[excl].(bool)
	if !ok {
		return
	}
	delete(s, excl)
	if v, has := s[bound]; b && has {
		s[excl] = v
		delete(s, bound)
	}
}

// checkAgainst validates conf against sch and returns "" or a one-line
// reason naming the failing member.
func checkAgainst(sch *jsonschema.Schema, conf []byte) string {
	if len(bytes.TrimSpace(conf)) == 0 {
		conf = []byte("{}")
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(conf))
	if err != nil {
		return "invalid JSON: " + err.Error()
	}
	err = sch.Validate(v)
	if err == nil {
		return ""
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	return flattenErrors(ve)
}

// flattenErrors lists the leaf errors as "at /x: message", joined by "; ".
func flattenErrors(ve *jsonschema.ValidationError) string {
	out := ve.BasicOutput()
	var parts []string
	for _, e := range out.Errors {
		if e.Error == nil {
			continue
		}
		m := e.Error.String()
		if strings.HasPrefix(m, "validation failed") || strings.HasPrefix(m, "allOf failed") {
			continue
		}
		loc := e.InstanceLocation
		if loc == "" {
			loc = "/"
		}
		parts = append(parts, "at "+loc+": "+m)
	}
	if len(parts) == 0 {
		return strings.Join(strings.Fields(ve.Error()), " ")
	}
	return strings.Join(dedupe(parts), "; ")
}
