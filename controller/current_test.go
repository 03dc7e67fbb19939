package controller

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestCurrentSame: how the diff compares a desired object with the one
// held depends on where the held one came from.
func TestCurrentSame(t *testing.T) {
	up := func(id, scheme string) *apisix.Upstream {
		return &apisix.Upstream{ID: id, Type: "roundrobin", Nodes: apisix.Nodes{{Host: "10.0.0.1", Port: 80, Weight: 1}}, Scheme: scheme}
	}
	// APISIX fills in the default scheme; the translation leaves it out.
	const defaulted = "http"
	c := newCurrentState()
	same := c.same(apisix.CoreDefaults{})
	k := apisix.KindUpstream

	c.put(up("listed", defaulted))
	require.True(t, same(k, up("listed", ""), c.objs[k]["listed"]), "read back from APISIX: compared after normalisation")

	c.set(up("sent", ""))
	require.True(t, same(k, up("sent", ""), c.objs[k]["sent"]), "sent: the same encoding")
	require.False(t, same(k, up("sent", defaulted), c.objs[k]["sent"]), "sent: compared by encoding alone")

	c.setUnsure(up("unsure", ""))
	require.False(t, same(k, up("unsure", ""), c.objs[k]["unsure"]), "unsure: written again")

	c.set(up("unsure", ""))
	require.True(t, same(k, up("unsure", ""), c.objs[k]["unsure"]), "stored at last")
	c.remove(k, "unsure")
	require.NotContains(t, c.origin, opKey{k, "unsure"})
}
