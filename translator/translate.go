package translator

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Translate turns the snapshot into APISIX desired state, statuses and notices.
func Translate(s *Snapshot, opts Options) *Result {
	t := newTranslation(s, opts)
	t.ingresses()
	t.crds()
	t.res.finish()
	return t.res
}

// translation is the working state of one Translate call.
type translation struct {
	snap *Snapshot
	opts Options
	ix   *index
	res  *Result

	parsed map[string]*parsedAnnotations // annotation sets already parsed
	// emittedConsumers are consumer usernames already emitted (shared Secrets).
	emittedConsumers map[string]bool
}

func newTranslation(s *Snapshot, opts Options) *translation {
	return &translation{
		snap: s,
		opts: opts.withDefaults(),
		ix:   newIndex(s),
		res:  &Result{State: &apisix.State{}},
	}
}

// emitter collects what one source object produces; it is committed to the
// result only when the object has no blocking error.
type emitter struct {
	ref        ObjectRef
	generation int64
	labels     map[string]string
	objects    []apisix.Object
	errs       field.ErrorList
	notices    []Notice
}

func (t *translation) newEmitter(ref ObjectRef, generation int64) *emitter {
	return &emitter{ref: ref, generation: generation, labels: ownerLabels(t.opts.ManagedBy, ref)}
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

// commit records the emitter's status and notices, and its objects unless
// an error blocks them.
func (t *translation) commit(e *emitter) {
	emitted := !e.blocking()
	if emitted {
		for _, o := range e.objects {
			t.res.State.Add(o)
		}
	}
	t.res.Statuses = append(t.res.Statuses, Status{Ref: e.ref, Generation: e.generation, Errors: e.errs, Emitted: emitted})
	t.res.Notices = append(t.res.Notices, e.notices...)
}

// labelsCopy returns a fresh copy of the emitter's ownership labels. Objects
// of one source may share e.labels: emitted objects are never modified.
func (e *emitter) labelsCopy() map[string]string {
	m := make(map[string]string, len(e.labels))
	for k, v := range e.labels {
		m[k] = v
	}
	return m
}
