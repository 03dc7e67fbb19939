package webhook_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
)

// TestSvcNamespaceServicesLookedUpThere: with
// k8s.apisix.apache.org/svc-namespace the webhook looks the backend
// Services up in that namespace, not the Ingress's: no false "not found"
// warning, and the port is checked against that Service (a missing port is
// a warning: it is served once the Service has it).
func TestSvcNamespaceServicesLookedUpThere(t *testing.T) {
	namespace(t, "svcns-back")
	front := &corev1.Namespace{}
	front.Name = "svcns-front"
	require.NoError(t, cl.Client.Create(context.Background(), front))
	anno := `    k8s.apisix.apache.org/svc-namespace: svcns-back`

	ok := cl.run(ingressYAML("svcns-front", "ok", "svcns.example.com", "/", anno), "apply", "-f", "-")
	require.Equal(t, 0, ok.ExitCode, ok.Stderr)
	require.NotContains(t, ok.Stderr, "Not found", "the Service exists in svcns-back")

	badPort := strings.Replace(ingressYAML("svcns-front", "port", "svcns.example.com", "/other", anno), "number: 80", "number: 81", 1)
	res := cl.run(badPort, "apply", "-f", "-")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stderr, `Warning: spec.rules[0].http.paths[0].backend.service.port: Not found: "port 81 of Service svcns-back/web (it has [80 (http)])"`)
}
