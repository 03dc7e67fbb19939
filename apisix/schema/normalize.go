package schema

// normalizeSchema makes one of APISIX's Lua-born schemas acceptable to a
// draft-7 compiler, in place. It walks only schema positions, so a property
// that happens to be called "required" is left alone.
func normalizeSchema(v any) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	for _, kw := range []string{"required", "enum", "allOf", "anyOf", "oneOf"} {
		switch x := s[kw].(type) {
		case map[string]any:
			if len(x) == 0 {
				delete(s, kw)
			}
		case []any:
			if len(x) == 0 {
				delete(s, kw)
			}
		}
	}
	for _, kw := range []string{"properties", "patternProperties", "dependencies", "definitions"} {
		if x, ok := s[kw].([]any); ok && len(x) == 0 {
			s[kw] = map[string]any{}
		}
	}
	// A Lua empty table is written as {}: as the default of an array it is [].
	if d, ok := s["default"].(map[string]any); ok && len(d) == 0 && s["type"] == "array" {
		s["default"] = []any{}
	}
	fixExclusive(s, "exclusiveMinimum", "minimum")
	fixExclusive(s, "exclusiveMaximum", "maximum")
	if t, ok := s["type"].(string); ok && (t == "table" || t == "function") {
		if t == "table" {
			s["type"] = []any{"object", "array"}
		} else {
			delete(s, "type")
		}
	}
	for _, kw := range []string{"properties", "patternProperties", "definitions"} {
		if m, ok := s[kw].(map[string]any); ok {
			for _, sub := range m {
				normalizeSchema(sub)
			}
		}
	}
	if m, ok := s["dependencies"].(map[string]any); ok {
		for k, sub := range m {
			if sm, ok := sub.(map[string]any); ok {
				normalizeSchema(sm)
			} else if l, ok := sub.([]any); ok && len(l) == 0 {
				delete(m, k)
			}
		}
	}
	for _, kw := range []string{"additionalProperties", "not", "if", "then", "else", "additionalItems", "propertyNames", "contains"} {
		normalizeSchema(s[kw])
	}
	switch items := s["items"].(type) {
	case map[string]any:
		normalizeSchema(items)
	case []any:
		for _, sub := range items {
			normalizeSchema(sub)
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		if l, ok := s[kw].([]any); ok {
			for _, sub := range l {
				normalizeSchema(sub)
			}
		}
	}
}

// fixExclusive rewrites draft-4's boolean exclusiveMinimum/Maximum into the
// numeric form of later drafts.
func fixExclusive(s map[string]any, excl, bound string) {
	b, ok := s[excl].(bool)
	if !ok {
		return
	}
	if b {
		if v, ok := s[bound]; ok {
			s[excl] = v
			delete(s, bound)
			return
		}
	}
	delete(s, excl)
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	default:
		return v
	}
}
