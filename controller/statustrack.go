package controller

import (
	"slices"
	"strings"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// kindState is a source kind and the state a status says (synced, failed,
// rejected): the labels of the sources gauge.
type kindState struct{ kind, state string }

// statusTrack keeps the translation's statuses between full syncs, brought
// up to date from its changes, so that a sync after a change posts only
// the statuses that may differ: those of the sources translated again, and
// those of the sources whose writes failed or were put off last time.
type statusTrack struct {
	statuses map[translator.ObjectRef]translator.Status
	withheld map[translator.ObjectRef]bool // sources withheld because of errors
	touched  map[translator.ObjectRef]bool // sources the last changes translated again or deleted
	// retry are the sources whose writes failed or were put off in the last
	// sync; retryGlobal is set when a global rule's write did (global rules
	// carry no source labels).
	retry       map[translator.ObjectRef]bool
	retryGlobal bool
	// states and counts are what the sources gauge counts.
	states map[translator.ObjectRef]kindState
	counts map[kindState]int
}

// newStatusTrack starts from a whole translation.
func newStatusTrack(res *translator.Result) *statusTrack {
	t := &statusTrack{
		statuses: make(map[translator.ObjectRef]translator.Status, len(res.Statuses)),
		withheld: map[translator.ObjectRef]bool{},
		states:   map[translator.ObjectRef]kindState{},
		counts:   map[kindState]int{},
	}
	for _, s := range res.Statuses {
		t.set(s)
	}
	return t
}

func (t *statusTrack) set(s translator.Status) {
	t.remove(s.Ref)
	t.statuses[s.Ref] = s
	if !s.Emitted {
		t.withheld[s.Ref] = true
	}
}

func (t *statusTrack) remove(ref translator.ObjectRef) {
	delete(t.statuses, ref)
	delete(t.withheld, ref)
}

// apply brings the statuses up to date with changes, and records the
// sources they translated again or deleted (touched).
func (t *statusTrack) apply(changes []*translator.Change) {
	t.touched = map[translator.ObjectRef]bool{}
	for _, ch := range changes {
		for _, ref := range ch.Gone {
			t.touched[ref] = true
			t.remove(ref)
		}
		for _, s := range ch.Statuses {
			t.touched[s.Ref] = true
			t.set(s)
		}
	}
}

// toPost returns the statuses a sync after apply posts (sorted): those of
// the sources touched, of those in retry and of those whose writes out
// failed or put off (every global rule's when one of them is involved).
func (t *statusTrack) toPost(out *applyResult) []translator.Status {
	refs := map[translator.ObjectRef]bool{}
	for _, m := range []map[translator.ObjectRef]bool{t.touched, t.retry, out.pending} {
		for ref := range m {
			refs[ref] = true
		}
	}
	for ref := range out.failed {
		refs[ref] = true
	}
	if t.retryGlobal || out.failedGlobal != "" || out.pendingGlobal {
		for ref := range t.statuses {
			if ref.Kind == apiv2.KindApisixGlobalRule {
				refs[ref] = true
			}
		}
	}
	var list []translator.Status
	for ref := range refs {
		if s, ok := t.statuses[ref]; ok {
			list = append(list, s)
		}
	}
	slices.SortFunc(list, func(a, b translator.Status) int {
		return strings.Compare(a.Ref.Kind+"\x00"+a.Ref.Namespace+"\x00"+a.Ref.Name, b.Ref.Kind+"\x00"+b.Ref.Namespace+"\x00"+b.Ref.Name)
	})
	return list
}

// retain remembers the sources whose writes out failed or put off.
func (t *statusTrack) retain(out *applyResult) {
	t.retry = make(map[translator.ObjectRef]bool, len(out.failed)+len(out.pending))
	for ref := range out.failed {
		t.retry[ref] = true
	}
	for ref := range out.pending {
		t.retry[ref] = true
	}
	t.retryGlobal = out.failedGlobal != "" || out.pendingGlobal
}

// count moves ref's gauge entry to ks (or drops it when !present), marking
// the labels whose count changed.
func (t *statusTrack) count(ref translator.ObjectRef, ks kindState, present bool, changed map[kindState]bool) {
	if old, ok := t.states[ref]; ok {
		t.counts[old]--
		changed[old] = true
		delete(t.states, ref)
	}
	if present {
		t.states[ref] = ks
		t.counts[ks]++
		changed[ks] = true
	}
}
