package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/tests/testenv"
	"github.com/apisix-ingress/apisix-ingress/webhook"
)

// TestServeWebhookReadsAdminKeyFromSecret runs `serve` (webhook only) with
// --apisix-admin-key-secret against a real kube-apiserver: the webhook's
// Admin API client carries the key from the Secret, so plugin
// configurations are checked against the schemas APISIX serves (a broken
// one is rejected) and a valid one is admitted without a "not checked"
// warning.
func TestServeWebhookReadsAdminKeyFromSecret(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" && os.Getenv("CI") != "true" {
		t.Skip("KUBEBUILDER_ASSETS not set; run make test")
	}
	if os.Getenv("APISIX_SCHEMAS_DIR") == "" {
		t.Skip("APISIX_SCHEMAS_DIR not set; run make test")
	}
	vwc, mwc := webhook.Configurations(webhook.ConfigOptions{ServiceNamespace: "apisix-ingress", ServiceName: "webhook", ServicePort: 443})
	env, err := testenv.Start(testenv.Options{Webhooks: envtest.WebhookInstallOptions{
		ValidatingWebhooks: []*admissionregistrationv1.ValidatingWebhookConfiguration{vwc},
		MutatingWebhooks:   []*admissionregistrationv1.MutatingWebhookConfiguration{mwc},
	}})
	require.NoError(t, err)
	defer env.Stop()
	fake, err := apisixtest.Start(apisixtest.Options{SchemasDir: os.Getenv("APISIX_SCHEMAS_DIR"), APIKey: "secret-held-key"})
	require.NoError(t, err)
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	require.NoError(t, env.Client.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "apisix-admin"},
		Data:       map[string][]byte{"token": []byte("secret-held-key\n")},
	}))

	wo := env.Webhooks()
	probe := freePort(t)
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveFlags{
			kubeconfig: env.Kubeconfig, adminURLs: multiFlag{fake.URL}, adminKeySecret: "default/apisix-admin:token",
			controllerName: "apisix.apache.org/apisix-ingress", ingressClass: "apisix", resync: time.Minute,
			metricsAddr: "0", probeAddr: "127.0.0.1:" + strconv.Itoa(probe), legacyPolicy: "convert", disableController: true,
			webhookHost: wo.LocalServingHost, webhookPort: wo.LocalServingPort, webhookCertDir: wo.LocalServingCertDir,
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

	route := func(name, config string) []byte {
		return []byte(`apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: ` + name + `
  namespace: default
spec:
  ingressClassName: apisix
  http:
    - name: api
      match:
        hosts: [` + name + `.example.com]
        paths: ["/api/*"]
      backends:
        - serviceName: web
          servicePort: 80
      plugins:
        - name: uri-blocker
          config:
            block_rules: ` + config + `
`)
	}
	bad := env.RunKubectl(ctx, route("broken", `"root.exe"`), "apply", "-f", "-")
	require.NotEqual(t, 0, bad.ExitCode, bad.Stdout+bad.Stderr)
	require.Contains(t, bad.Stderr, `spec.http[0].plugins[0].config (uri-blocker): Invalid value: "{\"block_rules\":\"root.exe\"}": property "block_rules" validation failed: wrong type: expected array, got string`)
	good := env.RunKubectl(ctx, route("fine", `["root.exe"]`), "apply", "-f", "-")
	require.Equal(t, 0, good.ExitCode, good.Stderr)
	require.NotContains(t, good.Stderr, "not checked")
	require.NotContains(t, logs.String(), "secret-held-key", "the Admin API key must never be logged")
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}
