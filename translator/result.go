package translator

import (
	"slices"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ObjectRef identifies a source object.
type ObjectRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

func (r ObjectRef) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

func (r ObjectRef) less(o ObjectRef) bool { return r.compare(o) < 0 }

func (r ObjectRef) compare(o ObjectRef) int {
	if c := strings.Compare(r.Kind, o.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(r.Namespace, o.Namespace); c != 0 {
		return c
	}
	return strings.Compare(r.Name, o.Name)
}

// Status is the outcome of translating one source object.
type Status struct {
	Ref        ObjectRef
	Generation int64
	// Errors are the problems found, with field paths. Empty means accepted.
	Errors field.ErrorList
	// Emitted is false when the object's APISIX objects were withheld because
	// of an error other than an unresolved reference.
	Emitted bool
	// GatewayAPI is set for Gateway API objects: the conditions, listeners,
	// addresses or route parents their status should show.
	GatewayAPI *GatewayAPIStatus
}

// Accepted reports whether the object translated without any error.
func (s Status) Accepted() bool { return len(s.Errors) == 0 }

// Severity of a notice.
type Severity string

// Notice severities.
const (
	SeverityWarning Severity = "Warning"
	SeverityInfo    Severity = "Info"
)

// Notice tells the user something about an object that is not an error: a
// semantic difference, an ignored annotation, a value to write canonically.
type Notice struct {
	Ref      ObjectRef `json:"ref"`
	Field    string    `json:"field,omitempty"`
	Severity Severity  `json:"severity"`
	Message  string    `json:"message"`
}

// Result is the output of Translate.
type Result struct {
	State    *apisix.State
	Statuses []Status
	Notices  []Notice
	// Conflicts are the claims objects lost to others (see Conflict).
	Conflicts []Conflict
}

// Change is what one Translator.Apply changed in the result: the objects
// taken out and put in, and the sources translated again or deleted. The
// change and its objects are shared with the results: neither is modified
// (by the Translator or by its callers).
type Change struct {
	// Removed are the previous objects of the sources in Gone; Added the
	// objects of the sources translated again (each list sorted by id).
	Removed, Added *apisix.State
	// Gone are the sources translated again or deleted that had an output
	// before (sorted): their objects, statuses, notices and conflicts are
	// replaced by those of this change.
	Gone []ObjectRef
	// Statuses, Notices and Conflicts are those of the sources translated
	// again that still exist (sorted as in Result).
	Statuses  []Status
	Notices   []Notice
	Conflicts []Conflict
}

// size is the number of elements the change holds.
func (c *Change) size() int {
	return c.Removed.Len() + c.Added.Len() + len(c.Gone) + len(c.Statuses) + len(c.Notices) + len(c.Conflicts)
}

// Failed returns the sources whose objects were withheld because of errors;
// the controller keeps what APISIX already has for them.
func (r *Result) Failed() []ObjectRef {
	var out []ObjectRef
	for _, s := range r.Statuses {
		if !s.Emitted {
			out = append(out, s.Ref)
		}
	}
	return out
}

// StatusOf returns the status of ref, if it was translated.
func (r *Result) StatusOf(ref ObjectRef) (Status, bool) {
	i := sort.Search(len(r.Statuses), func(i int) bool { return !r.Statuses[i].Ref.less(ref) })
	if i < len(r.Statuses) && r.Statuses[i].Ref == ref {
		return r.Statuses[i], true
	}
	return Status{}, false
}

// sortNotices orders notices by source, field and message (keeping the
// order of notices that differ only in severity).
func sortNotices(ns []Notice) []Notice {
	slices.SortStableFunc(ns, compareNotices)
	return ns
}

func compareNotices(a, b Notice) int {
	if c := a.Ref.compare(b.Ref); c != 0 {
		return c
	}
	if c := strings.Compare(a.Field, b.Field); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// dedupeNotices drops repeats of the same notice (one per route otherwise).
func dedupeNotices(ns []Notice) []Notice {
	seen := make(map[Notice]bool, len(ns))
	out := ns[:0]
	for _, n := range ns {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
