package apisixtest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// serveValidate handles POST /apisix/admin/configs/validate (APISIX >= 3.17):
// every object of a declarative configuration gets its resource and plugin
// checks, without reference checks, and ids must be unique per kind. Nothing
// is stored.
func (s *Server) serveValidate(w http.ResponseWriter, r *http.Request, body []byte) {
	if s.opts.DisableConfigsValidate {
		errorMsg(w, http.StatusNotFound, "not found")
		return
	}
	if r.Method != http.MethodPost {
		errorMsg(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if len(body) == 0 {
		errorMsg(w, http.StatusBadRequest, "invalid request body: empty request body")
		return
	}
	var v any
	if err := decodeJSON(body, &v); err != nil {
		msg := cjsonError(body)
		if msg == "" {
			msg = err.Error()
		}
		errorMsg(w, http.StatusBadRequest, "invalid request body: "+msg)
		return
	}
	doc, _ := asTable(v)
	s.mu.Lock()
	errs := s.validateDoc(doc)
	s.mu.Unlock()
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, object{"error_msg": "Configuration validation failed", "errors": errs})
		return
	}
	writeJSON(w, http.StatusOK, object{})
}

// validateDoc returns the validation errors of a declarative configuration,
// worded and shaped as APISIX 3.18 reports them: each with resource_type,
// and for an object its index, resource_id (its id or username, else "") and
// the checker's message; a duplicate id gets an entry of its own. The caller
// holds s.mu (the checker may not be goroutine-safe).
func (s *Server) validateDoc(doc object) []object {
	var errs []object
	for _, kind := range apisix.Kinds {
		key := string(kind)
		if v, ok := doc[key+"_conf_version"]; ok {
			if _, isNum := v.(json.Number); !isNum {
				errs = append(errs, object{"resource_type": key, "error": key + "_conf_version must be a number, got " + luaType(v)})
			}
		}
		items, _ := doc[key].([]any)
		seen := map[string]bool{}
		for i, it := range items {
			o, _ := deepCopy(it).(object)
			if o == nil {
				o = object{}
			}
			rid := o["id"]
			if rid == nil {
				rid = o["username"]
			}
			if rid == nil {
				rid = ""
			}
			if msg := s.checkStandalone(kind, o); msg != "" {
				errs = append(errs, object{"resource_type": key, "resource_id": rid, "index": i, "error": msg})
			}
			idType, idv := "id", o["id"]
			if kind == apisix.KindConsumer {
				if idv == nil {
					idType, idv = "username", o["username"]
				} else {
					idType = "credential id"
				}
			}
			if id, ok := idString(idv); ok {
				if seen[id] {
					errs = append(errs, object{"resource_type": key, "resource_id": rid, "index": i, "error": fmt.Sprintf("found duplicate %s %s in %s", idType, id, key)})
				}
				seen[id] = true
			}
		}
	}
	return errs
}

// luaType is Lua's type() of a decoded JSON value.
func luaType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case nil:
		return "nil"
	}
	return "table"
}

// checkStandalone runs the checks of a write without reference checks.
func (s *Server) checkStandalone(kind apisix.Kind, o object) string {
	if kind != apisix.KindConsumer {
		if v, ok := o["id"]; ok {
			if id, _ := idString(v); !apisix.ValidID(id) {
				return `invalid configuration: property "id" validation failed: object matches none of the required`
			}
		}
	}
	return s.checkResource(kind, o)
}
