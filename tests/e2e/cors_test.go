package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// CORS as ingress-nginx answers it (its CORS template): when the request's
// Origin matches cors-allow-origin (a "*" in https://*.example.com stands
// for exactly one DNS label, [A-Za-z0-9-]+), the response carries
// Access-Control-Allow-Origin (the request's Origin, or "*" when the list is
// "*"), -Allow-Credentials: true (unless cors-allow-credentials is "false"),
// -Allow-Methods, -Allow-Headers, -Expose-Headers (when set) and -Max-Age;
// a preflight (OPTIONS) of an allowed origin is answered by the proxy itself.
// Other origins get no CORS headers at all. Differences APISIX cannot avoid
// are the documented Notes of enable-cors (every OPTIONS is answered with 200
// by APISIX) and cors-allow-credentials ("*" never allows credentials).
//
// Header lists are compared element-wise: whitespace around the commas of a
// list header carries no meaning (RFC 9110, section 5.6.1), and ingress-nginx
// copies the annotation's own spacing.

// corsHeaders names the response headers a CORS answer is made of.
var corsHeaders = []string{
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
}

// listOf splits a list header into its trimmed elements.
func listOf(v string) string {
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ",")
}

// checkCORS compares the CORS headers of r with want (header -> value; a
// header absent from want must be absent from r).
func checkCORS(t *testing.T, what string, r Response, want map[string]string) {
	t.Helper()
	for _, h := range corsHeaders {
		got, present := r.Header.Get(h), len(r.Header.Values(h)) > 0
		exp, expected := want[h]
		switch {
		case expected && !present:
			t.Errorf("%s: %s missing, want %q", what, h, exp)
		case !expected && present:
			t.Errorf("%s: %s: %q, want none", what, h, got)
		case expected && listOf(got) != listOf(exp):
			t.Errorf("%s: %s: %q, want %q", what, h, got, exp)
		}
	}
}

func preflight(host, origin string) Req {
	return Req{Method: http.MethodOptions, Host: host, Path: "/api", Header: map[string]string{
		"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "X-Custom",
	}}
}

func simple(host, origin string) Req {
	return Req{Host: host, Path: "/api", Header: map[string]string{"Origin": origin}}
}

// TestCORSWildcardSubdomain: cors-allow-origin "https://*.example.com,
// https://app.test.io" allows https://a.example.com and https://app.test.io,
// and neither https://a.b.example.com (two labels) nor a foreign origin; every
// cors-* key shapes the headers of allowed answers.
func TestCORSWildcardSubdomain(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "cors." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: cors
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://*.example.com, https://app.test.io"
    nginx.ingress.kubernetes.io/cors-allow-methods: "GET, POST"
    nginx.ingress.kubernetes.io/cors-allow-headers: "X-Custom, Content-Type"
    nginx.ingress.kubernetes.io/cors-expose-headers: "X-Expose-One, X-Expose-Two"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    nginx.ingress.kubernetes.io/cors-max-age: "600"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	await(t, simple(host, "https://app.test.io"), "CORS route served", served("app"))
	allowed := func(origin string) map[string]string {
		return map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Access-Control-Allow-Methods":     "GET, POST",
			"Access-Control-Allow-Headers":     "X-Custom, Content-Type",
			"Access-Control-Expose-Headers":    "X-Expose-One, X-Expose-Two",
			"Access-Control-Max-Age":           "600",
		}
	}
	for _, origin := range []string{"https://a.example.com", "https://my-app2.example.com", "https://app.test.io"} {
		r := do(t, preflight(host, origin))
		if r.Status != http.StatusOK || r.Backend != "" {
			t.Errorf("preflight from %s: got %d from %q, want 200 from APISIX itself (ingress-nginx: 204)", origin, r.Status, r.Backend)
		}
		checkCORS(t, "preflight from "+origin, r, allowed(origin))
		r = do(t, simple(host, origin))
		if err := served("app")(r); err != nil {
			t.Errorf("GET from %s: %v", origin, err)
		}
		checkCORS(t, "GET from "+origin, r, allowed(origin))
	}
	for _, origin := range []string{"https://a.b.example.com", "https://example.com", "http://a.example.com", "https://evil.test", "https://a.example.com.evil.test"} {
		r := do(t, simple(host, origin))
		if err := served("app")(r); err != nil {
			t.Errorf("GET from %s: %v", origin, err)
		}
		checkCORS(t, "GET from denied "+origin, r, nil)
		r = do(t, preflight(host, origin))
		checkCORS(t, "preflight from denied "+origin, r, nil)
	}
}

// TestCORSDefaults: enable-cors alone allows every origin with "*" and
// ingress-nginx's default methods, headers and max-age, also on requests
// without an Origin; credentials are not allowed with "*" (the documented
// Note of cors-allow-credentials: browsers refused them from ingress-nginx's
// "*" + "true" too). cors-allow-credentials "false" drops the header for a
// listed origin; the k8s.apisix.apache.org keys mean the same as the nginx
// ones.
func TestCORSDefaults(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	star, nocred, canon := "star."+ns+".test", "nocred."+ns+".test", "canon."+ns+".test"
	apply(t, ns, fmt.Sprintf(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: star
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  ingressClassName: apisix
  rules:
  - host: %s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: nocred
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.test.io"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "false"
spec:
  ingressClassName: apisix
  rules:
  - host: %s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: canon
  annotations:
    k8s.apisix.apache.org/enable-cors: "true"
    k8s.apisix.apache.org/cors-allow-origin: "https://*.apisix.test"
    k8s.apisix.apache.org/cors-allow-methods: "GET"
    k8s.apisix.apache.org/cors-allow-headers: "X-A"
spec:
  ingressClassName: apisix
  rules:
  - host: %s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`, star, nocred, canon))
	defaults := map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, PATCH, OPTIONS",
		"Access-Control-Allow-Headers": "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization",
		"Access-Control-Max-Age":       "1728000",
	}
	r := await(t, simple(star, "https://anything.test"), "CORS * route served", served("app"))
	checkCORS(t, "enable-cors alone, GET", r, defaults)
	checkCORS(t, "enable-cors alone, GET without Origin", do(t, Req{Host: star, Path: "/"}), defaults)
	checkCORS(t, "enable-cors alone, preflight", do(t, preflight(star, "https://anything.test")), defaults)

	r = await(t, simple(nocred, "https://app.test.io"), "CORS no-credentials route served", served("app"))
	nc := map[string]string{
		"Access-Control-Allow-Origin":  "https://app.test.io",
		"Access-Control-Allow-Methods": defaults["Access-Control-Allow-Methods"],
		"Access-Control-Allow-Headers": defaults["Access-Control-Allow-Headers"],
		"Access-Control-Max-Age":       "1728000",
	}
	checkCORS(t, "cors-allow-credentials false, GET", r, nc)
	checkCORS(t, "cors-allow-credentials false, other origin", do(t, simple(nocred, "https://other.test")), nil)

	r = await(t, simple(canon, "https://x.apisix.test"), "canonical CORS route served", served("app"))
	checkCORS(t, "k8s.apisix.apache.org keys, GET", r, map[string]string{
		"Access-Control-Allow-Origin":      "https://x.apisix.test",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Methods":     "GET",
		"Access-Control-Allow-Headers":     "X-A",
		"Access-Control-Max-Age":           "1728000",
	})
	checkCORS(t, "k8s.apisix.apache.org keys, two labels", do(t, simple(canon, "https://x.y.apisix.test")), nil)
}
