package apisixtest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Request is one logged request. The API key is never logged.
type Request struct {
	Method string
	Path   string      // e.g. /apisix/admin/routes/1
	Query  string      // raw query without api_key
	Kind   apisix.Kind // "" for non-resource endpoints
	ID     string
	// Status is the answer's status code; 0 when the connection was reset.
	Status int
	// Fault is the injected fault (FaultNone, Fault5xx, FaultReset or
	// FaultLostReply).
	Fault string
	// Body is the request body.
	Body []byte
	Time time.Time
}

// CountKey groups requests in Counts.
type CountKey struct {
	Method string
	Kind   apisix.Kind
	Status int
}

// record appends r to the log and counters.
func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqlog = append(s.reqlog, r)
	s.counts[CountKey{Method: r.Method, Kind: r.Kind, Status: r.Status}]++
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqlog...)
}

// RequestsFrom returns a copy of the request log from its i-th request on
// (none when i is past its end), so that a poller copies only what is new.
func (s *Server) RequestsFrom(i int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqlog[min(max(i, 0), len(s.reqlog)):]...)
}

// RequestCount returns the number of requests logged.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqlog)
}

// Counts returns a copy of the request counters.
func (s *Server) Counts() map[CountKey]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[CountKey]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Count returns how many requests matched; an empty method or kind and a zero
// status match anything.
func (s *Server) Count(method string, kind apisix.Kind, status int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.counts {
		if (method == "" || k.Method == method) && (kind == "" || k.Kind == kind) && (status == 0 || k.Status == status) {
			n += v
		}
	}
	return n
}

// Snapshot returns the stored objects by kind and id, as stored (with
// server-filled fields, SSL keys included).
func (s *Server) Snapshot() map[apisix.Kind]map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[apisix.Kind]map[string]json.RawMessage, len(s.store.data))
	for kind, objs := range s.store.data {
		m := make(map[string]json.RawMessage, len(objs))
		for id, e := range objs {
			m[id] = mustJSON(e.value)
		}
		out[kind] = m
	}
	return out
}

// Set stores value as kind/id without any check or default, e.g. to plant
// drift or objects not owned by the controller. It panics on invalid JSON.
func (s *Server) Set(kind apisix.Kind, id string, value []byte) {
	o, err := decodeObject(value)
	if err != nil {
		panic("apisixtest: Set: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store.data[kind] == nil {
		panic("apisixtest: Set: unknown kind " + string(kind))
	}
	s.store.put(kind, id, o)
}

// Reset empties the store, the request log and the counters, and clears the
// injected faults and the down switch.
func (s *Server) Reset() {
	s.mu.Lock()
	s.store = newStore()
	s.reqlog = nil
	s.counts = map[CountKey]int{}
	s.mu.Unlock()
	s.SetFaults(Faults{})
	_ = s.SetDown(false)
}

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
