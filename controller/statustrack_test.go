package controller

import (
	"fmt"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestStatusTrackFollowsChanges pins what a sync after changes posts and
// which sources it knows withheld (whose objects in APISIX the sync keeps).
func TestStatusTrackFollowsChanges(t *testing.T) {
	ref := func(n string) translator.ObjectRef {
		return translator.ObjectRef{Kind: translator.KindIngress, Namespace: "ns", Name: n}
	}
	refs := func(ss []translator.Status) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Ref.Name)
		}
		return fmt.Sprint(out)
	}
	tr := newStatusTrack(&translator.Result{Statuses: []translator.Status{
		{Ref: ref("a"), Emitted: true}, {Ref: ref("b"), Emitted: true}, {Ref: ref("c"), Emitted: true},
	}})
	out := &applyResult{failed: map[translator.ObjectRef]string{ref("c"): "boom"}}
	tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("a")}}, {Statuses: []translator.Status{{Ref: ref("d"), Emitted: true}}}})
	if len(tr.withheld) != 0 {
		t.Fatalf("withheld = %v, want none", tr.withheld)
	}
	if got := refs(tr.toPost(out)); got != "[c d]" {
		t.Errorf("toPost = %s, want [c d] (a is gone, c failed to write, d is new)", got)
	}
	tr.retain(out)
	tr.apply(nil)
	if got := refs(tr.toPost(&applyResult{})); got != "[c]" {
		t.Errorf("after a failed write, toPost = %s, want [c]", got)
	}
	tr.retain(&applyResult{}) // c written this time
	tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("b")}, Statuses: []translator.Status{{Ref: ref("b")}}}})
	if !tr.withheld[ref("b")] || len(tr.withheld) != 1 {
		t.Errorf("withheld = %v, want b alone", tr.withheld)
	}
	if got := refs(tr.toPost(&applyResult{})); got != "[b]" {
		t.Errorf("after b was withheld, toPost = %s, want [b]", got)
	}
	tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("b")}, Statuses: []translator.Status{{Ref: ref("b"), Emitted: true}}}})
	if len(tr.withheld) != 0 {
		t.Errorf("withheld = %v after b was fixed, want none", tr.withheld)
	}
	tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("c")}, Statuses: []translator.Status{{Ref: ref("c")}}}})
	tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("c")}}})
	if len(tr.withheld) != 0 {
		t.Errorf("withheld = %v after withheld c was deleted, want none", tr.withheld)
	}
}
