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
