package controller

import (
	"context"
	"fmt"
	"slices"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// feed keeps the translator up to date with the cluster: full translates a
// whole snapshot with a new Translator (the first batch, each periodic
// resync), apply gives it only the objects informer events named since
// (see eventLog and Controller.gather), and the Translator translates again
// only what they affect.
type feed struct {
	opts translator.Options
	tr   *translator.Translator
}

// started reports whether a full translation was made since the last reset.
func (f *feed) started() bool { return f.tr != nil }

// full translates snap with a new Translator and returns what it holds (see
// translator.Change). Each object given is a copy of its own (the
// Translator keeps it), so that it does not keep the whole list it came
// from.
func (f *feed) full(snap *translator.Snapshot) *translator.Change {
	f.tr = translator.NewTranslator(f.opts)
	return f.tr.Apply(own(snap), nil)
}

// apply gives the Translator the objects created or updated (set) and the
// refs of those deleted since the last call, and returns what changed in
// the translation.
func (f *feed) apply(set *translator.Snapshot, deleted []translator.ObjectRef) *translator.Change {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
	}
	return f.tr.Apply(set, deleted)
}

// result returns the translation of everything given so far; its work
// grows with the size of the translation.
func (f *feed) result() *translator.Result {
	if f.tr == nil {
		f.tr = translator.NewTranslator(f.opts)
	}
	return f.tr.Result()
}

// reset makes the next batch a full translation.
func (f *feed) reset() { f.tr = nil }

// own returns a snapshot of shallow copies of snap's objects.
func own(snap *translator.Snapshot) *translator.Snapshot {
	set := &translator.Snapshot{}
	for _, k := range translator.SnapshotKinds() {
		for _, o := range k.Objects(snap) {
			set.Add(k.ShallowCopy(o))
		}
	}
	return set
}

// eventLog collects the objects that informer events named since the loop
// last took them: an event records only its object's ref; the loop reads
// the object itself from the cache (or finds it gone).
type eventLog struct {
	mu   sync.Mutex
	refs map[translator.ObjectRef]struct{}
}

func (e *eventLog) add(ref translator.ObjectRef) {
	e.mu.Lock()
	if e.refs == nil {
		e.refs = map[translator.ObjectRef]struct{}{}
	}
	e.refs[ref] = struct{}{}
	e.mu.Unlock()
}

// take returns the refs recorded so far and starts a new record.
func (e *eventLog) take() map[translator.ObjectRef]struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.refs
	e.refs = nil
	return r
}

// noCopy reads from the cache without a deep copy: the objects read are
// shallow copies sharing the cache's contents, which nothing modifies.
var noCopy = &client.GetOptions{UnsafeDisableDeepCopy: new(true)}

// gather reads the objects keys name from the informer cache: those found
// are the set to give the Translator, the others are deleted. It keeps the
// reference index up to date with the sources read, reads the Secrets and
// ConfigMaps that became referenced (or whose events keys carries) through
// their ref stores, and deletes those no longer referenced. Its work is
// proportional to len(keys), not to the cluster.
func (c *Controller) gather(ctx context.Context, keys map[translator.ObjectRef]struct{}) (*translator.Snapshot, []translator.ObjectRef, error) {
	set := &translator.Snapshot{}
	var deleted []translator.ObjectRef
	byRef := map[translator.ObjectRef]bool{}
	for ref := range keys {
		k, ok := translator.SnapshotKindOf(ref.Kind)
		if !ok {
			continue
		}
		if k.ByReference {
			byRef[ref] = true
			continue
		}
		o, err := c.cached(ctx, k, ref)
		if err != nil {
			return nil, nil, err
		}
		if k.Source {
			var refs []translator.ObjectRef
			if o != nil {
				refs = translator.References(o)
			}
			added, dropped := c.refs.set(ref, refs)
			for _, r := range added {
				c.refStore(r.Kind).want(objectKey{r.Namespace, r.Name})
				byRef[r] = true
			}
			for _, r := range dropped {
				c.refStore(r.Kind).unwant(objectKey{r.Namespace, r.Name})
				byRef[r] = true
			}
		}
		if o == nil {
			deleted = append(deleted, ref)
		} else {
			set.Add(o)
		}
	}
	for ref := range byRef {
		s := c.refStore(ref.Kind)
		key := objectKey{ref.Namespace, ref.Name}
		if !c.refs.referenced(ref) {
			s.forget(key)
			deleted = append(deleted, ref)
			continue
		}
		o, err := s.getOne(ctx, key)
		if err != nil {
			return nil, nil, err
		}
		if o == nil {
			deleted = append(deleted, ref)
		} else {
			set.Add(o)
		}
	}
	slices.SortFunc(deleted, func(a, b translator.ObjectRef) int {
		return slices.Compare([]string{a.Kind, a.Namespace, a.Name}, []string{b.Kind, b.Namespace, b.Name})
	})
	return set, deleted, nil
}

// cached returns the cached object ref names (a shallow copy; for a
// MetadataOnly kind an object carrying only its metadata), nil when the
// cache does not hold it.
func (c *Controller) cached(ctx context.Context, k translator.SnapshotKind, ref translator.ObjectRef) (runtime.Object, error) {
	key := client.ObjectKey{Namespace: ref.Namespace, Name: ref.Name}
	if k.MetadataOnly {
		m := metadataKey(ref.Kind)
		if err := c.cache.Get(ctx, key, m, noCopy); err != nil {
			if apierrors.IsNotFound(err) {
				return nil, nil
			}
			return nil, fmt.Errorf("reading %s from the cache: %w", ref, err)
		}
		o := k.New()
		if !setMetadata(o, &m.ObjectMeta) {
			return nil, fmt.Errorf("kind %s cannot be read as metadata", ref.Kind)
		}
		return o, nil
	}
	o := k.New().(client.Object)
	if err := c.cache.Get(ctx, key, o, noCopy); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("reading %s from the cache: %w", ref, err)
	}
	return o, nil
}
