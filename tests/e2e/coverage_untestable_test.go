package e2e

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"
	"time"
)

// untestableOnRuntime lists the translated keys whose behaviour this suite's
// APISIX cannot show: it is APISIX 3.18 on Debian's nginx, without APISIX's
// own OpenResty build and its apisix-nginx-module
// (../../../shared/apisix-runtime/README.md, "Limits"). Each key was tried
// here; the reason says what the runtime lacks and what a client sees
// instead. TestEveryTranslatedKeyHasAScenario accepts these keys without a
// scenario and lists them in docs/behaviour-coverage.md;
// TestUntestableOnRuntimeStillUntestable fails once the runtime can do what
// a key needs, so that the key gets its scenario. This file is not scanned
// for covered keys.
var untestableOnRuntime = map[string]string{
	"nginx.ingress.kubernetes.io/ssl-passthrough": "needs APISIX's stream proxy; Debian's nginx has no stream Lua module, so the runtime runs without stream_proxy " +
		"and its Admin API refuses stream routes (\"stream mode is disabled\")",
	"nginx.ingress.kubernetes.io/proxy-ssl-secret": "upstream client certificates (upstream tls.client_cert) need apisix-nginx-module; " +
		"here every request of such a route answers 503 (\"need to build APISIX-Runtime to support upstream mTLS\")",
	"nginx.ingress.kubernetes.io/proxy-request-buffering": "the proxy-control plugin needs apisix-nginx-module; " +
		"here every request of a route carrying it answers 501 (\"need to build APISIX-Runtime to support proxy control\")",
}

// TestUntestableOnRuntimeStillUntestable: each runtime limit named in
// untestableOnRuntime still holds, seen through the whole path (an Ingress
// through the webhook and controller to APISIX) where APISIX accepts the
// object, through the Admin API where it refuses it.
func TestUntestableOnRuntimeStillUntestable(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	cert, _, _ := selfSigned(t, "backend", "backend.internal")
	serveWith(t, ns, "secure", tlsEcho, &tls.Config{Certificates: []tls.Certificate{cert},
		ClientAuth: tls.RequireAnyClientCert, MinVersion: tls.VersionTLS12})
	serverCert(t, ns, "client-cert", "apisix.client")
	buffering, mtls := "buffering."+ns+".test", "mtls."+ns+".test"
	apply(t, ns, ingressWithLines("buffering", buffering, "app", `    nginx.ingress.kubernetes.io/proxy-request-buffering: "off"`)+"---"+
		ingressWithLines("mtls", mtls, "secure", `    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
    nginx.ingress.kubernetes.io/proxy-ssl-secret: `+ns+`/client-cert`))

	limit := func(host string, code int, logged string) {
		t.Helper()
		r := await(t, Req{Host: host, Method: http.MethodPost, Body: "payload"}, host+": route live", func(r Response) error {
			if r.Status == http.StatusNotFound {
				return errStatus(r)
			}
			return nil
		})
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(suite.apisix.ErrorLogTail(400), logged) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if r.Status != code || !strings.Contains(suite.apisix.ErrorLogTail(400), logged) {
			t.Errorf("%s: got %d from %q, want %d with %q in error.log: this runtime may now support it; write its scenario and drop it from untestableOnRuntime",
				host, r.Status, r.Backend, code, logged)
		}
	}
	limit(buffering, http.StatusNotImplemented, "need to build APISIX-Runtime to support proxy control")
	limit(mtls, http.StatusServiceUnavailable, "need to build APISIX-Runtime to support upstream mTLS")

	req, err := http.NewRequest(http.MethodPut, suite.apisix.AdminURL+"/apisix/admin/stream_routes/e2e-untestable",
		strings.NewReader(`{"sni":"passthrough.test","upstream":{"type":"roundrobin","nodes":{"127.0.0.1:9":1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", suite.apisix.AdminKey)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := make([]byte, 512)
	n, _ := resp.Body.Read(body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body[:n]), "stream mode is disabled") {
		t.Errorf("PUT stream route: %d %s, want 400 \"stream mode is disabled\": this runtime may now have a stream proxy; write the ssl-passthrough scenario and drop it from untestableOnRuntime",
			resp.StatusCode, body[:n])
	}
}
