package e2e

import "testing"

// rewritten is one expectation: a request for path on host reaches backend
// with uri (status 200), or gets status from APISIX (uri "").
type rewritten struct {
	host, path string
	backend    string
	uri        string
	status     int
}

// expectRewritten sends each request once and checks what the backend got.
func expectRewritten(t *testing.T, cases ...rewritten) {
	t.Helper()
	for _, c := range cases {
		r := do(t, Req{Host: c.host, Path: c.path})
		if r.Status != c.status || r.Backend != c.backend {
			t.Errorf("GET %s%s: got %d from %q, want %d from %q", c.host, c.path, r.Status, r.Backend, c.status, c.backend)
			continue
		}
		if c.uri != "" && (r.Got == nil || r.Got.URI != c.uri) {
			got := ""
			if r.Got != nil {
				got = r.Got.URI
			}
			t.Errorf("GET %s%s: backend received %q, want %q", c.host, c.path, got, c.uri)
		}
	}
}

// TestRewriteTarget: ingress-nginx's documented example: path
// /something(/|$)(.*) with rewrite-target /$2 sends /something to /,
// /something/ to / and /something/new to /new; the query string is kept,
// and the path is a case-insensitive regex anchored at the start.
func TestRewriteTarget(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "rw")
	host := "rw." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rw
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /something(/|$)(.*), pathType: ImplementationSpecific, backend: {service: {name: rw, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/something/new"}, "rewritten path served", served("rw"))
	expectRewritten(t,
		rewritten{host, "/something", "rw", "/", 200},
		rewritten{host, "/something/", "rw", "/", 200},
		rewritten{host, "/something/new", "rw", "/new", 200},
		rewritten{host, "/something/new/deeper?x=1&y=2", "rw", "/new/deeper?x=1&y=2", 200},
		rewritten{host, "/SOMETHING/new", "rw", "/new", 200},
		rewritten{host, "/other", "", "", 404},
	)
}

// TestUseRegex: with use-regex the paths are regular expressions matched
// case-insensitively from the start of the URI (nginx location ~*), and the
// URI is passed unchanged.
func TestUseRegex(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "users")
	backend(t, ns, "apx")
	host, apxHost := "re."+ns+".test", "apx."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: re
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: "/api/v[0-9]+/users", pathType: ImplementationSpecific, backend: {service: {name: users, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: apx
  annotations:
    k8s.apisix.apache.org/use-regex: "true"
spec:
  ingressClassName: apisix
  rules:
  - host: `+apxHost+`
    http:
      paths:
      - {path: "/item/[a-z]+$", pathType: ImplementationSpecific, backend: {service: {name: apx, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/api/v1/users"}, "regex path served", served("users"))
	await(t, Req{Host: apxHost, Path: "/item/abc"}, "canonical use-regex path served", served("apx"))
	expectRewritten(t,
		rewritten{host, "/api/v1/users", "users", "/api/v1/users", 200},
		rewritten{host, "/API/V22/Users/7", "users", "/API/V22/Users/7", 200},
		rewritten{host, "/api/vx/users", "", "", 404},
		rewritten{host, "/x/api/v1/users", "", "", 404},
		rewritten{apxHost, "/item/abc", "apx", "/item/abc", 200},
		rewritten{apxHost, "/item/abc/1", "", "", 404},
		rewritten{apxHost, "/item/123", "", "", 404},
	)
}

// TestAPISIXRewriteKeys: k8s.apisix.apache.org/rewrite-target replaces the
// path (query kept); rewrite-target-regex with its template rewrites with
// capture groups.
func TestAPISIXRewriteKeys(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "plain")
	backend(t, ns, "regex")
	plain, regex := "plain."+ns+".test", "regex."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: plain
  annotations:
    k8s.apisix.apache.org/rewrite-target: /backend/home
spec:
  ingressClassName: apisix
  rules:
  - host: `+plain+`
    http:
      paths:
      - {path: /front, pathType: Prefix, backend: {service: {name: plain, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: regex
  annotations:
    k8s.apisix.apache.org/rewrite-target-regex: ^/v1/(.*)/(.*)$
    k8s.apisix.apache.org/rewrite-target-regex-template: /api/$2/$1
spec:
  ingressClassName: apisix
  rules:
  - host: `+regex+`
    http:
      paths:
      - {path: /v1, pathType: Prefix, backend: {service: {name: regex, port: {number: 80}}}}
`)
	await(t, Req{Host: plain, Path: "/front"}, "rewrite-target served", served("plain"))
	await(t, Req{Host: regex, Path: "/v1/a/b"}, "rewrite-target-regex served", served("regex"))
	expectRewritten(t,
		rewritten{plain, "/front", "plain", "/backend/home", 200},
		rewritten{plain, "/front/x?q=1", "plain", "/backend/home?q=1", 200},
		rewritten{regex, "/v1/users/42", "regex", "/api/42/users", 200},
		rewritten{regex, "/v1/flat", "regex", "/v1/flat", 200},
	)
}

// TestXForwardedPrefix: x-forwarded-prefix sends the X-Forwarded-Prefix
// header with the given value to the backend.
func TestXForwardedPrefix(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "xfp")
	host := "xfp." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: xfp
  annotations:
    nginx.ingress.kubernetes.io/x-forwarded-prefix: /shop
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: xfp, port: {number: 80}}}}
`)
	r := await(t, Req{Host: host, Path: "/cart"}, "x-forwarded-prefix Ingress served", served("xfp"))
	if got := r.Got.Header("X-Forwarded-Prefix"); got != "/shop" {
		t.Errorf("backend received X-Forwarded-Prefix %q, want /shop", got)
	}
	if r.Got.URI != "/cart" {
		t.Errorf("backend received %q, want /cart", r.Got.URI)
	}
}
