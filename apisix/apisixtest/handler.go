package apisixtest

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// maxBody is APISIX's MAX_REQ_BODY (1.5 MiB).
const maxBody = 1536 * 1024

// serve is the server's handler: it injects faults, checks the API key,
// logs and dispatches.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: redactQuery(r.URL.Query()), Body: body, Time: s.opts.Now()}
	segs := pathSegments(r.URL.Path)
	if len(segs) > 0 && isKind(segs[0]) {
		rec.Kind = apisix.Kind(segs[0])
		if len(segs) > 1 {
			rec.ID = segs[1]
		}
	}
	if s.isDown() {
		resetConn(w)
		return
	}
	latency, fault := s.faults.roll()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if fault == FaultReset {
		rec.Fault = FaultReset
		s.record(rec)
		resetConn(w)
		return
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		rec.Status = sw.status
		s.record(rec)
	}()
	sw.Header().Set("X-API-VERSION", "v3")
	if fault == Fault5xx {
		rec.Fault = Fault5xx
		writeJSON(sw, http.StatusServiceUnavailable, object{"error_msg": "injected fault: service unavailable"})
		return
	}
	if desc := s.authProblem(r); desc != "" {
		writeJSON(sw, http.StatusUnauthorized, object{"error_msg": "failed to check token", "description": desc})
		return
	}
	if len(body) > maxBody {
		writeJSON(sw, http.StatusRequestEntityTooLarge, object{"error_msg": "request body too large: more than 1572864 bytes"})
		return
	}
	if fault == FaultLostReply {
		rec.Fault = FaultLostReply
		s.dispatch(httptest.NewRecorder(), r, segs, body)
		writeJSON(sw, http.StatusServiceUnavailable, object{"error_msg": "injected fault: done, then answered unavailable"})
		return
	}
	s.dispatch(sw, r, segs, body)
}

// dispatch routes a request below /apisix/admin.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, segs []string, body []byte) {
	switch {
	case segs == nil:
		writeJSON(w, http.StatusNotFound, object{"error_msg": "not found"})
	case len(segs) == 0:
		w.WriteHeader(http.StatusOK)
	case segs[0] == "plugins":
		s.servePlugins(w, r, segs[1:])
	case segs[0] == "schema" && len(segs) == 3 && segs[1] == "plugins":
		s.servePlugins(w, r, segs[2:])
	case segs[0] == "schema" && len(segs) == 2:
		s.serveCoreSchema(w, r, segs[1])
	case segs[0] == "configs" && len(segs) == 2 && segs[1] == "validate":
		s.serveValidate(w, r, body)
	case isKind(segs[0]):
		s.serveResource(w, r, apisix.Kind(segs[0]), segs[1:], body)
	default:
		writeJSON(w, http.StatusNotFound, object{"error_msg": "Unsupported resource type: " + segs[0]})
	}
}

// pathSegments splits a path below /apisix/admin; nil when it is not below it.
func pathSegments(p string) []string {
	rest, ok := strings.CutPrefix(p, "/apisix/admin")
	if !ok || (rest != "" && rest[0] != '/') {
		return nil
	}
	rest = strings.Trim(rest, "/")
	if rest == "" {
		return []string{}
	}
	return strings.Split(rest, "/")
}

// isKind reports whether name is one of the kinds the server stores.
func isKind(name string) bool { return slices.Contains(apisix.Kinds, apisix.Kind(name)) }

// authProblem returns APISIX's 401 description, or "" when the key is right.
func (s *Server) authProblem(r *http.Request) string {
	if s.opts.APIKey == "" {
		return ""
	}
	got := r.Header.Get("X-API-KEY")
	if got == "" {
		got = r.URL.Query().Get("api_key")
	}
	switch {
	case got == "":
		return "missing apikey"
	case subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.APIKey)) != 1:
		return "wrong apikey"
	}
	return ""
}

// redactQuery drops api_key from a query for the log.
func redactQuery(q url.Values) string {
	q.Del("api_key")
	return q.Encode()
}

// writeJSON writes v as a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// errorMsg answers status with {"error_msg": msg}.
func errorMsg(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, object{"error_msg": msg})
}
