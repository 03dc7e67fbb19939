package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDevDemo runs `apisix-ingress dev --demo` end to end: a real
// kube-apiserver and etcd, the webhook and the controller, the in-process
// Admin API. It needs KUBEBUILDER_ASSETS (make test sets it).
func TestDevDemo(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KUBEBUILDER_ASSETS is required under CI=true (make test sets it)")
		}
		t.Skip("KUBEBUILDER_ASSETS not set; run make test")
	}
	out, stderr, code := runCmd(t, "", "dev", "--demo", "--admin-listen", "127.0.0.1:0")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	require.Contains(t, stderr, "ready in ")
	for _, want := range []string{
		"service/web created",
		`metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]: Forbidden: raw nginx configuration is never rendered`,
		"Warning: kubernetes.io/ingress.class is deprecated; write spec.ingressClassName: \"apisix\" instead",
		"ingress/legacy created",
		"stored spec.ingressClassName: apisix (added from kubernetes.io/ingress.class)",
		`stored enable-cors: "True" (kept exactly as written)`,
		"ingress/legacy-canary created",
		"route legacy hosts=[www.example.com] uri=/* plugins=[client-control cors traffic-split]",
		"nodes=[10.0.0.11:8080 10.0.0.12:8080]",
		"nodes=[10.0.0.21:8080]",
	} {
		require.Contains(t, out, want)
	}
	require.False(t, strings.Contains(out, "snippet created"), "the snippet Ingress must be rejected")
}
