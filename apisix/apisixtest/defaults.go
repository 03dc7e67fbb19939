package apisixtest

import (
	"encoding/json"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// fillDefaults adds the defaults schema declares to v in place, the way
// APISIX's schema check does: a missing property with a default gets it,
// present objects and array items are filled recursively, and of anyOf/oneOf
// branches only the one whose type alone matches v is followed.
func fillDefaults(schema object, v any) {
	if schema == nil {
		return
	}
	switch val := v.(type) {
	case object:
		if props, ok := schema["properties"].(object); ok {
			for name, ps := range props {
				psm, ok := ps.(object)
				if !ok {
					continue
				}
				if cur, present := val[name]; present {
					fillDefaults(psm, cur)
				} else if d, ok := psm["default"]; ok {
					val[name] = defaultValue(psm, d)
				}
			}
		}
	case []any:
		if items, ok := schema["items"].(object); ok {
			for _, e := range val {
				fillDefaults(items, e)
			}
		}
	default:
		return
	}
	if all, ok := schema["allOf"].([]any); ok {
		for _, b := range all {
			if bm, ok := b.(object); ok {
				fillDefaults(bm, v)
			}
		}
	}
	for _, comb := range []string{"anyOf", "oneOf"} {
		if b := onlyTypeMatch(schema[comb], v); b != nil {
			fillDefaults(b, v)
		}
	}
}

// onlyTypeMatch returns the single branch whose declared type matches v's
// JSON type, or nil when none or several do.
func onlyTypeMatch(branches any, v any) object {
	list, ok := branches.([]any)
	if !ok {
		return nil
	}
	want := "object"
	if _, isArr := v.([]any); isArr {
		want = "array"
	}
	var found object
	for _, b := range list {
		bm, ok := b.(object)
		if !ok || bm["type"] != want {
			continue
		}
		if found != nil {
			return nil
		}
		found = bm
	}
	return found
}

// defaultValue copies a schema default. An empty Lua table exported as {}
// where the schema wants an array becomes [].
func defaultValue(schema object, d any) any {
	if m, ok := d.(object); ok && len(m) == 0 && schema["type"] == "array" {
		return []any{}
	}
	return deepCopy(d)
}

// builtinDefaults is the resource schema subset used for defaults when no
// schemas directory is given: APISIX 3.18's defaults of the fields the
// project writes.
func builtinDefaults(kind apisix.Kind) object {
	num := func(s string) json.Number { return json.Number(s) }
	upstream := object{"properties": object{
		"type":      object{"default": "roundrobin"},
		"scheme":    object{"default": "http"},
		"pass_host": object{"default": "pass"},
		"hash_on":   object{"default": "vars"},
		"nodes": object{"anyOf": []any{
			object{"type": "object"},
			object{"type": "array", "items": object{"properties": object{"priority": object{"default": num("0")}}}},
		}},
		"keepalive_pool": object{"properties": object{
			"size":         object{"default": num("320")},
			"idle_timeout": object{"default": num("60")},
			"requests":     object{"default": num("1000")},
		}},
		"tls": object{"properties": object{"verify": object{"default": false}}},
	}}
	switch kind {
	case apisix.KindUpstream:
		return upstream
	case apisix.KindRoute:
		return object{"properties": object{
			"priority": object{"default": num("0")},
			"status":   object{"default": num("1")},
			"upstream": upstream,
		}}
	case apisix.KindService, apisix.KindStreamRoute:
		return object{"properties": object{"upstream": upstream}}
	case apisix.KindSSL:
		return object{"properties": object{
			"type":   object{"default": "server"},
			"status": object{"default": num("1")},
			"client": object{"properties": object{"depth": object{"default": num("1")}}},
		}}
	}
	return nil
}
