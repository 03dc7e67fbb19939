package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
)

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestServe runs `serve` (controller only) against a real kube-apiserver and
// the in-memory Admin API: it becomes ready and syncs an Ingress.
func TestServe(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" && os.Getenv("CI") != "true" {
		t.Skip("KUBEBUILDER_ASSETS not set; run make test")
	}
	env, err := testenv.Start(testenv.Options{})
	require.NoError(t, err)
	defer env.Stop()
	fake := apisixtest.NewServer(apisixtest.Options{APIKey: "serve-test-key"})
	defer fake.Close()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	require.NoError(t, os.WriteFile(keyFile, []byte("serve-test-key\n"), 0o600))

	probe := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveFlags{
			kubeconfig: env.Kubeconfig, adminURLs: multiFlag{fake.URL}, adminKeyFile: keyFile,
			controllerName: "apisix.apache.org/apisix-ingress", ingressClass: "apisix", resync: time.Minute,
			metricsAddr: "0", probeAddr: "127.0.0.1:" + strconv.Itoa(probe), legacyPolicy: "convert", disableWebhook: true,
		}, &logs)
	}()
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(probe) + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 200*time.Millisecond, "serve never became ready: %s", logs.String())

	class, prefix := "apisix", networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "served"},
		Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{
			Host: "serve.example.com",
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
				Path: "/", PathType: &prefix,
				Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
			}}}},
		}}},
	}
	require.NoError(t, env.Client.Create(context.Background(), ing))
	require.Eventually(t, func() bool {
		return len(fake.Snapshot()[apisix.KindRoute]) == 1
	}, 30*time.Second, 100*time.Millisecond, "the route never reached APISIX")
	require.NotContains(t, logs.String(), "serve-test-key", "the Admin API key must never be logged")
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}
