package migrate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlanPrecedence: a key that Parse ignored because another with the
// same meaning wins is dropped, never renamed over the winner.
func TestPlanPrecedence(t *testing.T) {
	ann := map[string]string{
		"nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8",
		"k8s.apisix.apache.org/allowlist-source-range":       "192.168.0.0/16",
		"nginx.ingress.kubernetes.io/proxy-read-timeout":     "30",
		"kubernetes.io/ingress.class":                        "nginx",
		"cert-manager.io/cluster-issuer":                     "letsencrypt",
	}
	got := newPlan(ann).apply(ann)
	require.Equal(t, map[string]string{
		"k8s.apisix.apache.org/allowlist-source-range": "192.168.0.0/16",
		"k8s.apisix.apache.org/upstream-read-timeout":  "30s",
		"cert-manager.io/cluster-issuer":               "letsencrypt",
	}, got)
}

func TestLayout(t *testing.T) {
	indent, compact := layout([]byte("spec:\n  rules:\n  - host: a\n"))
	require.Equal(t, 2, indent)
	require.True(t, compact)
	indent, compact = layout([]byte("spec:\n    rules:\n        - host: a\n"))
	require.Equal(t, 4, indent)
	require.False(t, compact)
}
