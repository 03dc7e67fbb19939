package controller

import (
	"context"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// references are the objects a snapshot's objects name that the controller
// fetches on demand rather than caching their kind.
type references struct {
	secrets    map[objectKey]bool
	configMaps map[objectKey]bool
}

// referencesOf returns every Secret and ConfigMap that a translation of the
// snapshot's objects looks up, as translator.References lists them.
func referencesOf(s *translator.Snapshot) references {
	return refIndexOf(s).references()
}

// refIndex keeps, for each source, the Secrets and ConfigMaps it references
// (translator.References), and how many sources reference each, so that a
// change of one source updates the referenced set without a walk over the
// others.
type refIndex struct {
	bySource map[translator.ObjectRef][]translator.ObjectRef // sources with references only
	count    map[translator.ObjectRef]int
}

func newRefIndex() *refIndex {
	return &refIndex{bySource: map[translator.ObjectRef][]translator.ObjectRef{}, count: map[translator.ObjectRef]int{}}
}

// refIndexOf indexes the references of every source of s.
func refIndexOf(s *translator.Snapshot) *refIndex {
	x := newRefIndex()
	for _, k := range translator.SnapshotKinds() {
		if !k.Source {
			continue
		}
		for _, o := range k.Objects(s) {
			m := o.(interface {
				GetNamespace() string
				GetName() string
			})
			x.set(translator.ObjectRef{Kind: k.GVK.Kind, Namespace: m.GetNamespace(), Name: m.GetName()}, translator.References(o))
		}
	}
	return x
}

// set records that src now references refs (nil when src is gone; kinds
// other than Secret and ConfigMap are ignored) and returns the objects
// that became referenced and those no longer referenced by any source.
func (x *refIndex) set(src translator.ObjectRef, refs []translator.ObjectRef) (added, dropped []translator.ObjectRef) {
	var now []translator.ObjectRef
	for _, r := range refs {
		if (r.Kind == translator.KindSecret || r.Kind == translator.KindConfigMap) && !contains(now, r) {
			now = append(now, r)
		}
	}
	for _, r := range now {
		x.count[r]++
		if x.count[r] == 1 {
			added = append(added, r)
		}
	}
	for _, r := range x.bySource[src] {
		x.count[r]--
		if x.count[r] == 0 {
			delete(x.count, r)
			dropped = append(dropped, r)
		}
	}
	if len(now) == 0 {
		delete(x.bySource, src)
	} else {
		x.bySource[src] = now
	}
	return added, dropped
}

func contains(refs []translator.ObjectRef, r translator.ObjectRef) bool {
	for _, x := range refs {
		if x == r {
			return true
		}
	}
	return false
}

// referenced reports whether a source references r.
func (x *refIndex) referenced(r translator.ObjectRef) bool { return x.count[r] > 0 }

// references returns the referenced objects by kind.
func (x *refIndex) references() references {
	refs := references{secrets: map[objectKey]bool{}, configMaps: map[objectKey]bool{}}
	for r := range x.count {
		switch r.Kind {
		case translator.KindSecret:
			refs.secrets[objectKey{r.Namespace, r.Name}] = true
		case translator.KindConfigMap:
			refs.configMaps[objectKey{r.Namespace, r.Name}] = true
		}
	}
	return refs
}

// byReference is a kind's reference store as gather uses it.
type byReference interface {
	want(k objectKey)
	unwant(k objectKey)
	forget(k objectKey)
	getOne(ctx context.Context, k objectKey) (runtime.Object, error)
}

// refStore returns the reference store of a kind read by reference.
func (c *Controller) refStore(kind string) byReference {
	switch kind {
	case translator.KindSecret:
		return c.secrets
	case translator.KindConfigMap:
		return c.configMaps
	}
	panic("controller: no reference store for " + kind)
}

// referenced returns the event filter of the reference store of a kind read
// by reference (translator.SnapshotKind.ByReference).
func (c *Controller) referenced(kind string) func(obj any) bool {
	switch kind {
	case translator.KindSecret:
		return c.secrets.referenced
	case translator.KindConfigMap:
		return c.configMaps.referenced
	}
	panic("controller: no reference store for " + kind)
}
