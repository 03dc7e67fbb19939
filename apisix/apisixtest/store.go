package apisixtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// object is a decoded JSON object; numbers stay json.Number so that values
// round-trip exactly.
type object = map[string]any

// entry is one stored object with its etcd-like revisions.
type entry struct {
	value    object
	created  int64
	modified int64
}

// store holds every object by kind and id. It is not safe for concurrent use;
// Server guards it with its mutex.
type store struct {
	rev  int64
	data map[apisix.Kind]map[string]*entry
}

func newStore() *store {
	s := &store{data: map[apisix.Kind]map[string]*entry{}}
	for _, k := range apisix.Kinds {
		s.data[k] = map[string]*entry{}
	}
	return s
}

// get returns the entry kind/id or nil.
func (s *store) get(kind apisix.Kind, id string) *entry { return s.data[kind][id] }

// put stores v as kind/id and reports whether it was created.
func (s *store) put(kind apisix.Kind, id string, v object) (*entry, bool) {
	s.rev++
	if e := s.data[kind][id]; e != nil {
		e.value, e.modified = v, s.rev
		return e, false
	}
	e := &entry{value: v, created: s.rev, modified: s.rev}
	s.data[kind][id] = e
	return e, true
}

// delete removes kind/id and reports whether it existed.
func (s *store) delete(kind apisix.Kind, id string) bool {
	if _, ok := s.data[kind][id]; !ok {
		return false
	}
	s.rev++
	delete(s.data[kind], id)
	return true
}

// ids returns the ids of kind in etcd key order (lexicographic).
func (s *store) ids(kind apisix.Kind) []string {
	return slices.Sorted(maps.Keys(s.data[kind]))
}

// key is the etcd key APISIX reports for kind/id.
func key(kind apisix.Kind, id string) string { return "/apisix/" + string(kind) + "/" + id }

// decodeObject parses a JSON object keeping numbers exact.
func decodeObject(body []byte) (object, error) {
	var v any
	if err := decodeJSON(body, &v); err != nil {
		return nil, err
	}
	o, ok := v.(object)
	if !ok {
		return nil, fmt.Errorf("expected a JSON object")
	}
	return o, nil
}

// decodeJSON parses one JSON value with json.Number for numbers.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after JSON value")
	}
	return nil
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch t := v.(type) {
	case object:
		o := make(object, len(t))
		for k, e := range t {
			o[k] = deepCopy(e)
		}
		return o
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = deepCopy(e)
		}
		return a
	default:
		return v
	}
}

// mustJSON encodes a decoded JSON value (which cannot fail).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("apisixtest: encoding stored value: %v", err))
	}
	return b
}

// idString renders an id member (string or number) as APISIX's tostring does.
func idString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return strings.TrimSuffix(t.String(), ".0"), true
	}
	return "", false
}
