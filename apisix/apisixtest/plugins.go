package apisixtest

import (
	"net/http"
	"slices"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// servePlugins handles /apisix/admin/plugins/list and
// /apisix/admin/plugins/{name} (also reached as /apisix/admin/schema/plugins/{name}).
func (s *Server) servePlugins(w http.ResponseWriter, r *http.Request, rest []string) {
	if len(rest) == 1 && rest[0] == "reload" && r.Method == http.MethodPut {
		writeJSON(w, http.StatusOK, "done")
		return
	}
	if r.Method != http.MethodGet || len(rest) != 1 {
		errorMsg(w, http.StatusNotFound, "not found")
		return
	}
	if rest[0] == "list" {
		writeJSON(w, http.StatusOK, s.pluginNames())
		return
	}
	name := rest[0]
	consumer := r.URL.Query().Get("schema_type") == "consumer"
	if s.schemas == nil {
		if !slices.Contains(apisix.TypedPluginNames(), name) {
			errorMsg(w, http.StatusNotFound, "plugin not found in subsystem http")
			return
		}
		writeJSON(w, http.StatusOK, object{"type": "object"})
		return
	}
	sch, ok := s.schemas.pluginSchema(name, consumer)
	if !ok {
		errorMsg(w, http.StatusNotFound, "plugin not found in subsystem http")
		return
	}
	writeJSON(w, http.StatusOK, sch)
}

// pluginNames is the answer of /apisix/admin/plugins/list.
func (s *Server) pluginNames() []string {
	if s.schemas != nil {
		return s.schemas.pluginNames()
	}
	return apisix.TypedPluginNames()
}

// serveCoreSchema handles GET /apisix/admin/schema/{resource}.
func (s *Server) serveCoreSchema(w http.ResponseWriter, r *http.Request, name string) {
	if r.Method != http.MethodGet || s.schemas == nil {
		errorMsg(w, http.StatusNotFound, "not found")
		return
	}
	raw, ok := s.schemas.core[name]
	if !ok {
		errorMsg(w, http.StatusNotFound, "schema not found")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(raw)
}
