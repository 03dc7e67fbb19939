package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
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
		"nodes=[198.19.0.11:8080 198.19.0.12:8080]",
		"nodes=[198.19.0.21:8080]",
		// Without a real APISIX the requests are skipped, saying why.
		"== 6. Requests through APISIX\nskipped:\n  no real APISIX: no apisix-runtime launcher given (--apisix-runtime PATH;",
	} {
		require.Contains(t, out, want)
	}
	require.False(t, strings.Contains(out, "snippet created"), "the snippet Ingress must be rejected")
	require.Contains(t, stderr, "note: no real APISIX: no apisix-runtime launcher given")
}

// TestDevDemoRealAPISIX runs `dev --demo --apisix-runtime PATH`: a real
// APISIX 3.18.0 and echo servers for the demo's pods, so the demo ends with
// real requests through the gateway: the canary's 10% split, X-Canary:
// always, and a 404 for the host of the rejected snippet Ingress. Skipped
// without the runtime (a failure under CI=true).
func TestDevDemoRealAPISIX(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KUBEBUILDER_ASSETS is required under CI=true (make test sets it)")
		}
		t.Skip("KUBEBUILDER_ASSETS not set; run make test")
	}
	launcher := testutil.APISIXLauncher(t)
	if err := podnet.Ensure(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	out, stderr, code := runCmd(t, "", "dev", "--demo", "--admin-listen", "127.0.0.1:0", "--apisix-runtime", launcher)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	require.Contains(t, stderr, "a real APISIX 3.18.0 (apisix-runtime)")
	require.NotContains(t, stderr, "note:")
	_, six, ok := strings.Cut(out, "== 6. Requests through APISIX\n")
	require.True(t, ok, out)
	// 100 requests: about 10 to the canary (APISIX's weighted round robin
	// gives exactly 10 over a whole cycle), the rest over the primary pods.
	require.Regexp(t, `APISIX_HTTP_URL=http://127\.0\.0\.1:\d+\n`, six)
	require.Regexp(t, `\n +([5-9]|1[0-5]) 200 web-canary-0\n`, six)
	require.Regexp(t, `\n +\d+ 200 web-0\n +\d+ 200 web-1\n`, six)
	require.Contains(t, six, `{"backend":"web-canary-0","method":"GET","uri":"/","host":"www.example.com",`)
	require.Contains(t, six, "(HTTP 200 from web-canary-0)")
	require.Contains(t, six, "{\"error_msg\":\"404 Route Not Found\"}\n(HTTP 404: no route)")
	require.NotContains(t, six, "skipped")
}
