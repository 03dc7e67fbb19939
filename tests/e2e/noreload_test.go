package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/client-go/util/retry"
	crclient "sigs.k8s.io/controller-runtime/pkg/client"

	"golang.org/x/net/websocket"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// noReloadChanges is how many configuration changes TestNoReload applies.
const noReloadChanges = 200

// TestNoReload: configuration changes reach APISIX without a reload, so
// nothing a client holds open is disturbed. While 200 changes go through
// the API server (a path added to and removed from an Ingress, the
// upstream-vhost annotation added and removed, the canary-weight of a canary
// Ingress changed, a second pod added to and removed from the canary
// Service's EndpointSlice), a WebSocket keeps echoing on the one connection
// it opened first, a keep-alive HTTP/1.1 client keeps using one TCP
// connection, and requests on keep-alive and on fresh connections all
// succeed. At the end the last state is served: the path and the
// annotation are present (the backend of /extra receives Host
// vhost.internal, as ingress-nginx's upstream-vhost sends), and with
// canary-weight 100 every request of / goes to the canary's two pods.
func TestNoReload(t *testing.T) {
	ns := newNamespace(t)
	s := need(t)
	host := "nr." + ns + ".test"
	main := backend(t, ns, "main")
	backend(t, ns, "extra")
	canary, err := echo.Start("canary", nextIP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(canary.Close)
	canary2, err := echo.StartPort("canary2", nextIP(), canary.Port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(canary2.Close)
	createService(t, ns, "canary", canary)
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: main}
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: main, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: canary
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "0"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: canary, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/"}, "main served", served("main"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var failures failureLog
	ws := openWebSocket(t, host, "/ws")
	defer ws.Close()
	var wg sync.WaitGroup
	var wsMessages atomic.Int64
	wg.Add(3)
	go func() { defer wg.Done(); wsMessages.Store(echoLoop(ctx, ws, "main: ", &failures)) }()
	keepAlive := newCountingClient(false)
	fresh := newCountingClient(true)
	var keptRequests, freshRequests atomic.Int64
	valid := map[string]bool{"main": true, "extra": true, "canary": true, "canary2": true}
	go func() {
		defer wg.Done()
		keptRequests.Store(requestLoop(ctx, keepAlive, host, 40*time.Millisecond, valid, &failures))
	}()
	go func() {
		defer wg.Done()
		freshRequests.Store(requestLoop(ctx, fresh, host, 40*time.Millisecond, valid, &failures))
	}()

	begin := time.Now()
	weights := []int{10, 50, 0, 90, 100}
	for i := range noReloadChanges {
		round, on := i/4, (i/4)%2 == 1
		var err error
		switch i % 4 {
		case 0:
			err = editIngress(s.dev.Client, ns, "main", func(ing *networkingv1.Ingress) { setExtraPath(ing, on) })
		case 1:
			err = editIngress(s.dev.Client, ns, "main", func(ing *networkingv1.Ingress) {
				if on {
					ing.Annotations["nginx.ingress.kubernetes.io/upstream-vhost"] = "vhost.internal"
				} else {
					delete(ing.Annotations, "nginx.ingress.kubernetes.io/upstream-vhost")
				}
			})
		case 2:
			w := strconv.Itoa(weights[round%len(weights)])
			err = editIngress(s.dev.Client, ns, "canary", func(ing *networkingv1.Ingress) {
				ing.Annotations["nginx.ingress.kubernetes.io/canary-weight"] = w
			})
		case 3:
			servers := []*echo.Server{canary}
			if on {
				servers = append(servers, canary2)
			}
			err = s.dev.Client.Update(context.Background(), withVersion(t, endpointSlice(ns, "canary", servers...)))
		}
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	changesIn := time.Since(begin)

	// The last state is served: /extra with the vhost, / only by the
	// canary's two pods.
	await(t, Req{Host: host, Path: "/extra"}, "the last state of main", func(r Response) error {
		if err := served("extra")(r); err != nil {
			return err
		}
		if r.Got.Host != "vhost.internal" {
			return fmt.Errorf("backend received Host %q, want vhost.internal", r.Got.Host)
		}
		return nil
	})
	seen := map[string]int{}
	await(t, Req{Host: host, Path: "/"}, "canary-weight 100 over both canary pods", func(r Response) error {
		if r.Status != http.StatusOK || (r.Backend != "canary" && r.Backend != "canary2") {
			clear(seen)
			return fmt.Errorf("got %d from %q, want 200 from canary or canary2", r.Status, r.Backend)
		}
		seen[r.Backend]++
		if seen["canary"] < 5 || seen["canary2"] < 5 {
			return fmt.Errorf("seen %v so far", seen)
		}
		return nil
	})
	time.Sleep(200 * time.Millisecond) // the clients keep going on the final state
	cancel()
	wg.Wait()
	elapsed := time.Since(begin)

	if n := failures.count(); n > 0 {
		t.Errorf("%d failed requests or messages during the changes; first: %s", n, failures.firsts())
	}
	if d := keepAlive.dials.Load(); d != 1 {
		t.Errorf("the keep-alive client opened %d TCP connections, want 1 (APISIX closed the connection)", d)
	}
	if got, want := fresh.dials.Load(), freshRequests.Load(); got != want {
		t.Errorf("the fresh-connection client opened %d connections for %d requests", got, want)
	}
	if main.WebSocketMessages() != wsMessages.Load() || wsMessages.Load() < 10 {
		t.Errorf("WebSocket: %d messages echoed by main, %d received by the client (want equal, at least 10)",
			main.WebSocketMessages(), wsMessages.Load())
	}
	if canary.Hits() == 0 || canary2.Hits() == 0 {
		t.Errorf("canary hits %d, canary2 hits %d: the changes did not take effect", canary.Hits(), canary2.Hits())
	}
	t.Logf("no reload: %d changes applied in %s through the API server; 1 WebSocket kept open (%d messages echoed); "+
		"keep-alive client: %d TCP connection for %d requests; %d requests on fresh connections; failures: %d; elapsed %s",
		noReloadChanges, changesIn.Round(100*time.Millisecond), wsMessages.Load(), keepAlive.dials.Load(), keptRequests.Load(),
		freshRequests.Load(), failures.count(), elapsed.Round(100*time.Millisecond))
}

// setExtraPath adds (on) or removes the path /extra of Service extra.
func setExtraPath(ing *networkingv1.Ingress, on bool) {
	paths := ing.Spec.Rules[0].HTTP.Paths[:1]
	if on {
		prefix := networkingv1.PathTypePrefix
		paths = append(paths, networkingv1.HTTPIngressPath{Path: "/extra", PathType: &prefix, Backend: networkingv1.IngressBackend{
			Service: &networkingv1.IngressServiceBackend{Name: "extra", Port: networkingv1.ServiceBackendPort{Number: 80}},
		}})
	}
	ing.Spec.Rules[0].HTTP.Paths = paths
}

// editIngress updates Ingress ns/name through the API server (and so the
// webhook), retrying on conflicts with the controller's status writes.
func editIngress(c crclient.Client, ns, name string, edit func(*networkingv1.Ingress)) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		var ing networkingv1.Ingress
		if err := c.Get(context.Background(), crclient.ObjectKey{Namespace: ns, Name: name}, &ing); err != nil {
			return err
		}
		if ing.Annotations == nil {
			ing.Annotations = map[string]string{}
		}
		edit(&ing)
		return c.Update(context.Background(), &ing)
	})
}

// withVersion sets the resourceVersion of the stored EndpointSlice on es,
// for an Update.
func withVersion(t *testing.T, es *discoveryv1.EndpointSlice) *discoveryv1.EndpointSlice {
	t.Helper()
	var cur discoveryv1.EndpointSlice
	if err := suite.dev.Client.Get(context.Background(), crclient.ObjectKeyFromObject(es), &cur); err != nil {
		t.Fatal(err)
	}
	es.ResourceVersion = cur.ResourceVersion
	return es
}

// failureLog counts failures and keeps the first few.
type failureLog struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (f *failureLog) add(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if len(f.first) < 5 {
		f.first = append(f.first, fmt.Sprintf(format, args...))
	}
}

func (f *failureLog) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

func (f *failureLog) firsts() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.first, "; ")
}

// countingClient is an HTTP client through APISIX that counts the TCP
// connections it opens.
type countingClient struct {
	*http.Client
	dials atomic.Int64
}

func newCountingClient(fresh bool) *countingClient {
	c := &countingClient{}
	d := &net.Dialer{Timeout: 5 * time.Second}
	c.Client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: fresh,
		MaxConnsPerHost:   1,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c.dials.Add(1)
			return d.DialContext(ctx, network, addr)
		},
	}}
	return c
}

// requestLoop sends GET / and GET /extra in turn, one at a time, until ctx
// ends; a transport error, a status other than 200 or an unexpected
// backend is a failure. It returns the number of requests sent.
func requestLoop(ctx context.Context, c *countingClient, host string, every time.Duration, valid map[string]bool, failures *failureLog) int64 {
	var n int64
	for ctx.Err() == nil {
		path := "/"
		if n%2 == 1 {
			path = "/extra"
		}
		n++
		req, err := http.NewRequest(http.MethodGet, suite.apisix.HTTPURL+path, nil)
		if err != nil {
			failures.add("%v", err)
			return n
		}
		req.Host = host
		resp, err := c.Do(req)
		if err != nil {
			failures.add("GET %s: %v", path, err)
		} else {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if b := resp.Header.Get("X-Backend"); resp.StatusCode != http.StatusOK || !valid[b] {
				failures.add("GET %s: %d from %q", path, resp.StatusCode, b)
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
	return n
}

// openWebSocket opens a WebSocket through APISIX's proxy to host and path.
func openWebSocket(t *testing.T, host, path string) *websocket.Conn {
	t.Helper()
	u, err := url.Parse(suite.apisix.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := websocket.NewConfig("ws://"+host+path, "http://"+host+"/")
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	ws, err := websocket.NewClient(cfg, conn)
	if err != nil {
		_ = conn.Close()
		t.Fatalf("WebSocket handshake through APISIX: %v", err)
	}
	return ws
}

// echoLoop sends a message every 100ms on ws and expects it back, prefixed
// with want, until ctx ends; it returns the number of messages echoed. Any
// error ends it: the connection is never reopened.
func echoLoop(ctx context.Context, ws *websocket.Conn, want string, failures *failureLog) int64 {
	var n int64
	for ctx.Err() == nil {
		msg := fmt.Sprintf("message %d", n)
		_ = ws.SetDeadline(time.Now().Add(5 * time.Second))
		if err := websocket.Message.Send(ws, msg); err != nil {
			failures.add("WebSocket send %d: %v", n, err)
			return n
		}
		var got string
		if err := websocket.Message.Receive(ws, &got); err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("closed by the proxy")
			}
			failures.add("WebSocket receive %d: %v", n, err)
			return n
		}
		if got != want+msg {
			failures.add("WebSocket: got %q, want %q", got, want+msg)
		}
		n++
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	return n
}
