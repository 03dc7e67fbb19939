package controller

import (
	"fmt"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestStatusTrackFollowsChanges pins what a sync after changes posts and
// when it must fall back to the whole translation (a withheld source before
// or after the changes).
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
	if !tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("a")}}, {Statuses: []translator.Status{{Ref: ref("d"), Emitted: true}}}}) {
		t.Fatal("apply: no source withheld, want true")
	}
	if got := refs(tr.toPost(out)); got != "[c d]" {
		t.Errorf("toPost = %s, want [c d] (a is gone, c failed to write, d is new)", got)
	}
	tr.retain(out)
	tr.apply(nil)
	if got := refs(tr.toPost(&applyResult{})); got != "[c]" {
		t.Errorf("after a failed write, toPost = %s, want [c]", got)
	}
	if tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("b")}, Statuses: []translator.Status{{Ref: ref("b")}}}}) {
		t.Error("apply: b withheld now, want false")
	}
	if tr.apply([]*translator.Change{{Gone: []translator.ObjectRef{ref("b")}, Statuses: []translator.Status{{Ref: ref("b"), Emitted: true}}}}) {
		t.Error("apply: b was withheld before (APISIX kept its objects), want false")
	}
	if !tr.apply(nil) {
		t.Error("apply: nothing withheld any more, want true")
	}
}
