package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sessionCookie is the named cookie of a response's Set-Cookie headers.
func sessionCookie(r Response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestAffinityCookie: with affinity "cookie" the first response issues the
// session cookie (default name INGRESSCOOKIE, Path the Ingress path,
// HttpOnly, a session cookie); a client that sends it back is served by the
// same endpoint every time, the one that served the request that got the
// cookie, and is not issued a new one; different sessions are spread over
// the endpoints (the hash is on the cookie, not the client).
func TestAffinityCookie(t *testing.T) {
	ns := newNamespace(t)
	backends(t, ns, "app", "app-a", "app-b", "app-c")
	host := "aff." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: aff
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /shop, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	first := await(t, Req{Host: host, Path: "/shop/cart"}, "affinity route", status(200))
	c := sessionCookie(first, "INGRESSCOOKIE")
	if c == nil {
		t.Fatalf("no INGRESSCOOKIE issued; Set-Cookie: %q", first.Header.Values("Set-Cookie"))
	}
	if c.Value == "" || c.Path != "/shop" || !c.HttpOnly || c.MaxAge != 0 || !c.Expires.IsZero() || c.Secure {
		t.Errorf("cookie %q: want a non-empty session cookie with Path=/shop, HttpOnly, no Secure over HTTP", c.Raw)
	}
	// Sticky: the same cookie reaches the same endpoint, and no new cookie is issued.
	for i := 0; i < 3; i++ {
		stickTo(t, host, "/shop/cart", "INGRESSCOOKIE="+c.Value, 10)
	}
	r := do(t, Req{Host: host, Path: "/shop", Header: hdr("Cookie", "INGRESSCOOKIE="+c.Value)})
	if v := r.Header.Values("Set-Cookie"); len(v) != 0 {
		t.Errorf("a client with the cookie was issued another: %q", v)
	}
	// The request that was issued the cookie was served where the session
	// then stays (ingress-nginx's cookie names the endpoint that served it).
	for i := 1; i <= 10; i++ {
		ip := fmt.Sprintf("203.0.113.%d", i)
		r := do(t, Req{Host: host, Path: "/shop", ClientIP: ip})
		c := sessionCookie(r, "INGRESSCOOKIE")
		if r.Status != 200 || c == nil {
			t.Fatalf("client %s: got %d, Set-Cookie %q", ip, r.Status, r.Header.Values("Set-Cookie"))
		}
		if got := stickTo(t, host, "/shop", "INGRESSCOOKIE="+c.Value, 3); got != r.Backend {
			t.Errorf("client %s: first request served by %q, the session then by %q", ip, r.Backend, got)
		}
	}
	// Different sessions are spread over the endpoints.
	seen := map[string]bool{}
	for i := 0; i < 30; i++ {
		seen[stickTo(t, host, "/shop", fmt.Sprintf("INGRESSCOOKIE=session-%d", i), 3)] = true
	}
	if len(seen) < 2 {
		t.Errorf("30 sessions all went to %v; want them spread over the 3 endpoints", seen)
	}
}

// stickTo sends n requests with cookie and checks one endpoint answers all;
// it returns that endpoint.
func stickTo(t *testing.T, host, path, cookie string, n int) string {
	t.Helper()
	got := countBackends(t, Req{Host: host, Path: path, Header: hdr("Cookie", cookie)}, n)
	if len(got) != 1 {
		t.Errorf("cookie %s: answered by %v, want one endpoint for all %d requests", cookie, got, n)
	}
	for b := range got {
		return b
	}
	return ""
}

// TestAffinityCookieAttributes: session-cookie-name, -path, -domain,
// -max-age, -expires, -secure and -samesite shape the issued cookie;
// affinity-mode persistent keeps sessions on their endpoint.
func TestAffinityCookieAttributes(t *testing.T) {
	ns := newNamespace(t)
	backends(t, ns, "app", "app-a", "app-b")
	h1, h2 := "attrs."+ns+".test", "exp."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: attrs
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/affinity-mode: persistent
    nginx.ingress.kubernetes.io/session-cookie-name: route
    nginx.ingress.kubernetes.io/session-cookie-path: /
    nginx.ingress.kubernetes.io/session-cookie-domain: `+h1+`
    nginx.ingress.kubernetes.io/session-cookie-max-age: "172800"
    nginx.ingress.kubernetes.io/session-cookie-secure: "true"
    nginx.ingress.kubernetes.io/session-cookie-samesite: Strict
spec:
  ingressClassName: apisix
  rules:
  - host: `+h1+`
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: exp
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/session-cookie-expires: "3600"
spec:
  ingressClassName: apisix
  rules:
  - host: `+h2+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	r := await(t, Req{Host: h1, Path: "/api"}, "attrs route", status(200))
	c := sessionCookie(r, "route")
	if c == nil {
		t.Fatalf("no cookie \"route\" issued; Set-Cookie: %q", r.Header.Values("Set-Cookie"))
	}
	raw := strings.ToLower(c.Raw)
	for _, want := range []string{"path=/;", "domain=" + h1, "max-age=172800", "secure", "samesite=strict", "httponly"} {
		if !strings.Contains(raw+";", want) {
			t.Errorf("cookie %q lacks %q", c.Raw, want)
		}
	}
	for i := 0; i < 3; i++ {
		stickTo(t, h1, "/api/x", "route="+c.Value, 10)
	}
	// session-cookie-expires: the cookie lives that long (Expires, or the
	// equivalent Max-Age).
	r = await(t, Req{Host: h2}, "expires route", status(200))
	c = sessionCookie(r, "INGRESSCOOKIE")
	if c == nil {
		t.Fatalf("no INGRESSCOOKIE issued; Set-Cookie: %q", r.Header.Values("Set-Cookie"))
	}
	life := time.Duration(c.MaxAge) * time.Second
	if !c.Expires.IsZero() && c.MaxAge == 0 {
		life = time.Until(c.Expires)
	}
	if life < 3500*time.Second || life > 3700*time.Second {
		t.Errorf("cookie %q lives %s, want about 3600s", c.Raw, life)
	}
}

// TestUpstreamHashBy: upstream-hash-by sends requests with the same key to
// the same endpoint (here the request URI, as in ingress-nginx's own
// suite), and different keys over several endpoints. With
// upstream-hash-by-subset a key still maps to one endpoint in APISIX (the
// documented difference), so requests with it are all served there.
func TestUpstreamHashBy(t *testing.T) {
	ns := newNamespace(t)
	backends(t, ns, "app", "app-a", "app-b", "app-c")
	h1, h2, h3 := "hash."+ns+".test", "hashh."+ns+".test", "subset."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hash
  annotations:
    nginx.ingress.kubernetes.io/upstream-hash-by: $request_uri
spec:
  ingressClassName: apisix
  rules:
  - host: `+h1+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hashh
  annotations:
    nginx.ingress.kubernetes.io/upstream-hash-by: $http_x_user
    nginx.ingress.kubernetes.io/load-balance: ewma
spec:
  ingressClassName: apisix
  rules:
  - host: `+h2+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: subset
  annotations:
    nginx.ingress.kubernetes.io/upstream-hash-by: $arg_user
    nginx.ingress.kubernetes.io/upstream-hash-by-subset: "true"
spec:
  ingressClassName: apisix
  rules:
  - host: `+h3+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	for _, h := range []string{h1, h2, h3} {
		await(t, Req{Host: h}, h+" served", status(200))
	}
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		got := countBackends(t, Req{Host: h1, Path: fmt.Sprintf("/item/%d", i)}, 5)
		if len(got) != 1 {
			t.Errorf("/item/%d: answered by %v, want one endpoint", i, got)
		}
		for b := range got {
			seen[b] = true
		}
	}
	if len(seen) < 2 {
		t.Errorf("20 URIs all went to %v; want them spread", seen)
	}
	seen = map[string]bool{}
	for i := 0; i < 20; i++ {
		got := countBackends(t, Req{Host: h2, Header: hdr("X-User", fmt.Sprint("user", i))}, 5)
		if len(got) != 1 {
			t.Errorf("X-User user%d: answered by %v, want one endpoint (upstream-hash-by wins over load-balance)", i, got)
		}
		for b := range got {
			seen[b] = true
		}
	}
	if len(seen) < 2 {
		t.Errorf("20 users all went to %v; want them spread", seen)
	}
	for i := 0; i < 5; i++ {
		got := countBackends(t, Req{Host: h3, Path: fmt.Sprintf("/?user=u%d", i)}, 5)
		if len(got) != 1 {
			t.Errorf("user u%d (subset): answered by %v, want one endpoint", i, got)
		}
	}
}

// TestLoadBalance: round_robin spreads requests evenly over the endpoints;
// ewma prefers the endpoint that answers faster.
func TestLoadBalance(t *testing.T) {
	ns := newNamespace(t)
	backends(t, ns, "rr", "rr-a", "rr-b")
	mixed := mixedSpeedService(t, ns, "mixed")
	h1, h2 := "rr."+ns+".test", "ewma."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rr
  annotations:
    nginx.ingress.kubernetes.io/load-balance: round_robin
spec:
  ingressClassName: apisix
  rules:
  - host: `+h1+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: rr, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ewma
  annotations:
    nginx.ingress.kubernetes.io/load-balance: ewma
spec:
  ingressClassName: apisix
  rules:
  - host: `+h2+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: `+mixed+`, port: {number: 80}}}}
`)
	await(t, Req{Host: h1}, "round_robin served", status(200))
	await(t, Req{Host: h2}, "ewma served", status(200))
	got := countBackends(t, Req{Host: h1}, 40)
	if got["rr-a"] < 12 || got["rr-b"] < 12 || got["rr-a"]+got["rr-b"] != 40 {
		t.Errorf("round_robin: 40 requests answered %v, want them shared evenly", got)
	}
	got = countBackends(t, Req{Host: h2}, 40)
	if got["mixed-fast"] < 30 {
		t.Errorf("ewma: 40 requests answered %v, want most by the faster endpoint", got)
	}
}

// TestAffinityCookieSecureOnHTTPS: without session-cookie-secure, the
// session cookie is Secure when the request came over HTTPS (ingress-nginx
// sets Secure when $https is on); on a host with TLS, plain HTTP is
// redirected to HTTPS first, so every cookie issued there is Secure.
func TestAffinityCookieSecureOnHTTPS(t *testing.T) {
	ns := newNamespace(t)
	backends(t, ns, "app", "app-a", "app-b")
	host := "tls." + ns + ".test"
	_, crt, key := selfSigned(t, host, host)
	apply(t, ns, tlsSecret("site-tls", crt, key)+`---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
spec:
  ingressClassName: apisix
  tls:
  - hosts: [`+host+`]
    secretName: site-tls
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	r := await(t, Req{Host: host, HTTPS: true}, "HTTPS route", status(200))
	c := sessionCookie(r, "INGRESSCOOKIE")
	if c == nil {
		t.Fatalf("no INGRESSCOOKIE issued over HTTPS; Set-Cookie: %q", r.Header.Values("Set-Cookie"))
	}
	if !c.Secure {
		t.Errorf("cookie issued over HTTPS %q: want Secure", c.Raw)
	}
	if r := do(t, Req{Host: host}); r.Status != http.StatusPermanentRedirect {
		t.Errorf("plain HTTP on a TLS host: got %d, want 308", r.Status)
	}
}
