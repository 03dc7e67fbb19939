package e2e

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// External authentication, the auth service's cookies and its keepalive
// connections, as ingress-nginx does them: the Set-Cookie of the auth answer
// is added to the client's response (auth_request_set + add_header), by
// default only when that response has a success or redirect status (nginx's
// add_header without "always": 200, 201, 204, 206, 301, 302, 303, 304, 307,
// 308), and on every status, also the auth service's own 401, with
// auth-always-set-cookie. auth-keepalive-timeout is the idle time after
// which a kept-alive connection to the auth service is closed.

// cookieAuth allows "Authorization: Bearer good" with the cookie
// session=fresh, and refuses the others with 401 and the cookie tries=1.
type cookieAuth struct{}

func (cookieAuth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "Bearer good" {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "fresh", Path: "/"})
		w.WriteHeader(http.StatusOK)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "tries", Value: "1", Path: "/"})
	w.WriteHeader(http.StatusUnauthorized)
}

// hasCookie reports whether r sets cookie name=value.
func hasCookie(r Response, name, value string) bool {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name && c.Value == value {
			return true
		}
	}
	return false
}

// TestExternalAuthCookies: the auth service's Set-Cookie reaches the client
// when the application answers 200, not when it answers 500, and not with the
// auth service's own 401; with auth-always-set-cookie it reaches the client
// on the 500 and the 401 too; with auth-signin the redirect carries it. The
// application never receives the cookie as a request header.
func TestExternalAuthCookies(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	broken := backend(t, ns, "broken")
	broken.Status.Store(http.StatusInternalServerError)
	srv := serveHandler(t, ns, "auth", cookieAuth{})
	authURL := "http://" + net.JoinHostPort(srv.IP, strconv.Itoa(int(srv.Port))) + "/verify"
	def, always := "default."+ns+".test", "always."+ns+".test"
	ingress := func(name, host, extra string) string {
		return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "` + authURL + `"
` + extra + `spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
      - {path: /broken, pathType: Prefix, backend: {service: {name: broken, port: {number: 80}}}}
`
	}
	signin := "signin." + ns + ".test"
	apply(t, ns, strings.Join([]string{
		ingress("default", def, ""),
		ingress("always", always, "    nginx.ingress.kubernetes.io/auth-always-set-cookie: \"true\"\n"),
		ingress("signin", signin, "    nginx.ingress.kubernetes.io/auth-signin: \"https://login.example/start\"\n"),
	}, "---\n"))
	bearer := map[string]string{"Authorization": "Bearer good"}
	for _, host := range []string{def, always} {
		r := await(t, Req{Host: host, Path: "/", Header: bearer}, host+": signed-in client served", served("app"))
		if !hasCookie(r, "session", "fresh") {
			t.Errorf("%s: 200 from the application: Set-Cookie %q, want the auth service's session=fresh", host, r.Header.Values("Set-Cookie"))
		}
		if got := r.Got.Header("Set-Cookie"); got != "" {
			t.Errorf("%s: the application received a Set-Cookie request header %q, want none", host, got)
		}
	}

	r := do(t, Req{Host: def, Path: "/broken", Header: bearer})
	if r.Status != http.StatusInternalServerError || r.Backend != "broken" {
		t.Fatalf("%s/broken: got %d from %q, want 500 from broken", def, r.Status, r.Backend)
	}
	if hasCookie(r, "session", "fresh") {
		t.Errorf("%s/broken: the application's 500 carries the auth cookie (%q); without auth-always-set-cookie it must not", def, r.Header.Values("Set-Cookie"))
	}
	r = do(t, Req{Host: always, Path: "/broken", Header: bearer})
	if r.Status != http.StatusInternalServerError || !hasCookie(r, "session", "fresh") {
		t.Errorf("%s/broken: got %d with Set-Cookie %q, want 500 with the auth service's session=fresh (auth-always-set-cookie)", always, r.Status, r.Header.Values("Set-Cookie"))
	}

	r = do(t, Req{Host: def, Path: "/"})
	if r.Status != http.StatusUnauthorized || hasCookie(r, "tries", "1") {
		t.Errorf("%s unsigned: got %d with Set-Cookie %q, want the auth service's 401 without its cookie", def, r.Status, r.Header.Values("Set-Cookie"))
	}
	r = do(t, Req{Host: always, Path: "/"})
	if r.Status != http.StatusUnauthorized || !hasCookie(r, "tries", "1") {
		t.Errorf("%s unsigned: got %d with Set-Cookie %q, want the auth service's 401 with tries=1 (auth-always-set-cookie)", always, r.Status, r.Header.Values("Set-Cookie"))
	}
	// The sign-in redirect carries the auth service's cookie (ingress-nginx's
	// sign-in location adds it).
	await(t, Req{Host: signin, Path: "/", Header: bearer}, signin+": signed-in client served", served("app"))
	r = do(t, Req{Host: signin, Path: "/"})
	if r.Status != http.StatusFound || !hasCookie(r, "tries", "1") {
		t.Errorf("%s unsigned: got %d with Set-Cookie %q, want the 302 to the sign-in URL with tries=1", signin, r.Status, r.Header.Values("Set-Cookie"))
	}
}

// connAuth allows every request and records, per connection, when it was
// closed.
type connAuth struct {
	mu     sync.Mutex
	opened int
	closed int
}

func (a *connAuth) ServeHTTP(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

func (a *connAuth) state(_ net.Conn, s http.ConnState) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch s {
	case http.StateNew:
		a.opened++
	case http.StateClosed, http.StateHijacked:
		a.closed++
	}
}

func (a *connAuth) counts() (opened, closed int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.opened, a.closed
}

// serveConnAuth serves a connAuth on a fresh address and returns its
// auth URL.
func serveConnAuth(t *testing.T) (*connAuth, string) {
	t.Helper()
	a := &connAuth{}
	ln, err := net.Listen("tcp", net.JoinHostPort(nextIP(), "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: a, ConnState: a.state, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return a, "http://" + ln.Addr().String() + "/verify"
}

// TestExternalAuthKeepaliveTimeout: with auth-keepalive, the auth requests
// share a kept-alive connection; auth-keepalive-timeout 1 closes it after one
// idle second (the next auth request opens a new one), while with the
// default (60 s) it is still open and reused after the same pause.
func TestExternalAuthKeepaliveTimeout(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	short, shortURL := serveConnAuth(t)
	long, longURL := serveConnAuth(t)
	sh, lh := "short."+ns+".test", "long."+ns+".test"
	ingress := func(name, host, url, extra string) string {
		return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "` + url + `"
    nginx.ingress.kubernetes.io/auth-keepalive: "4"
` + extra + `spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`
	}
	apply(t, ns, strings.Join([]string{
		ingress("short", sh, shortURL, "    nginx.ingress.kubernetes.io/auth-keepalive-timeout: \"1\"\n"),
		ingress("long", lh, longURL, ""),
	}, "---\n"))
	await(t, Req{Host: sh}, "short served", served("app"))
	await(t, Req{Host: lh}, "long served", served("app"))
	// Now both have one live connection (earlier polls may have used more).
	so, sc := short.counts()
	lo, lc := long.counts()
	for _, h := range []string{sh, lh, sh, lh} {
		if err := served("app")(do(t, Req{Host: h})); err != nil {
			t.Fatalf("%s: %v", h, err)
		}
	}
	if o, _ := short.counts(); o != so {
		t.Errorf("auth-keepalive-timeout 1: back-to-back auth requests opened %d new connections, want 0 (kept alive)", o-so)
	}
	time.Sleep(2500 * time.Millisecond)
	if _, c := short.counts(); c == sc {
		t.Errorf("auth-keepalive-timeout 1: the idle auth connection is still open after 2.5 s, want closed after 1 s")
	}
	if _, c := long.counts(); c != lc {
		t.Errorf("default auth-keepalive-timeout (60 s): the idle auth connection was closed within 2.5 s")
	}
	for _, h := range []string{sh, lh} {
		if err := served("app")(do(t, Req{Host: h})); err != nil {
			t.Fatalf("%s: %v", h, err)
		}
	}
	if o, _ := short.counts(); o != so+1 {
		t.Errorf("auth-keepalive-timeout 1: after the pause %d new connections, want 1", o-so)
	}
	if o, _ := long.counts(); o != lo {
		t.Errorf("default auth-keepalive-timeout: after the pause %d new connections, want 0 (the kept-alive one reused)", o-lo)
	}
}
