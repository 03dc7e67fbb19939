package apisix

import (
	"encoding/json"
	"reflect"
)

// Normalize returns o as APISIX would store and return it: decoded from its
// JSON form, without create_time/update_time, with d's defaults filled in
// (CoreDefaults when d is nil), and without the private keys APISIX never
// returns as written (an SSL's key and keys, an upstream's tls.client_key).
func Normalize(k Kind, o Object, d Defaulter) (map[string]any, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	delete(m, "create_time")
	delete(m, "update_time")
	if k == KindSSL {
		delete(m, "key")
		delete(m, "keys")
	}
	// APISIX returns an upstream's tls.client_key encrypted, never the PEM
	// written; like SSL keys it cannot be compared (client_cert still is).
	up := m
	if k != KindUpstream {
		up, _ = m["upstream"].(map[string]any)
	}
	if tls, ok := up["tls"].(map[string]any); ok {
		delete(tls, "client_key")
	}
	if d == nil {
		d = CoreDefaults{}
	}
	d.ApplyDefaults(k, m)
	return m, nil
}

// Equal reports whether a and b, both of kind k, are the same object once
// normalised (see Normalize). Empty objects, empty arrays and absent members
// are treated alike, since APISIX's Lua JSON encoder cannot tell them apart.
func Equal(k Kind, a, b Object, d Defaulter) bool {
	if a == b {
		return true // the same object (a translation's objects are never modified)
	}
	na, err := Normalize(k, a, d)
	if err != nil {
		return false
	}
	nb, err := Normalize(k, b, d)
	if err != nil {
		return false
	}
	return sameValue(na, nb)
}

func sameValue(a, b any) bool {
	if isEmpty(a) && isEmpty(b) {
		return true
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range x {
			if !sameValue(v, y[k]) {
				return false
			}
		}
		for k, v := range y {
			if _, ok := x[k]; !ok && !isEmpty(v) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		f, _ := x.Float64()
		return sameValue(f, b)
	}
	if n, ok := b.(json.Number); ok {
		f, _ := n.Float64()
		return reflect.DeepEqual(a, f)
	}
	return reflect.DeepEqual(a, b)
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
