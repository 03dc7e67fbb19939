package e2e

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// Rate limits as ingress-nginx applies them: limit_req with a rate of N per
// second (limit-rps) or per minute (limit-rpm), burst = N x
// limit-burst-multiplier (default 5) requests, nodelay, keyed by the client
// address; a request over the burst is refused with 503
// (limit-req-status-code). nginx's leaky bucket lets burst+1 requests through
// at once: the first is free, each further one adds one to the excess, and a
// request is refused when the excess would exceed the burst. limit-connections
// caps the requests a client address has in flight (limit_conn, 503 above).
// limit-allowlist (alias limit-whitelist) exempts client ranges.

// burstUntilRefused sends up to max requests back to back from client ip and
// returns the 1-based index of the first refused one (0 if none was) and
// that response. The bucket leaks while they are sent: when that took longer
// than slack (a busy machine), the test is skipped rather than failed.
func burstUntilRefused(t *testing.T, host, ip string, max int, slack time.Duration) (int, Response) {
	t.Helper()
	start := time.Now()
	for i := 1; i <= max; i++ {
		r := do(t, Req{Host: host, ClientIP: ip})
		if r.Status != http.StatusOK {
			if d := time.Since(start); d > slack {
				t.Skipf("sending %d requests took %v (over %v): the bucket leaked meanwhile, so the count is not exact", i, d, slack)
			}
			return i, r
		}
	}
	return 0, Response{}
}

// TestLimitRPS: limit-rps 1 with limit-burst-multiplier 3 lets 4 requests of
// one client through at once (burst 3 + 1) and refuses the 5th with 503;
// another client has its own bucket; a client in limit-allowlist is never
// limited.
func TestLimitRPS(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "rps." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rps
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "1"
    nginx.ingress.kubernetes.io/limit-burst-multiplier: "3"
    nginx.ingress.kubernetes.io/limit-allowlist: "192.0.2.0/24"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	await(t, Req{Host: host, ClientIP: "203.0.113.1"}, "limited route served", served("app"))
	const slack = 900 * time.Millisecond // under one leak (1/s)
	if n, r := burstUntilRefused(t, host, "203.0.113.2", 20, slack); n != 5 || r.Status != http.StatusServiceUnavailable {
		t.Errorf("client 203.0.113.2: first refusal at request %d with %d, want request 5 with 503 (rate 1/s, burst 3)", n, r.Status)
	}
	if n, r := burstUntilRefused(t, host, "203.0.113.3", 20, slack); n != 5 || r.Status != http.StatusServiceUnavailable {
		t.Errorf("client 203.0.113.3 (own bucket): first refusal at request %d with %d, want request 5 with 503", n, r.Status)
	}
	if n, r := burstUntilRefused(t, host, "192.0.2.9", 20, slack); n != 0 {
		t.Errorf("allow-listed client 192.0.2.9 refused at request %d with %d; it is never limited", n, r.Status)
	}
}

// TestLimitRPM: limit-rpm 2 with the default multiplier 5 lets 11 requests of
// one client through at once (burst 10 + 1: the burst counts requests, not
// requests per second) and refuses the 12th with 503.
func TestLimitRPM(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "rpm." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rpm
  annotations:
    nginx.ingress.kubernetes.io/limit-rpm: "2"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	await(t, Req{Host: host, ClientIP: "203.0.113.1"}, "limited route served", served("app"))
	if n, r := burstUntilRefused(t, host, "203.0.113.2", 30, 25*time.Second); n != 12 || r.Status != http.StatusServiceUnavailable {
		t.Errorf("client 203.0.113.2: first refusal at request %d with %d, want request 12 with 503 (rate 2/min, burst 10)", n, r.Status)
	}
	if n, _ := burstUntilRefused(t, host, "203.0.113.3", 30, 25*time.Second); n != 12 {
		t.Errorf("client 203.0.113.3 (own bucket): first refusal at request %d, want 12", n)
	}
}

// holdingBackend is a backend that keeps each request open until released,
// counting the requests in flight.
type holdingBackend struct {
	inFlight atomic.Int32
	release  chan struct{}
	once     sync.Once
}

func (h *holdingBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.inFlight.Add(1)
	defer h.inFlight.Add(-1)
	if r.URL.Path == "/hold" {
		select {
		case <-h.release:
		case <-time.After(15 * time.Second):
		}
	}
	w.Header().Set("X-Backend", "holder")
	w.WriteHeader(http.StatusOK)
}

func (h *holdingBackend) Release() { h.once.Do(func() { close(h.release) }) }

// serveHandler serves h on a fresh backend address and creates Service name
// (port 80 "http") with an EndpointSlice pointing at it.
func serveHandler(t *testing.T, ns, name string, h http.Handler) *echo.Server {
	t.Helper()
	ip := nextIP()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	addr := &echo.Server{Name: name, IP: ip, Port: int32(ln.Addr().(*net.TCPAddr).Port)}
	createService(t, ns, name, addr)
	return addr
}

// TestLimitConnections: limit-connections 2 lets a client have two requests
// in flight; its third concurrent request is refused with 503 while another
// client is still served; once the two finish, the client is served again.
// A client in limit-whitelist (the alias of limit-allowlist) is not limited.
func TestLimitConnections(t *testing.T) {
	ns := newNamespace(t)
	h := &holdingBackend{release: make(chan struct{})}
	t.Cleanup(h.Release)
	serveHandler(t, ns, "holder", h)
	host := "conn." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: conn
  annotations:
    nginx.ingress.kubernetes.io/limit-connections: "2"
    nginx.ingress.kubernetes.io/limit-whitelist: "192.0.2.0/24"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: holder, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/quick", ClientIP: "203.0.113.1"}, "limited route served", served("holder"))
	const client, exempt = "203.0.113.2", "192.0.2.10"
	var wg sync.WaitGroup
	var mu sync.Mutex
	held := map[string][]int{}
	hold := func(ip string, n int) {
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := -1
				if r, err := send(Req{Host: host, Path: "/hold", ClientIP: ip}); err == nil {
					code = r.Status
				}
				mu.Lock()
				held[ip] = append(held[ip], code)
				mu.Unlock()
			}()
		}
	}
	waitInFlight := func(n int32) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for h.inFlight.Load() < n {
			if time.Now().After(deadline) {
				h.Release()
				wg.Wait()
				t.Fatalf("held requests did not reach the backend (in flight %d, want %d; finished %v)", h.inFlight.Load(), n, held)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	hold(client, 2)
	waitInFlight(2)
	if r := do(t, Req{Host: host, Path: "/quick", ClientIP: client}); r.Status != http.StatusServiceUnavailable {
		t.Errorf("third concurrent request of %s: got %d from %q, want 503", client, r.Status, r.Backend)
	}
	if r := do(t, Req{Host: host, Path: "/quick", ClientIP: "203.0.113.3"}); r.Status != http.StatusOK {
		t.Errorf("another client while %s holds two: got %d, want 200", client, r.Status)
	}
	hold(exempt, 3) // allow-listed: three in flight are fine
	waitInFlight(5)
	h.Release()
	wg.Wait()
	if got := fmt.Sprint(held[client], held[exempt]); got != "[200 200] [200 200 200]" {
		t.Errorf("held requests (%s, then allow-listed %s): got %s, want [200 200] [200 200 200]", client, exempt, got)
	}
	if r := do(t, Req{Host: host, Path: "/quick", ClientIP: client}); r.Status != http.StatusOK {
		t.Errorf("%s after its requests finished: got %d, want 200", client, r.Status)
	}
}
