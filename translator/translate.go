package translator

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Translate turns the snapshot into APISIX desired state, statuses and
// notices: the update of an empty Translator by every object of s.
func Translate(s *Snapshot, opts Options) *Result {
	tr := NewTranslator(opts)
	tr.oneShot = true
	return tr.Update(s, nil)
}

// translation is the working state of one update: it translates the
// sources it is asked to and records, for each, its output and the objects
// it read.
type translation struct {
	opts Options
	ix   *index
	outs map[ObjectRef]*sourceOut // this update's outputs
	deps *[]ObjectRef             // the source being translated records its lookups here (see use)
	// record is false when no update follows (Translate): lookups are not
	// recorded, and outputs go straight into all.
	record bool
	all    *Result

	cross *crossState // conflicts between objects (see conflicts.go)

	parsed annotationSets // annotation sets already parsed (without an AnnotationCache)
	// emittedConsumers are consumer usernames already emitted (shared Secrets).
	emittedConsumers map[string]bool

	rulePluginMaps map[string]apisix.Plugins // see rulePlugins
	pluginsKey     []byte                    // see rulePlugins
}

// sourceOut is what one source object produced, and what it read.
type sourceOut struct {
	deps []ObjectRef
	// translated is false for an object this controller does not own:
	// it has no status and no objects, only the lookups that decided so.
	translated bool
	objects    []apisix.Object
	status     Status
	notices    []Notice // deduplicated and sorted (see sortNotices)
	conflicts  []Conflict
}

// begin starts the translation of the source ref: its lookups from now on
// are recorded as its dependencies.
func (t *translation) begin(ref ObjectRef) {
	if !t.record {
		return
	}
	o := t.outs[ref]
	if o == nil {
		o = &sourceOut{}
		t.outs[ref] = o
	}
	t.deps = &o.deps
}

// emitter collects what one source object produces; it is committed to the
// result only when the object has no blocking error.
type emitter struct {
	ref        ObjectRef
	generation int64
	// labels are the ownership labels, one map shared by every object
	// emitted for this source (emitted objects are never modified).
	labels  apisix.Labels
	objects []apisix.Object
	errs    field.ErrorList
	notices []Notice
	// conflicts are the claims this source lost (see Conflict).
	conflicts []Conflict
}

func (t *translation) newEmitter(ref ObjectRef, generation int64) *emitter {
	return &emitter{ref: ref, generation: generation, labels: t.ownerLabels(ref)}
}

func (e *emitter) add(o apisix.Object) { e.objects = append(e.objects, o) }

func (e *emitter) err(errs ...*field.Error) {
	for _, x := range errs {
		if x != nil {
			e.errs = append(e.errs, x)
		}
	}
}

func (e *emitter) warn(fp *field.Path, msg string) {
	f := ""
	if fp != nil {
		f = fp.String()
	}
	e.notices = append(e.notices, Notice{Ref: e.ref, Field: f, Severity: SeverityWarning, Message: msg})
}

func (e *emitter) info(fp *field.Path, msg string) {
	f := ""
	if fp != nil {
		f = fp.String()
	}
	e.notices = append(e.notices, Notice{Ref: e.ref, Field: f, Severity: SeverityInfo, Message: msg})
}

// blocking reports whether any error is more than an unresolved reference.
func (e *emitter) blocking() bool {
	for _, x := range e.errs {
		if x.Type != field.ErrorTypeNotFound {
			return true
		}
	}
	return false
}

// dropDuplicateIDs keeps the first of the emitter's objects of a kind that
// share an id, and warns about the others. Ids of different sources never
// collide (see childIDName); a source's own objects can share one when it
// repeats a host and path, or, very unlikely, when their hashes collide.
func (e *emitter) dropDuplicateIDs() {
	objs := e.objects
	out := objs[:0]
	dup := func(o apisix.Object) bool {
		for _, p := range out {
			if p.GetID() == o.GetID() && p.Kind() == o.Kind() {
				return true
			}
		}
		return false
	}
	if len(objs) > 32 { // a large object: look ids up rather than compare all pairs
		seen := make(map[[2]string]bool, len(objs))
		dup = func(o apisix.Object) bool {
			k := [2]string{string(o.Kind()), o.GetID()}
			if seen[k] {
				return true
			}
			seen[k] = true
			return false
		}
	}
	for _, o := range objs {
		if dup(o) {
			// "routes" -> "route": the Admin API's kind names are plural.
			e.warn(nil, fmt.Sprintf("%s %s is produced twice (the object repeats a host and path); only the first is kept",
				strings.TrimSuffix(string(o.Kind()), "s"), o.GetID()))
			continue
		}
		out = append(out, o)
	}
	clear(objs[len(out):])
	e.objects = out
}

// commit records the emitter's status and notices, and its objects unless
// an error blocks them, as the output of its source.
func (t *translation) commit(e *emitter) {
	if !t.record {
		emitted := !e.blocking()
		if emitted {
			e.dropDuplicateIDs()
			for _, o := range e.objects {
				t.all.State.Add(o)
			}
		}
		t.all.Statuses = append(t.all.Statuses, Status{Ref: e.ref, Generation: e.generation, Errors: e.errs, Emitted: emitted})
		t.all.Notices = append(t.all.Notices, sortNotices(dedupeNotices(e.notices))...)
		t.all.Conflicts = append(t.all.Conflicts, e.conflicts...)
		return
	}
	out := t.outs[e.ref]
	if out == nil {
		out = &sourceOut{}
		t.outs[e.ref] = out
	}
	emitted := !e.blocking()
	if emitted {
		e.dropDuplicateIDs()
		out.objects = e.objects
	}
	out.translated = true
	out.status = Status{Ref: e.ref, Generation: e.generation, Errors: e.errs, Emitted: emitted}
	out.notices = sortNotices(dedupeNotices(e.notices))
	out.conflicts = e.conflicts
}
