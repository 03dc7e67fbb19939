package translator

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

func TestConsumerUsername(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-zA-Z0-9_\-]+$`)
	long := strings.Repeat("a", 200) + "." + strings.Repeat("b", 52)
	for _, c := range []struct{ ns, name, want string }{
		{"default", "alice", "default_alice"},
		{"team-a", "bob.example.com", "team-a_bob_example_com"},
		{"default", long, "default_" + strings.Repeat("a", 200) + "_" + strings.Repeat("b", 30) + "_e28ffc45e384b13f"},
	} {
		got := consumerUsername(c.ns, c.name)
		require.Equal(t, c.want, got)
		require.Regexp(t, pattern, got)
		require.LessOrEqual(t, len(got), 256)
	}
	// Distinct objects, distinct usernames, also when cut.
	require.NotEqual(t, consumerUsername("default", long), consumerUsername("default", long+"c"))
}

func TestGlobalRuleOwnership(t *testing.T) {
	id := globalRuleID(DefaultManagedBy, "default", "observability")
	require.True(t, apisix.ValidID(id), id)
	require.Regexp(t, `^agr-[0-9a-f]{8}-[0-9a-f]{32}$`, id)
	require.True(t, OwnsGlobalRule(Options{}, id))
	require.True(t, OwnsGlobalRule(Options{ManagedBy: DefaultManagedBy}, id))
	require.False(t, OwnsGlobalRule(Options{ManagedBy: "other-controller"}, id))
	require.False(t, OwnsGlobalRule(Options{}, "1"))
	require.NotEqual(t, id, globalRuleID(DefaultManagedBy, "default", "observability2"))
}
