package e2e

// Backends for the canary, affinity, proxy-header and upstream scenarios:
// several echo servers behind one Service (they share a port, because an
// EndpointSlice's ports apply to all its endpoints), servers with their own
// handlers (slow, TLS, recording), and Services pointing at any address.

import (
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// serveOn serves h on ip:port (port 0: a free one) until the test ends and
// returns the port. With cfg set it serves TLS.
func serveOn(t *testing.T, ip string, port int32, h http.Handler, cfg *tls.Config) (int32, error) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(int(port))))
	if err != nil {
		return 0, err
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return int32(ln.Addr().(*net.TCPAddr).Port), nil
}

// echoAt is an echo server named name that answers on ip:port through h
// (which usually ends in the echo server itself).
func echoAt(name, ip string, port int32) *echo.Server {
	return &echo.Server{Name: name, IP: ip, Port: port}
}

// backends starts one echo server per name, on distinct addresses and one
// shared port, and creates Service svc (port 80) with an EndpointSlice
// listing them all.
func backends(t *testing.T, ns, svc string, names ...string) []*echo.Server {
	t.Helper()
	servers := samePort(t, names, func(_ int, s *echo.Server) http.Handler { return s })
	createService(t, ns, svc, servers...)
	return servers
}

// samePort starts one server per name on distinct addresses and one shared
// port; wrap gives the i-th server's handler.
func samePort(t *testing.T, names []string, wrap func(i int, s *echo.Server) http.Handler) []*echo.Server {
	t.Helper()
	var servers []*echo.Server
	for attempt := 0; attempt < 20 && len(servers) < len(names); attempt++ {
		servers = servers[:0]
		var port int32
		for i, n := range names {
			s := echoAt(n, nextIP(), port)
			p, err := serveOn(t, s.IP, port, wrap(i, s), nil)
			if err != nil {
				break // the port is taken on this address: start over with another port
			}
			port, s.Port = p, p
			servers = append(servers, s)
		}
	}
	if len(servers) < len(names) {
		t.Fatalf("could not start %d backends on one port", len(names))
	}
	return servers
}

// mixedSpeedService creates Service svc with two endpoints, svc-slow (which
// answers after 80 ms) and svc-fast, and returns svc.
func mixedSpeedService(t *testing.T, ns, svc string) string {
	t.Helper()
	servers := samePort(t, []string{svc + "-slow", svc + "-fast"}, func(i int, s *echo.Server) http.Handler {
		if i == 0 {
			return slowEcho(80 * time.Millisecond)(s)
		}
		return s
	})
	createService(t, ns, svc, servers...)
	return svc
}

// handlerBackend serves h (after the echo server's answer is built by h
// itself, when it wants one) as Service svc, and returns the server record.
func serveWith(t *testing.T, ns, svc string, h func(*echo.Server) http.Handler, cfg *tls.Config) *echo.Server {
	t.Helper()
	s := echoAt(svc, nextIP(), 0)
	p, err := serveOn(t, s.IP, 0, h(s), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.Port = p
	createService(t, ns, svc, s)
	return s
}

// slowEcho answers like an echo server after sleeping d.
func slowEcho(d time.Duration) func(*echo.Server) http.Handler {
	return func(s *echo.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(d)
			s.ServeHTTP(w, r)
		})
	}
}

// recorder remembers the requests a server received.
type recorder struct {
	mu   sync.Mutex
	seen []*http.Request
	ch   chan *http.Request
}

func newRecorder() *recorder { return &recorder{ch: make(chan *http.Request, 100)} }

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.seen = append(rc.seen, r)
	rc.mu.Unlock()
	select {
	case rc.ch <- r:
	default:
	}
	w.WriteHeader(http.StatusTeapot)
}

// next waits up to d for the next request.
func (rc *recorder) next(d time.Duration) *http.Request {
	select {
	case r := <-rc.ch:
		return r
	case <-time.After(d):
		return nil
	}
}

// selfSigned is a server certificate for names (issued by a CA of its own),
// with its key.
func selfSigned(t *testing.T, cn string, names ...string) (tls.Certificate, []byte, []byte) {
	t.Helper()
	return newCA(t, cn+" CA", nil).issue(t, cn, names...)
}

// countBackends sends n requests and counts which backend answered each
// (non-200 answers count under their status).
func countBackends(t *testing.T, r Req, n int) map[string]int {
	t.Helper()
	got := map[string]int{}
	for i := 0; i < n; i++ {
		resp := do(t, r)
		if resp.Status != http.StatusOK {
			got[fmt.Sprintf("status %d", resp.Status)]++
			continue
		}
		got[resp.Backend]++
	}
	return got
}

// blackhole listens on ip:port (0: a free port) with an accept queue that
// it fills and never drains, so further connection attempts get no answer
// to their SYN (Linux drops it): connecting there times out. It returns the
// port.
func blackhole(t *testing.T, ip string, port int32) int32 {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Close(fd) })
	sa := &syscall.SockaddrInet4{Port: int(port)}
	copy(sa.Addr[:], net.ParseIP(ip).To4())
	if err := syscall.Bind(fd, sa); err != nil {
		t.Fatalf("blackhole %s:%d: %v", ip, port, err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	got, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	port = int32(got.(*syscall.SockaddrInet4).Port)
	addr := net.JoinHostPort(ip, strconv.Itoa(int(port)))
	// Fill the accept queue; once it is full a dial gets no SYN-ACK.
	for i := 0; i < 8; i++ {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		if err != nil {
			return port // full
		}
		t.Cleanup(func() { _ = c.Close() })
	}
	t.Fatalf("blackhole %s: the accept queue never filled", addr)
	return 0
}

// tlsSecret is a kubernetes.io/tls Secret manifest.
func tlsSecret(name string, crt, key []byte) string {
	return `
apiVersion: v1
kind: Secret
metadata: {name: ` + name + `}
type: kubernetes.io/tls
data:
  tls.crt: ` + base64.StdEncoding.EncodeToString(crt) + `
  tls.key: ` + base64.StdEncoding.EncodeToString(key) + `
`
}
