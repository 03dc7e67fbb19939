package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// OpenTelemetry as ingress-nginx does it (opentelemetry on;
// opentelemetry_propagate): a traced request reaches the backend with a W3C
// traceparent of the request's span. With opentelemetry-trust-incoming-span
// (the default) the span continues the client's trace (same trace id); with
// "false" the client's traceparent is ignored and a new trace begins.
//
// The operator's part, as ingress-nginx's controller ConfigMap
// (otlp-collector-host) is: APISIX must load the opentelemetry plugin (the
// suite starts APISIX with it, main_test.go) and have its plugin_metadata
// (the collector); this test sets it, with a local collector that accepts
// every export.

// traceparentRE is a W3C traceparent: version, trace id, parent id, flags.
var traceparentRE = regexp.MustCompile(`^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$`)

// adminPut PUTs body to APISIX's Admin API at path and fails t unless it
// answers 200 or 201.
func adminPut(t *testing.T, path, body string) {
	t.Helper()
	s := need(t)
	req, err := http.NewRequest(http.MethodPut, s.apisix.AdminURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", s.apisix.AdminKey)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		t.Fatalf("PUT %s: %d %s", path, resp.StatusCode, b)
	}
}

// otelCollector is an OTLP/HTTP endpoint that accepts every export.
func otelCollector(t *testing.T) (addr string, exports *atomic.Int64) {
	t.Helper()
	exports = &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		exports.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), exports
}

// TestOpenTelemetry: enable-opentelemetry sends the backend a traceparent
// (a new trace without one from the client, the client's trace with one);
// opentelemetry-trust-incoming-span "false" starts a new trace even when
// the client sends a traceparent; without enable-opentelemetry the
// backend gets no traceparent of APISIX's.
func TestOpenTelemetry(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	collector, _ := otelCollector(t)
	adminPut(t, "/apisix/admin/plugin_metadata/opentelemetry",
		fmt.Sprintf(`{"collector":{"address":%q,"request_timeout":1}}`, collector))
	traced, fresh, plain := "traced."+ns+".test", "fresh."+ns+".test", "plain."+ns+".test"
	ingress := func(name, host, annotations string) string {
		return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  annotations:
` + annotations + `spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`
	}
	apply(t, ns, strings.Join([]string{
		ingress("traced", traced, "    nginx.ingress.kubernetes.io/enable-opentelemetry: \"true\"\n"),
		ingress("fresh", fresh, "    nginx.ingress.kubernetes.io/enable-opentelemetry: \"true\"\n"+
			"    nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span: \"false\"\n"),
		ingress("plain", plain, "    nginx.ingress.kubernetes.io/enable-opentelemetry: \"false\"\n"),
	}, "---\n"))
	const clientTrace, clientSpan = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	incoming := map[string]string{"traceparent": "00-" + clientTrace + "-" + clientSpan + "-01"}
	// trace returns the trace and parent ids of the traceparent the backend
	// received.
	trace := func(what string, r Response) (string, string) {
		t.Helper()
		m := traceparentRE.FindStringSubmatch(r.Got.Header("traceparent"))
		if m == nil {
			t.Errorf("%s: the backend received traceparent %q, want a W3C traceparent", what, r.Got.Header("traceparent"))
			return "", ""
		}
		return m[1], m[2]
	}

	r := await(t, Req{Host: traced}, "traced: served with a traceparent", func(r Response) error {
		if err := served("app")(r); err != nil {
			return err
		}
		if r.Got.Header("traceparent") == "" {
			return fmt.Errorf("no traceparent at the backend")
		}
		return nil
	})
	if id, _ := trace("traced, no incoming trace", r); id == clientTrace {
		t.Errorf("traced, no incoming trace: trace id %s, want a new one", id)
	}
	r = do(t, Req{Host: traced, Header: incoming})
	if id, parent := trace("traced, incoming trace", r); id != clientTrace || parent == clientSpan {
		t.Errorf("traced, incoming trace: backend trace %s parent %s, want trace %s (continued) with APISIX's span as parent", id, parent, clientTrace)
	}

	r = await(t, Req{Host: fresh, Header: incoming}, "fresh: served", served("app"))
	if id, _ := trace("trust-incoming-span false", r); id == clientTrace {
		t.Errorf("opentelemetry-trust-incoming-span false: the backend's trace id is the client's %s, want a new trace", id)
	}

	r = await(t, Req{Host: plain}, "plain: served", served("app"))
	if tp := r.Got.Header("traceparent"); tp != "" {
		t.Errorf("enable-opentelemetry false: the backend received traceparent %q, want none", tp)
	}
}
