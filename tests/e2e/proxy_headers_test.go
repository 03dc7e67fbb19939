package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// ingressWith is a one-path Ingress (Prefix /) for host to Service svc with
// the given annotations (YAML lines, indented by four spaces).
func ingressWithLines(name, host, svc, annotations string) string {
	return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  annotations:
` + annotations + `
spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ` + svc + `, port: {number: 80}}}}
`
}

// TestRequestHeaders: x-forwarded-prefix sets X-Forwarded-Prefix upstream,
// upstream-vhost the Host the backend sees, connection-proxy-header the
// Connection header it sees; the client's own request is otherwise passed
// as is.
func TestRequestHeaders(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	h1, h2, h3 := "xfp."+ns+".test", "vhost."+ns+".test", "conn."+ns+".test"
	apply(t, ns, ingressWithLines("xfp", h1, "app", `    nginx.ingress.kubernetes.io/x-forwarded-prefix: /test/value`)+"---"+
		ingressWithLines("vhost", h2, "app", `    nginx.ingress.kubernetes.io/upstream-vhost: internal.example.com`)+"---"+
		ingressWithLines("conn", h3, "app", `    nginx.ingress.kubernetes.io/connection-proxy-header: keep-alive`))
	r := await(t, Req{Host: h1, Path: "/a?b=c"}, "x-forwarded-prefix", served("app"))
	if got := r.Got.Header("X-Forwarded-Prefix"); got != "/test/value" {
		t.Errorf("X-Forwarded-Prefix upstream: got %q, want /test/value", got)
	}
	if r.Got.URI != "/a?b=c" || r.Got.Host != h1 {
		t.Errorf("x-forwarded-prefix changed the request: URI %q Host %q", r.Got.URI, r.Got.Host)
	}
	r = await(t, Req{Host: h2, Path: "/v"}, "upstream-vhost", served("app"))
	if r.Got.Host != "internal.example.com" {
		t.Errorf("upstream-vhost: backend saw Host %q, want internal.example.com", r.Got.Host)
	}
	if r.Got.URI != "/v" {
		t.Errorf("upstream-vhost: backend saw URI %q", r.Got.URI)
	}
	if r := do(t, Req{Host: h1}); r.Got != nil && r.Got.Header("X-Forwarded-Prefix") != "/test/value" {
		t.Errorf("X-Forwarded-Prefix on /: %q", r.Got.Header("X-Forwarded-Prefix"))
	}
	r = await(t, Req{Host: h3, Header: hdr("Connection", "close")}, "connection-proxy-header", served("app"))
	if got := r.Got.Header("Connection"); !strings.EqualFold(got, "keep-alive") {
		t.Errorf("connection-proxy-header: backend saw Connection %q, want keep-alive", got)
	}
	// Without the annotations nothing of this is sent.
	apply(t, ns, ingressWithLines("plain", "plain."+ns+".test", "app", `    {}`))
	r = await(t, Req{Host: "plain." + ns + ".test"}, "plain", served("app"))
	if r.Got.Header("X-Forwarded-Prefix") != "" || r.Got.Host != "plain."+ns+".test" {
		t.Errorf("plain Ingress: X-Forwarded-Prefix %q, Host %q", r.Got.Header("X-Forwarded-Prefix"), r.Got.Host)
	}
}

// TestCustomHeaders: custom-headers names a ConfigMap whose data are added
// to every response.
func TestCustomHeaders(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "ch." + ns + ".test"
	apply(t, ns, `
apiVersion: v1
kind: ConfigMap
metadata: {name: resp-headers}
data:
  My-Custom-Header: "42"
  X-Frame-Options: DENY
---`+ingressWithLines("ch", host, "app", `    nginx.ingress.kubernetes.io/custom-headers: `+ns+`/resp-headers`))
	r := await(t, Req{Host: host, Path: "/x"}, "custom headers", func(r Response) error {
		if err := served("app")(r); err != nil {
			return err
		}
		if r.Header.Get("My-Custom-Header") != "42" {
			return fmt.Errorf("My-Custom-Header %q", r.Header.Get("My-Custom-Header"))
		}
		return nil
	})
	if got := r.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options: %q, want DENY", got)
	}
	if r.Got.Header("My-Custom-Header") != "" {
		t.Errorf("custom-headers were sent upstream too")
	}
}

// TestProxyBodySize: proxy-body-size limits request bodies (413 above
// it); the default limit is 1m; 0 disables the limit.
func TestProxyBodySize(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	h1, h2, h3 := "small."+ns+".test", "default."+ns+".test", "unlimited."+ns+".test"
	apply(t, ns, ingressWithLines("small", h1, "app", `    nginx.ingress.kubernetes.io/proxy-body-size: 1k`)+"---"+
		ingressWithLines("default", h2, "app", `    {}`)+"---"+
		ingressWithLines("unlimited", h3, "app", `    nginx.ingress.kubernetes.io/proxy-body-size: "0"`))
	for _, h := range []string{h1, h2, h3} {
		await(t, Req{Host: h}, h, served("app"))
	}
	for _, c := range []struct {
		host string
		size int
		want int
	}{
		{h1, 1000, 200},
		{h1, 1024, 200},
		{h1, 1025, 413},
		{h1, 4096, 413},
		{h2, 1 << 20, 200},
		{h2, 1<<20 + 1, 413},
		{h3, 3 << 20, 200},
	} {
		r := do(t, Req{Host: c.host, Method: http.MethodPost, Body: strings.Repeat("x", c.size)})
		if r.Status != c.want {
			t.Errorf("%s: POST %d bytes: got %d, want %d", c.host, c.size, r.Status, c.want)
		}
	}
}

// TestMirrorTarget: mirror-target copies every request to another URL
// (with $request_uri appended when the URL ends in it, else to the URL's
// path); the client gets the main backend's answer only.
func TestMirrorTarget(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	rec := newRecorder()
	ip := nextIP()
	port, err := serveOn(t, ip, 0, rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	mirror := "http://" + net.JoinHostPort(ip, strconv.Itoa(int(port)))
	h1, h2 := "mirror."+ns+".test", "mirrorp."+ns+".test"
	apply(t, ns, ingressWithLines("mirror", h1, "app", `    nginx.ingress.kubernetes.io/mirror-target: "`+mirror+`$request_uri"`)+"---"+
		ingressWithLines("mirrorp", h2, "app", `    nginx.ingress.kubernetes.io/mirror-target: "`+mirror+`/copy"`))
	await(t, Req{Host: h1, Path: "/warmup"}, "mirror route", served("app"))
	await(t, Req{Host: h2, Path: "/warmup"}, "mirror path route", served("app"))
	for rec.next(500*time.Millisecond) != nil { // drain the warm-up copies
	}
	r := do(t, Req{Host: h1, Path: "/orders?id=7", Method: http.MethodPost, Body: "payload"})
	if r.Status != 200 || r.Backend != "app" {
		t.Fatalf("mirrored request: got %d from %q, want 200 from app", r.Status, r.Backend)
	}
	m := rec.next(5 * time.Second)
	if m == nil {
		t.Fatal("the mirror received no copy")
	}
	if m.Method != http.MethodPost || m.RequestURI != "/orders?id=7" {
		t.Errorf("mirror received %s %s, want POST /orders?id=7", m.Method, m.RequestURI)
	}
	r = do(t, Req{Host: h2, Path: "/orders?id=8"})
	if r.Status != 200 {
		t.Fatalf("mirrored request: got %d from %q", r.Status, r.Backend)
	}
	m = rec.next(5 * time.Second)
	if m == nil {
		t.Fatal("the mirror received no copy")
	}
	if m.URL.Path != "/copy" {
		t.Errorf("mirror with a path received %s, want /copy", m.RequestURI)
	}
}

// TestProxyBuffering: with proxy-buffering "off" (ingress-nginx's default)
// a response is passed to the client as the backend writes it: the first
// part arrives while the backend is still working.
func TestProxyBuffering(t *testing.T) {
	ns := newNamespace(t)
	serveWith(t, ns, "stream", func(s *echo.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Backend", s.Name)
			_, _ = io.WriteString(w, "first\n")
			w.(http.Flusher).Flush()
			time.Sleep(2 * time.Second)
			_, _ = io.WriteString(w, "second\n")
		})
	}, nil)
	h1, h2 := "nobuf."+ns+".test", "dflt."+ns+".test"
	apply(t, ns, ingressWithLines("nobuf", h1, "stream", `    nginx.ingress.kubernetes.io/proxy-buffering: "off"`)+"---"+
		ingressWithLines("dflt", h2, "stream", `    {}`))
	for _, h := range []string{h1, h2} {
		await(t, Req{Host: h}, h+" routed", served("stream"))
		first, total := firstByte(t, h)
		if first > time.Second || total < 1900*time.Millisecond {
			t.Errorf("%s: first part after %s, whole response after %s; want the first part at once", h, first, total)
		}
	}
}

// firstByte GETs / on host and says when the first line and the whole body
// arrived.
func firstByte(t *testing.T, host string) (first, total time.Duration) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, suite.apisix.HTTPURL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	if _, err := br.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	first = time.Since(start)
	_, _ = io.ReadAll(br)
	return first, time.Since(start)
}

// TestRequestBufferedByDefault: by default (ingress-nginx's
// proxy-request-buffering "on") the whole request body is read before the
// backend gets the request. (The "off" setting needs APISIX-Runtime's
// resty.apisix.client module: this runtime answers 501 with it.)
func TestRequestBufferedByDefault(t *testing.T) {
	ns := newNamespace(t)
	arrived := make(chan string, 10)
	serveWith(t, ns, "upload", func(s *echo.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- r.Host
			s.ServeHTTP(w, r)
		})
	}, nil)
	host := "buffered." + ns + ".test"
	apply(t, ns, ingressWithLines("buffered", host, "upload", `    {}`))
	await(t, Req{Host: host}, host+" routed", served("upload"))
	for len(arrived) > 0 {
		<-arrived
	}
	pr, pw := io.Pipe()
	req, err := http.NewRequest(http.MethodPost, suite.apisix.HTTPURL+"/", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	done := make(chan int, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			done <- 0
			return
		}
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	_, _ = io.WriteString(pw, "part one;")
	select {
	case <-arrived:
		t.Errorf("the backend got the request before the body was complete")
	case <-time.After(1500 * time.Millisecond):
	}
	_, _ = io.WriteString(pw, "part two")
	_ = pw.Close()
	if code := <-done; code != http.StatusOK {
		t.Errorf("the upload got %d, want 200", code)
	}
}
