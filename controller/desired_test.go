package controller

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestDesiredGlobalRules: of the global rules APISIX holds that the
// translation lacks, desired keeps only a withheld ApisixGlobalRule's (found
// by id) whose plugins no translated global rule has: a Duplicate loser
// yields to the winner (APISIX refuses a plugin in two global rules), and a
// deleted ApisixGlobalRule's rule goes although another one is withheld.
func TestDesiredGlobalRules(t *testing.T) {
	id := func(name string) string { return translator.GlobalRuleID(translator.Options{}, "team", name) }
	ref := func(name string) translator.ObjectRef {
		return translator.ObjectRef{Kind: "ApisixGlobalRule", Namespace: "team", Name: name}
	}
	rule := func(name string, plugins ...string) *apisix.GlobalRule {
		g := &apisix.GlobalRule{ID: id(name), Plugins: apisix.Plugins{}}
		for _, p := range plugins {
			g.Plugins[p] = json.RawMessage(`{}`)
		}
		return g
	}
	c := &Controller{current: newCurrentState()}
	c.current.set(rule("loser", "prometheus", "real-ip")) // withheld: Duplicate of winner
	c.current.set(rule("broken", "ip-restriction"))       // withheld: a broken edit
	c.current.set(rule("deleted", "request-id"))          // its source is gone
	res := &translator.Result{
		State: apisix.NewState(rule("winner", "prometheus")),
		Statuses: []translator.Status{
			{Ref: ref("winner"), Emitted: true}, {Ref: ref("loser")}, {Ref: ref("broken")},
		},
	}
	var got []string
	for _, g := range c.desired(res).GlobalRules {
		got = append(got, g.ID)
	}
	want := []string{id("winner"), id("broken")}
	slices.Sort(got)
	slices.Sort(want)
	require.Equal(t, want, got)
}

// TestChangedKeepsWithheld: between full lists, a sync after changes finds
// a withheld source's objects in APISIX by source and keeps them while it
// stays withheld (an edit that is still broken), and deletes them once it
// is deleted; a source translated again takes its objects from the
// translation.
func TestChangedKeepsWithheld(t *testing.T) {
	src := func(name string) translator.ObjectRef {
		return translator.ObjectRef{Kind: translator.KindIngress, Namespace: "ns", Name: name}
	}
	labels := func(name string) apisix.Labels {
		return apisix.Labels(map[string]string{apisix.LabelManagedBy: "apisix-ingress", apisix.LabelSourceKind: translator.KindIngress,
			apisix.LabelSourceNamespace: "ns", apisix.LabelSourceName: name})
	}
	route := func(id, src, uri string) *apisix.Route {
		return &apisix.Route{ID: id, URI: uri, Labels: labels(src)}
	}
	ids := func(s *apisix.State) []string {
		var out []string
		for _, o := range s.All() {
			out = append(out, string(o.Kind())+"/"+o.GetID())
		}
		slices.Sort(out)
		return out
	}
	c := &Controller{current: newCurrentState()}
	c.current.set(route("ra", "a", "/a"))
	c.current.set(route("rb", "b", "/b"))
	c.current.set(&apisix.Upstream{ID: "ub", Labels: labels("b")})
	res := &translator.Result{State: apisix.NewState(route("ra", "a", "/a")), Statuses: []translator.Status{
		{Ref: src("a"), Emitted: true}, {Ref: src("b")},
	}}
	c.tracked = newStatusTrack(res)
	c.synced = byKey(res.State)

	// b edited, still broken; a translated again.
	changes := []*translator.Change{{
		Removed: apisix.NewState(route("ra", "a", "/a")), Added: apisix.NewState(route("ra", "a", "/a2")),
		Gone: []translator.ObjectRef{src("a"), src("b")}, Statuses: []translator.Status{{Ref: src("a"), Emitted: true}, {Ref: src("b")}},
	}}
	c.tracked.apply(changes)
	want, have := c.changed(changes)
	require.Equal(t, []string{"routes/ra", "routes/rb", "upstreams/ub"}, ids(want))
	require.Equal(t, []string{"routes/ra", "routes/rb", "upstreams/ub"}, ids(have))
	for _, o := range want.All() {
		if o.GetID() == "ra" {
			require.Equal(t, "/a2", o.(*apisix.Route).URI)
		} else {
			require.Same(t, o, c.current.objs[o.Kind()][o.GetID()], "kept object")
		}
	}

	// b deleted: what APISIX holds for it goes.
	changes = []*translator.Change{{Removed: &apisix.State{}, Added: &apisix.State{}, Gone: []translator.ObjectRef{src("b")}}}
	c.tracked.apply(changes)
	want, have = c.changed(changes)
	require.Empty(t, ids(want))
	require.Equal(t, []string{"routes/rb", "upstreams/ub"}, ids(have))
}
