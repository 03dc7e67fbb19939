package e2e

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// External authentication as ingress-nginx does it (auth_request): before
// each request, a subrequest without body goes to auth-url carrying the
// client's headers (Authorization, Cookie, ...) plus X-Original-URL,
// X-Original-Method and X-Auth-Request-Redirect (auth-request-redirect, by
// default the request URI); a 2xx answer lets the request through with the
// auth-response-headers copied from the answer onto the upstream request
// (replacing what the client sent), a 401 or 403 is the client's answer. With
// auth-signin, the auth service's 401 becomes a 302 to the sign-in URL with
// rd (auth-signin-redirect-param) = scheme://host + the URL-encoded request
// URI; a 401 of the application itself reaches the client unchanged
// (error_page does not catch proxied answers).

// authService is an auth backend: it allows requests carrying
// "Authorization: Bearer good" or the cookie session=ok, answering with
// X-Auth-User and X-Auth-Email, and refuses the others with 401. It records
// what it received.
type authService struct {
	mu    sync.Mutex
	last  *http.Request
	conns map[string]bool // client addresses seen (connections)
}

func (a *authService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.last = r.Clone(r.Context())
	if a.conns == nil {
		a.conns = map[string]bool{}
	}
	a.conns[r.RemoteAddr] = true
	a.mu.Unlock()
	cookie, _ := r.Cookie("session")
	if r.Header.Get("Authorization") == "Bearer good" || (cookie != nil && cookie.Value == "ok") {
		w.Header().Set("X-Auth-User", "alice")
		w.Header().Set("X-Auth-Email", "alice@example.com")
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte("sign in first"))
}

// received returns what the auth service last received, and forgets it.
func (a *authService) received() *http.Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.last
	a.last = nil
	return r
}

func (a *authService) connections() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := len(a.conns)
	a.conns = nil
	return n
}

// TestExternalAuth: signed-in clients (Authorization or Cookie) reach the
// application with the auth-response-headers, unsigned ones get the auth
// service's 401; the auth request carries the client's credentials, the
// original URL and method, auth-request-redirect and the
// auth-proxy-set-headers, and keeps its connection alive (auth-keepalive).
func TestExternalAuth(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	auth := &authService{}
	srv := serveHandler(t, ns, "auth", auth)
	authURL := "http://" + net.JoinHostPort(srv.IP, strconv.Itoa(int(srv.Port))) + "/verify"
	host := "auth." + ns + ".test"
	apply(t, ns, `
apiVersion: v1
kind: ConfigMap
metadata: {name: auth-headers}
data:
  X-Tenant: blue
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: auth
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "`+authURL+`"
    nginx.ingress.kubernetes.io/auth-response-headers: "X-Auth-User, X-Auth-Email"
    nginx.ingress.kubernetes.io/auth-request-redirect: "https://login.example/after"
    nginx.ingress.kubernetes.io/auth-proxy-set-headers: "`+ns+`/auth-headers"
    nginx.ingress.kubernetes.io/auth-keepalive: "4"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	bearer := map[string]string{"Authorization": "Bearer good"}
	await(t, Req{Host: host, Path: "/x"}, "auth-url refuses unsigned clients", status(http.StatusUnauthorized))

	r := do(t, Req{Host: host, Path: "/data?q=1", Header: map[string]string{"Authorization": "Bearer good", "X-Auth-User": "mallory"}})
	if err := served("app")(r); err != nil {
		t.Fatalf("signed-in request (Authorization): %v", err)
	}
	if u, e := r.Got.Header("X-Auth-User"), r.Got.Header("X-Auth-Email"); u != "alice" || e != "alice@example.com" {
		t.Errorf("upstream got X-Auth-User %q, X-Auth-Email %q; want alice, alice@example.com from the auth answer (the client's X-Auth-User replaced)", u, e)
	}
	got := auth.received()
	if got == nil {
		t.Fatal("the auth service received nothing")
	}
	for h, want := range map[string]string{
		"Authorization":           "Bearer good",
		"X-Original-URL":          "http://" + host + "/data?q=1",
		"X-Original-Method":       "GET",
		"X-Auth-Request-Redirect": "https://login.example/after",
		"X-Tenant":                "blue",
	} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("auth request header %s: %q, want %q", h, v, want)
		}
	}
	if got.Method != http.MethodGet || got.URL.Path != "/verify" {
		t.Errorf("auth request: %s %s, want GET /verify", got.Method, got.URL.Path)
	}

	r = do(t, Req{Host: host, Path: "/data", Header: map[string]string{"Cookie": "theme=dark; session=ok"}})
	if err := served("app")(r); err != nil {
		t.Errorf("signed-in request (Cookie): %v", err)
	}
	if got := auth.received(); got == nil || got.Header.Get("Cookie") != "theme=dark; session=ok" {
		t.Errorf("auth request Cookie: %v, want the client's", got)
	}

	r = do(t, Req{Host: host, Path: "/data", Header: map[string]string{"Cookie": "session=bad"}})
	if r.Status != http.StatusUnauthorized || r.Backend != "" {
		t.Errorf("unsigned request: got %d from %q, want 401 without reaching the app", r.Status, r.Backend)
	}

	// auth-keepalive: the auth requests share one connection.
	auth.connections()
	for range 3 {
		do(t, Req{Host: host, Path: "/data", Header: bearer})
	}
	if n := auth.connections(); n != 1 {
		t.Errorf("auth-keepalive 4: 3 auth requests came on %d connections, want 1", n)
	}
}

// TestExternalAuthSignin: with auth-signin, an unsigned client is sent
// (302) to the sign-in URL with its URL in rd, encoded; the application's own
// 401 reaches a signed-in client unchanged; auth-method POST calls the auth
// service with POST; auth-signin-redirect-param renames rd, and a sign-in URL
// with a query gets it appended with "&".
func TestExternalAuthSignin(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	denier := backend(t, ns, "denier")
	denier.Status.Store(http.StatusUnauthorized)
	auth := &authService{}
	srv := serveHandler(t, ns, "auth", auth)
	authURL := "http://" + net.JoinHostPort(srv.IP, strconv.Itoa(int(srv.Port))) + "/verify"
	host, other := "signin."+ns+".test", "param."+ns+".test"
	apply(t, ns, fmt.Sprintf(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: signin
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "%[1]s"
    nginx.ingress.kubernetes.io/auth-signin: "https://login.example/start"
    nginx.ingress.kubernetes.io/auth-method: "POST"
spec:
  ingressClassName: apisix
  rules:
  - host: %[2]s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
      - {path: /denied, pathType: Prefix, backend: {service: {name: denier, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: param
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "%[1]s"
    nginx.ingress.kubernetes.io/auth-signin: "https://login.example/start?client=web"
    nginx.ingress.kubernetes.io/auth-signin-redirect-param: "return_to"
spec:
  ingressClassName: apisix
  rules:
  - host: %[3]s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`, authURL, host, other))
	bearer := map[string]string{"Authorization": "Bearer good"}
	await(t, Req{Host: host, Path: "/", Header: bearer}, "signed-in client served", served("app"))
	if got := auth.received(); got == nil || got.Method != http.MethodPost {
		t.Errorf("auth-method POST: the auth service received %v, want a POST", got)
	}

	const uri = "/a/b?x=1&y=two%20words"
	r := do(t, Req{Host: host, Path: uri})
	want := "https://login.example/start?rd=http://" + host + escape(uri) // %2Fa%2Fb%3Fx%3D1%26y%3Dtwo%2520words
	if r.Status != http.StatusFound || r.Header.Get("Location") != want {
		t.Errorf("unsigned GET %s: got %d Location %q, want 302 Location %q", uri, r.Status, r.Header.Get("Location"), want)
	}

	r = do(t, Req{Host: host, Path: "/denied", Header: bearer})
	if r.Status != http.StatusUnauthorized || r.Backend != "denier" || r.Header.Get("Location") != "" {
		t.Errorf("the application's own 401: got %d from %q (Location %q), want 401 from denier unchanged", r.Status, r.Backend, r.Header.Get("Location"))
	}
	r = do(t, Req{Host: host, Path: "/denied"})
	if r.Status != http.StatusFound {
		t.Errorf("unsigned GET /denied: got %d from %q, want 302 to the sign-in URL", r.Status, r.Backend)
	}

	await(t, Req{Host: other, Path: "/", Header: bearer}, "second Ingress served", served("app"))
	r = do(t, Req{Host: other, Path: "/p?k=v"})
	want = "https://login.example/start?client=web&return_to=http://" + other + escape("/p?k=v")
	if r.Status != http.StatusFound || r.Header.Get("Location") != want {
		t.Errorf("unsigned GET /p?k=v: got %d Location %q, want 302 Location %q", r.Status, r.Header.Get("Location"), want)
	}
}

// TestExternalAuthSnippetRejected: auth-snippet (raw nginx configuration)
// is refused at admission, never silently dropped.
func TestExternalAuthSnippetRejected(t *testing.T) {
	ns := newNamespace(t)
	out, code := kubectl(t, []byte(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: snippet
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "http://192.0.2.1/verify"
    nginx.ingress.kubernetes.io/auth-snippet: "proxy_set_header X-Custom 42;"
spec:
  ingressClassName: apisix
  rules:
  - host: snippet.`+ns+`.test
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`), "apply", "-n", ns, "-f", "-")
	if code == 0 || !strings.Contains(out, `metadata.annotations[nginx.ingress.kubernetes.io/auth-snippet]`) && !strings.Contains(out, `auth-snippet"]`) {
		t.Errorf("kubectl apply with auth-snippet: exit %d, output:\n%s\nwant a refusal naming the annotation", code, out)
	}
}
