package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// logSink is where the stack's logs go: stderr with E2E_V=1, else nowhere.
func logSink() io.Writer {
	if os.Getenv("E2E_V") != "" {
		return os.Stderr
	}
	return io.Discard
}

// need skips t when the suite did not start.
func need(t *testing.T) *stack {
	t.Helper()
	if suite == nil {
		t.Skip("real-APISIX suite skipped: " + skipReason)
	}
	return suite
}

var counter atomic.Int64

// newNamespace creates a namespace for one test.
func newNamespace(t *testing.T) string {
	t.Helper()
	s := need(t)
	name := fmt.Sprintf("e2e-%d-%d", time.Now().UnixNano()%1_000_000, counter.Add(1))
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if err := s.dev.Client.Create(context.Background(), ns); err != nil {
		t.Fatal(err)
	}
	return name
}

// nextIP hands out distinct loopback addresses for backends.
var ipCounter atomic.Int64

func nextIP() string {
	n := ipCounter.Add(1)
	return fmt.Sprintf("198.18.%d.%d", 1+n/250, 1+n%250)
}

// backend starts an echo server named name and creates a Service of that
// name (port 80, named http) with an EndpointSlice pointing at it.
func backend(t *testing.T, ns, name string) *echo.Server {
	t.Helper()
	srv, err := echo.Start(name, nextIP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	createService(t, ns, name, srv)
	return srv
}

// createService creates Service ns/name (port 80 "http" to the servers'
// port) and one EndpointSlice listing every server as ready.
func createService(t *testing.T, ns, name string, servers ...*echo.Server) {
	t.Helper()
	s := need(t)
	ctx := context.Background()
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{
			Name: "http", Port: 80, TargetPort: intstr.FromInt32(servers[0].Port), Protocol: corev1.ProtocolTCP,
		}}},
	}
	if err := s.dev.Client.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	if err := s.dev.Client.Create(ctx, endpointSlice(ns, name, servers...)); err != nil {
		t.Fatal(err)
	}
}

// endpointSlice lists servers (which must share a port) as ready endpoints
// of Service name.
func endpointSlice(ns, name string, servers ...*echo.Server) *discoveryv1.EndpointSlice {
	port, pname, proto, ready := servers[0].Port, "http", corev1.ProtocolTCP, true
	es := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name + "-e2e",
			Labels: map[string]string{discoveryv1.LabelServiceName: name}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Ports:       []discoveryv1.EndpointPort{{Name: &pname, Port: &port, Protocol: &proto}},
	}
	for _, s := range servers {
		es.Endpoints = append(es.Endpoints, discoveryv1.Endpoint{
			Addresses: []string{s.IP}, Conditions: discoveryv1.EndpointConditions{Ready: &ready},
		})
	}
	return es
}

// apply runs `kubectl apply -f -` with manifest in namespace ns, through the
// webhook, and fails the test when kubectl does.
func apply(t *testing.T, ns, manifest string) string {
	t.Helper()
	out, code := kubectl(t, []byte(manifest), "apply", "-n", ns, "-f", "-")
	if code != 0 {
		t.Fatalf("kubectl apply failed (%d):\n%s\n--- manifest:\n%s", code, out, manifest)
	}
	return out
}

// kubectl runs kubectl against the stack; it returns combined output and
// the exit code.
func kubectl(t *testing.T, stdin []byte, args ...string) (string, int) {
	t.Helper()
	s := need(t)
	path, err := lookKubectl()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := execCommand(ctx, path, append([]string{"--kubeconfig", s.dev.Kubeconfig}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(interface{ ExitCode() int }); ok {
			code = ee.ExitCode()
		}
	}
	return string(out), code
}

// Response is what a client saw.
type Response struct {
	Status  int
	Header  http.Header
	Body    string
	Backend string        // X-Backend, or "" when no backend answered
	Got     *echo.Request // what the backend received, when one answered
}

// Req is one request through APISIX.
type Req struct {
	Method   string
	Host     string // Host header (and SNI for HTTPS)
	Path     string // path and query, as sent
	Header   map[string]string
	Body     string
	HTTPS    bool
	Cert     *tls.Certificate // client certificate for mTLS
	ClientIP string           // X-Real-IP, which APISIX trusts from 127.0.0.1
}

// client does not follow redirects, so tests see Location.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends r through APISIX's proxy.
func do(t *testing.T, r Req) Response {
	t.Helper()
	resp, err := send(r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func send(r Req) (Response, error) {
	s := suite
	base := s.apisix.HTTPURL
	c := client
	if r.HTTPS {
		base = s.apisix.HTTPSURL
		tc := &tls.Config{InsecureSkipVerify: true, ServerName: hostOnly(r.Host)} //nolint:gosec // test client; the certificate is checked by tests that care
		if r.Cert != nil {
			tc.Certificates = []tls.Certificate{*r.Cert}
		}
		c = &http.Client{Timeout: client.Timeout, CheckRedirect: client.CheckRedirect,
			Transport: &http.Transport{TLSClientConfig: tc, DisableKeepAlives: true}}
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	path := r.Path
	if path == "" {
		path = "/"
	}
	req, err := http.NewRequest(method, base+path, strings.NewReader(r.Body))
	if err != nil {
		return Response{}, err
	}
	if r.Host != "" {
		req.Host = r.Host
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	if r.ClientIP != "" {
		req.Header.Set("X-Real-IP", r.ClientIP)
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Backend: resp.Header.Get("X-Backend")}
	if out.Backend != "" {
		var got echo.Request
		if json.Unmarshal(body, &got) == nil {
			out.Got = &got
		}
	}
	return out, nil
}

func hostOnly(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		return host
	}
	return h
}

// await sends r until check passes (configuration reaches APISIX through
// the controller and etcd within tens of milliseconds; the deadline allows
// for a busy machine) and returns the passing response.
func await(t *testing.T, r Req, what string, check func(Response) error) Response {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for {
		resp, err := send(r)
		if err == nil {
			if last = check(resp); last == nil {
				return resp
			}
		} else {
			last = err
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within 20s: %v", what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// served is a check: the named backend answered with status 200.
func served(backend string) func(Response) error {
	return func(r Response) error {
		if r.Status != http.StatusOK || r.Backend != backend {
			return fmt.Errorf("got %d from %q, want 200 from %q (body %.200s)", r.Status, r.Backend, backend, r.Body)
		}
		return nil
	}
}

// status is a check: the response has the given status code.
func status(code int) func(Response) error {
	return func(r Response) error {
		if r.Status != code {
			return fmt.Errorf("got %d from %q, want %d (body %.200s)", r.Status, r.Backend, code, r.Body)
		}
		return nil
	}
}

// escape is url.QueryEscape, for building expected Locations.
func escape(s string) string { return url.QueryEscape(s) }
