package apisix

import (
	"encoding/json"
	"maps"
	"slices"
)

// Owner is the source of an object a controller manages, as the object's
// ownership labels record it (LabelManagedBy, LabelSourceKind,
// LabelSourceNamespace, LabelSourceName).
type Owner struct {
	ManagedBy string
	Kind      string
	Namespace string
	Name      string
}

// Labels are an object's labels (the `labels` member of the Admin API).
//
// The four ownership labels are held as one *Owner, which every object a
// source produces shares: a translation makes tens of thousands of objects,
// and a map per source was a tenth of its time. Any other labels are in a
// map. The zero value has no labels. A Labels is never modified once made;
// the JSON form is the plain object of every label, keys sorted.
//
// Every constructor keeps one canonical form (the ownership labels are in
// the Owner exactly when all four are present), so two Labels with the same
// labels are reflect.DeepEqual.
type Labels struct {
	owner *Owner
	other map[string]string
}

// OwnedBy returns the ownership labels of o (shared, not copied).
func OwnedBy(o *Owner) Labels { return Labels{owner: o} }

// LabelsOf returns labels holding a copy of m.
func LabelsOf(m map[string]string) Labels {
	if len(m) == 0 {
		return Labels{}
	}
	kind, hasKind := m[LabelSourceKind]
	ns, hasNS := m[LabelSourceNamespace]
	name, hasName := m[LabelSourceName]
	by, hasBy := m[LabelManagedBy]
	if !hasKind || !hasNS || !hasName || !hasBy {
		return Labels{other: maps.Clone(m)}
	}
	l := Labels{owner: &Owner{ManagedBy: by, Kind: kind, Namespace: ns, Name: name}}
	if len(m) > 4 {
		l.other = make(map[string]string, len(m)-4)
		for k, v := range m {
			if !isOwnerLabel(k) {
				l.other[k] = v
			}
		}
	}
	return l
}

func isOwnerLabel(k string) bool {
	return k == LabelManagedBy || k == LabelSourceKind || k == LabelSourceNamespace || k == LabelSourceName
}

// Owner returns the ownership labels, or nil when the object has not all four.
func (l Labels) Owner() *Owner { return l.owner }

// Get returns the value of the label k ("" when absent).
func (l Labels) Get(k string) string {
	if l.owner != nil {
		switch k {
		case LabelManagedBy:
			return l.owner.ManagedBy
		case LabelSourceKind:
			return l.owner.Kind
		case LabelSourceNamespace:
			return l.owner.Namespace
		case LabelSourceName:
			return l.owner.Name
		}
	}
	return l.other[k]
}

// Len returns the number of labels.
func (l Labels) Len() int {
	n := len(l.other)
	if l.owner != nil {
		n += 4
	}
	return n
}

// IsZero reports whether there are no labels (for the omitzero JSON option).
func (l Labels) IsZero() bool { return l.Len() == 0 }

// Map returns the labels as a new map (nil when there are none).
func (l Labels) Map() map[string]string {
	if l.Len() == 0 {
		return nil
	}
	m := make(map[string]string, l.Len())
	maps.Copy(m, l.other)
	if o := l.owner; o != nil {
		m[LabelManagedBy], m[LabelSourceKind], m[LabelSourceNamespace], m[LabelSourceName] = o.ManagedBy, o.Kind, o.Namespace, o.Name
	}
	return m
}

// Keys returns the label keys, sorted.
func (l Labels) Keys() []string {
	keys := make([]string, 0, l.Len())
	if l.owner != nil {
		keys = append(keys, LabelManagedBy, LabelSourceKind, LabelSourceNamespace, LabelSourceName)
	}
	for k := range l.other {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// MarshalJSON writes the labels as one JSON object, keys sorted (as
// encoding/json writes a map).
func (l Labels) MarshalJSON() ([]byte, error) {
	if l.Len() == 0 {
		return []byte("{}"), nil
	}
	return json.Marshal(l.Map())
}

// UnmarshalJSON reads a JSON object of string values (null is no labels).
func (l *Labels) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*l = LabelsOf(m)
	return nil
}
