package apisix

// Verb is the Admin API method of an Op.
type Verb string

// The two writes a diff produces.
const (
	VerbPut    Verb = "PUT"
	VerbDelete Verb = "DELETE"
)

// Op is one Admin API write: PUT Object at /apisix/admin/<Kind>/<ID>, or
// DELETE it. For a DELETE, Object is the current object being removed.
type Op struct {
	Kind   Kind
	ID     string
	Verb   Verb
	Object Object
}

// Defaulter fills in, in place, the defaults APISIX adds to an object of
// kind when it stores it (obj is the object decoded from JSON, numbers as
// float64). *schema.Schemas implements it from APISIX's own schemas, plugin
// defaults included; CoreDefaults covers the core resources only.
type Defaulter interface {
	ApplyDefaults(kind Kind, obj map[string]any)
}

// DiffOptions tune Diff.
type DiffOptions struct {
	// ControllerName is the value of LabelManagedBy on owned objects.
	ControllerName string
	// Defaults normalises both sides before comparing; nil means
	// CoreDefaults{}.
	Defaults Defaulter
	// Owns decides whether a current object may be deleted. Nil means:
	// its labels carry LabelManagedBy = ControllerName. Global rules have no
	// labels in APISIX's schema, so without Owns they are never deleted.
	Owns func(Object) bool
	// Same, when set, decides whether the current object have already is
	// the desired object want (both of kind k, same id) in place of Equal
	// with Defaults: a caller that knows more of where its current objects
	// came from (what it sent itself, a write whose outcome is unknown) can
	// compare less, or force a write.
	Same func(k Kind, want, have Object) bool
}

// Diff returns the minimal ordered writes that turn current into desired:
// PUTs of new or changed objects, kinds in dependency order (Kinds), then
// DELETEs of owned objects that are no longer desired, kinds in reverse
// order; ids ascending within a kind. Objects are compared after removing
// create_time/update_time and filling the defaults APISIX adds server-side,
// so a current state read back from APISIX that differs only by defaults
// yields no ops. APISIX never returns an SSL's private keys, so key and keys
// are left out of the comparison. An unowned current object with a desired
// id is overwritten; it is never deleted. When desired holds an id twice,
// the first object wins.
func Diff(desired, current *State, opts DiffOptions) []Op {
	if desired == nil {
		desired = &State{}
	}
	if current == nil {
		current = &State{}
	}
	d := opts.Defaults
	if d == nil {
		d = CoreDefaults{}
	}
	owns := opts.Owns
	if owns == nil {
		owns = func(o Object) bool {
			return opts.ControllerName != "" && o.GetLabels()[LabelManagedBy] == opts.ControllerName
		}
	}
	same := opts.Same
	if same == nil {
		same = func(k Kind, want, have Object) bool { return Equal(k, want, have, d) }
	}
	var puts, deletes []Op
	wanted := make(map[Kind]map[string]bool, len(Kinds))
	for _, k := range Kinds {
		cur := indexByID(current.Objects(k))
		want := desired.Objects(k)
		sortByID(want)
		seen := make(map[string]bool, len(want))
		for _, o := range want {
			id := o.GetID()
			if seen[id] {
				continue
			}
			seen[id] = true
			if c, ok := cur[id]; ok && same(k, o, c) {
				continue
			}
			puts = append(puts, Op{Kind: k, ID: id, Verb: VerbPut, Object: o})
		}
		wanted[k] = seen
	}
	for i := len(Kinds) - 1; i >= 0; i-- {
		k := Kinds[i]
		cur := current.Objects(k)
		sortByID(cur)
		for _, c := range cur {
			if !wanted[k][c.GetID()] && owns(c) {
				deletes = append(deletes, Op{Kind: k, ID: c.GetID(), Verb: VerbDelete, Object: c})
			}
		}
	}
	return append(puts, deletes...)
}

func indexByID(objs []Object) map[string]Object {
	m := make(map[string]Object, len(objs))
	for _, o := range objs {
		if _, dup := m[o.GetID()]; !dup {
			m[o.GetID()] = o
		}
	}
	return m
}
