package schema

import (
	"encoding/json"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ApplyDefaults implements apisix.Defaulter: it fills in obj, in place, the
// defaults APISIX's schema check adds when it stores an object of kind —
// those of the core schema and, for each entry of `plugins`, those of the
// plugin's schema (its consumer schema on consumers). Like APISIX's Lua
// validator, a missing property with a default gets a copy of it, present
// objects and array items are filled recursively, and of anyOf/oneOf/allOf
// branches those whose type admits the value are followed. Numbers are
// filled in as float64, matching encoding/json's decoding.
func (s *Schemas) ApplyDefaults(kind apisix.Kind, obj map[string]any) {
	c, ok := s.core[kind]
	if !ok {
		return
	}
	fillDefaults(c.doc, obj)
	plugins, _ := obj["plugins"].(map[string]any)
	for name, conf := range plugins {
		p, ok := s.plugins[name]
		if !ok {
			continue
		}
		sch := p.schema.doc
		if kind == apisix.KindConsumer && p.consumer != nil {
			sch = p.consumer.doc
		}
		fillDefaults(sch, conf)
	}
}

func fillDefaults(schema any, v any) {
	sch, ok := schema.(map[string]any)
	if !ok || !typeAdmits(sch["type"], v) {
		return
	}
	switch val := v.(type) {
	case map[string]any:
		props, _ := sch["properties"].(map[string]any)
		for name, ps := range props {
			psm, ok := ps.(map[string]any)
			if !ok || name == "_meta" {
				continue
			}
			if cur, present := val[name]; present {
				fillDefaults(psm, cur)
			} else if d, ok := psm["default"]; ok {
				val[name] = defaultCopy(d)
			}
		}
	case []any:
		if items, ok := sch["items"].(map[string]any); ok {
			for _, e := range val {
				fillDefaults(items, e)
			}
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		branches, _ := sch[kw].([]any)
		for _, br := range branches {
			fillDefaults(br, v)
		}
	}
}

// typeAdmits reports whether a schema's type keyword admits v (a missing
// type admits anything).
func typeAdmits(t any, v any) bool {
	switch tt := t.(type) {
	case nil:
		return true
	case string:
		return typeIs(tt, v)
	case []any:
		for _, e := range tt {
			if s, ok := e.(string); ok && typeIs(s, v) {
				return true
			}
		}
		return false
	}
	return true
}

func typeIs(t string, v any) bool {
	switch v.(type) {
	case map[string]any:
		return t == "object"
	case []any:
		return t == "array"
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case float64, json.Number:
		return t == "number" || t == "integer"
	case nil:
		return t == "null"
	}
	return false
}

// defaultCopy deep-copies a default, numbers as float64.
func defaultCopy(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = defaultCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = defaultCopy(e)
		}
		return l
	}
	return v
}
