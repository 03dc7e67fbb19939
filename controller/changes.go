package controller

import (
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// feed keeps the translator up to date with the cluster: each snapshot is
// compared with the one before by resource version, and only the objects
// created, updated or deleted since are given to the Translator, which
// translates again only what they affect.
type feed struct {
	opts translator.Options
	tr   *translator.Translator
	seen map[translator.ObjectRef]string // resource version (and uid) of every object given
}

// update gives the Translator what changed in snap and returns what changed
// in the translation (see translator.Change); result returns the whole
// translation. An object given to the Translator is a copy of its own (the
// Translator keeps it), so that it does not keep the whole list it came
// from.
func (f *feed) update(snap *translator.Snapshot) *translator.Change {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
		f.seen = map[translator.ObjectRef]string{}
	}
	set := &translator.Snapshot{}
	now := make(map[translator.ObjectRef]string, len(f.seen))
	visit := func(kind string, o metav1.Object, add func()) {
		ref := translator.ObjectRef{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}
		v := string(o.GetUID()) + "/" + o.GetResourceVersion()
		now[ref] = v
		if prev, ok := f.seen[ref]; !ok || prev != v || o.GetResourceVersion() == "" {
			add()
		}
	}
	for _, k := range translator.SnapshotKinds() {
		for _, o := range k.Objects(snap) {
			visit(k.GVK.Kind, o.(metav1.Object), func() { set.Add(k.ShallowCopy(o)) })
		}
	}
	var deleted []translator.ObjectRef
	for ref := range f.seen {
		if _, ok := now[ref]; !ok {
			deleted = append(deleted, ref)
		}
	}
	slices.SortFunc(deleted, func(a, b translator.ObjectRef) int {
		return slices.Compare([]string{a.Kind, a.Namespace, a.Name}, []string{b.Kind, b.Namespace, b.Name})
	})
	f.seen = now
	return f.tr.Apply(set, deleted)
}

// result returns the translation of every snapshot given so far; its work
// grows with the size of the translation.
func (f *feed) result() *translator.Result {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
		f.seen = map[translator.ObjectRef]string{}
	}
	return f.tr.Result()
}

// reset makes the next update a full translation.
func (f *feed) reset() { f.tr, f.seen = nil, nil }
