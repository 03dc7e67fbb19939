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
	doc, err := decodeObject(body)
	if err != nil {
		errorMsg(w, http.StatusBadRequest, "invalid request body: "+err.Error())
		return
	}
	s.mu.Lock()
	errs := s.validateDoc(doc)
	s.mu.Unlock()
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, object{"error_msg": "Configuration validation failed", "errors": errs})
		return
	}
	w.WriteHeader(http.StatusOK)
}

// validateDoc returns the validation errors of a declarative configuration.
// The caller holds s.mu (the checker may not be goroutine-safe).
func (s *Server) validateDoc(doc object) []object {
	var errs []object
	for _, kind := range apisix.Kinds {
		key := string(kind)
		if v, ok := doc[key+"_conf_version"]; ok {
			if _, isNum := v.(json.Number); !isNum {
				errs = append(errs, object{"resource_type": key, "error": key + "_conf_version must be a number"})
			}
		}
		items, _ := doc[key].([]any)
		seen := map[string]bool{}
		for i, it := range items {
			o, ok := deepCopy(it).(object)
			if !ok {
				errs = append(errs, object{"resource_type": key, "index": i, "error": fmt.Sprintf("invalid %s at index %d, err: not an object", key, i)})
				continue
			}
			if msg := s.checkStandalone(kind, o); msg != "" {
				errs = append(errs, object{"resource_type": key, "index": i, "error": fmt.Sprintf("invalid %s at index %d, err: %s", key, i, msg)})
			}
			idType, idv := "id", o["id"]
			if kind == apisix.KindConsumer && idv == nil {
				idType, idv = "username", o["username"]
			}
			if id, ok := idString(idv); ok {
				if seen[id] {
					errs = append(errs, object{"resource_type": key, "index": i, "error": fmt.Sprintf("found duplicate %s %s in %s", idType, id, key)})
				}
				seen[id] = true
			}
		}
	}
	return errs
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
