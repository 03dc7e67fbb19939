package apisixtest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// itemJSON is the v3 shape of one object.
type itemJSON struct {
	Key           string `json:"key"`
	Value         any    `json:"value"`
	CreatedIndex  int64  `json:"createdIndex"`
	ModifiedIndex int64  `json:"modifiedIndex"`
}

// item renders an entry for a read: SSL private keys are stripped and
// upstream client keys encrypted, as APISIX does.
func item(kind apisix.Kind, id string, e *entry) itemJSON {
	v := e.value
	if hasClientKey(kind, v) {
		// APISIX decrypts plugin fields on reads but not an upstream's
		// tls.client_key: reads show it as stored, encrypted.
		v = deepCopy(v).(object)
		encryptClientKeys(kind, v)
	}
	if kind == apisix.KindSSL {
		c := deepCopy(v).(object)
		delete(c, "key")
		delete(c, "keys")
		v = c
	}
	return itemJSON{Key: key(kind, id), Value: v, CreatedIndex: e.created, ModifiedIndex: e.modified}
}

// notFound is APISIX's answer for a missing key.
func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, object{"message": "Key not found"})
}

// serveResource handles /apisix/admin/<kind>[/<id>[/<sub path>]].
func (s *Server) serveResource(w http.ResponseWriter, r *http.Request, kind apisix.Kind, rest []string, body []byte) {
	conf, bad := decodeBody(body)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, bad)
		return
	}
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		s.list(w, r, kind)
	case len(rest) == 0 && r.Method == http.MethodPut && kind == apisix.KindConsumer:
		if o, ok := putConf(w, conf); ok {
			u, _ := o["username"].(string)
			s.put(w, kind, u, o)
		}
	case len(rest) == 0 && r.Method == http.MethodPut:
		if _, ok := putConf(w, conf); ok {
			errorMsg(w, http.StatusBadRequest, "missing "+noun(kind)+" id")
		}
	case len(rest) == 0 && (r.Method == http.MethodDelete || r.Method == http.MethodPatch):
		errorMsg(w, http.StatusBadRequest, "missing "+noun(kind)+" id")
	case len(rest) >= 1 && r.Method == http.MethodGet: // as for PUT and DELETE, a sub path is ignored
		s.get(w, kind, rest[0])
	case len(rest) >= 1 && r.Method == http.MethodPut: // APISIX ignores a PUT's sub path
		if o, ok := putConf(w, conf); ok {
			s.put(w, kind, rest[0], o)
		}
	case len(rest) >= 1 && r.Method == http.MethodDelete:
		s.delete(w, kind, rest[0], r.URL.Query().Get("force") == "true")
	case len(rest) >= 1 && r.Method == http.MethodPatch:
		s.patch(w, kind, rest[0], rest[1:], conf)
	default:
		errorMsg(w, http.StatusMethodNotAllowed, fmt.Sprintf("not supported `%s` method for %s", r.Method, noun(kind)))
	}
}

// putConf returns a PUT's decoded body as an object, or answers APISIX's
// error for a missing or non-object one.
func putConf(w http.ResponseWriter, conf any) (object, bool) {
	if conf == nil {
		errorMsg(w, http.StatusBadRequest, "missing configurations")
		return nil, false
	}
	o, ok := asTable(conf)
	if !ok {
		errorMsg(w, http.StatusBadRequest, "invalid configuration")
		return nil, false
	}
	return o, true
}

// writtenJSON is the answer of a PUT or PATCH: key and value, without etcd
// indexes.
type writtenJSON struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// written renders the answer of a write of kind/id: the stored value with
// the fields APISIX encrypts shown encrypted.
func (s *Server) written(kind apisix.Kind, id string, e *entry) writtenJSON {
	return writtenJSON{Key: key(kind, id), Value: s.encrypted(kind, e.value)}
}

// get answers one object.
func (s *Server) get(w http.ResponseWriter, kind apisix.Kind, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.store.get(kind, id)
	if e == nil {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, item(kind, id, e))
}

// put creates or replaces kind/id: 201 when created, 200 when replaced.
func (s *Server) put(w http.ResponseWriter, kind apisix.Kind, id string, o object) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.store.get(kind, id)
	if msg := s.admit(kind, id, o, prev, nil); msg != "" {
		errorMsg(w, http.StatusBadRequest, msg)
		return
	}
	e, created := s.store.put(kind, id, o)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, s.written(kind, id, e))
}

// delete removes kind/id unless it is still referenced and force is false.
func (s *Server) delete(w http.ResponseWriter, kind apisix.Kind, id string, force bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !force {
		if msg := s.referrer(kind, id); msg != "" {
			errorMsg(w, http.StatusBadRequest, msg)
			return
		}
	}
	if !s.store.delete(kind, id) {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, object{"deleted": "1", "key": key(kind, id)})
}

// patch merges the body into kind/id, or with a sub path replaces the value
// at that path, then checks and stores the result.
func (s *Server) patch(w http.ResponseWriter, kind apisix.Kind, id string, sub []string, conf any) {
	if kind == apisix.KindStreamRoute {
		errorMsg(w, http.StatusMethodNotAllowed, "not supported `PATCH` method for "+noun(kind))
		return
	}
	if conf == nil {
		errorMsg(w, http.StatusBadRequest, "missing new configuration")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.store.get(kind, id)
	if prev == nil {
		notFound(w)
		return
	}
	next := deepCopy(prev.value).(object)
	var patchObj object
	if len(sub) == 0 {
		p, ok := asTable(conf)
		if !ok {
			errorMsg(w, http.StatusBadRequest, "invalid configuration")
			return
		}
		mergePatch(next, p)
		patchObj = p
	} else {
		if !setPath(next, sub, conf) {
			errorMsg(w, http.StatusBadRequest, "invalid sub path")
			return
		}
		patchObj = object{}
	}
	if msg := s.admit(kind, id, next, prev, patchObj); msg != "" {
		errorMsg(w, http.StatusBadRequest, msg)
		return
	}
	e, _ := s.store.put(kind, id, next)
	writeJSON(w, http.StatusOK, s.written(kind, id, e))
}

// list answers {"list":[...],"total":N}, paged when both page and page_size
// are given.
func (s *Server) list(w http.ResponseWriter, r *http.Request, kind apisix.Kind) {
	q := r.URL.Query()
	page, pageSize := 0, 0
	if q.Has("page") && q.Has("page_size") {
		var err error
		if page, err = strconv.Atoi(q.Get("page")); err != nil || page < 1 {
			errorMsg(w, http.StatusBadRequest, "page must be an integer >= 1")
			return
		}
		if pageSize, err = strconv.Atoi(q.Get("page_size")); err != nil || pageSize < 10 || pageSize > 500 {
			errorMsg(w, http.StatusBadRequest, "page_size must be between 10 and 500")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.store.ids(kind)
	total := len(ids)
	if pageSize > 0 {
		from := min((page-1)*pageSize, len(ids))
		ids = ids[from:min(from+pageSize, len(ids))]
	}
	items := make([]itemJSON, 0, len(ids))
	for _, id := range ids {
		items = append(items, item(kind, id, s.store.get(kind, id)))
	}
	var list any = items
	if len(items) == 0 && (s.opts.EmptyListAsObject || pageSize > 0) {
		list = object{} // an empty page is always {} in APISIX 3.18
	}
	writeJSON(w, http.StatusOK, object{"list": list, "total": total})
}

// mergePatch merges p into dst the way APISIX's PATCH does: objects merge
// recursively, null removes a member, anything else replaces.
func mergePatch(dst, p object) {
	for k, v := range p {
		switch pv := v.(type) {
		case nil:
			delete(dst, k)
		case object:
			if dv, ok := dst[k].(object); ok {
				mergePatch(dv, pv)
			} else {
				dst[k] = deepCopy(pv)
			}
		default:
			dst[k] = deepCopy(v)
		}
	}
}

// setPath replaces the value at path below o; every step but the last must
// be an existing object.
func setPath(o object, path []string, v any) bool {
	for _, p := range path[:len(path)-1] {
		next, ok := o[p].(object)
		if !ok {
			return false
		}
		o = next
	}
	o[path[len(path)-1]] = v
	return true
}
