package translator

import (
	"fmt"
	"strings"

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

	cross *crossState // conflicts between objects (see conflicts.go)

	parsed annotationSets // annotation sets already parsed (without an AnnotationCache)
	// emittedConsumers are consumer usernames already emitted (shared Secrets).
	emittedConsumers map[string]bool

	rulePluginMaps map[string]apisix.Plugins // see rulePlugins
	pluginsKey     []byte                    // see rulePlugins
}

func newTranslation(s *Snapshot, opts Options) *translation {
	return &translation{
		snap: s,
		opts: opts.withDefaults(),
		ix:   newIndex(s),
		res:  newResult(s),
	}
}

// newResult returns an empty result with room for what s is expected to
// produce, so that its lists are not regrown and copied many times over.
func newResult(s *Snapshot) *Result {
	routes, upstreams := 0, 0
	for _, ing := range s.Ingresses {
		upstreams++ // an Ingress's paths often share one Service port
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				routes += len(r.HTTP.Paths)
			}
		}
	}
	for _, ar := range s.ApisixRoutes {
		routes += len(ar.Spec.HTTP)
		upstreams += len(ar.Spec.HTTP)
	}
	sources := len(s.Ingresses) + len(s.ApisixRoutes) + len(s.ApisixUpstreams) + len(s.ApisixTlses) +
		len(s.ApisixPluginConfigs) + len(s.ApisixConsumers) + len(s.ApisixGlobalRules)
	return &Result{
		State: &apisix.State{
			Routes:    make([]*apisix.Route, 0, routes),
			Upstreams: make([]*apisix.Upstream, 0, upstreams),
		},
		Statuses: make([]Status, 0, sources),
	}
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
// an error blocks them.
func (t *translation) commit(e *emitter) {
	emitted := !e.blocking()
	if emitted {
		e.dropDuplicateIDs()
		for _, o := range e.objects {
			t.res.State.Add(o)
		}
	}
	t.res.Statuses = append(t.res.Statuses, Status{Ref: e.ref, Generation: e.generation, Errors: e.errs, Emitted: emitted})
	t.res.Notices = append(t.res.Notices, e.notices...)
}
