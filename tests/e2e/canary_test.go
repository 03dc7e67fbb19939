package e2e

import (
	"fmt"
	"math"
	"testing"
)

// canaryPair applies a primary Ingress (Service "main") and a canary Ingress
// (Service "canary") for host, the canary with the given extra annotations
// (YAML lines), and waits until the primary answers.
func canaryPair(t *testing.T, ns, name, host, canaryAnnotations string) {
	t.Helper()
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: `+name+`}
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
  name: `+name+`-canary
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
`+canaryAnnotations+`
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: canary, port: {number: 80}}}}
`)
}

// expectBackends sends each request once and checks who answered.
func expectBackends(t *testing.T, host string, cases []canaryCase) {
	t.Helper()
	for _, c := range cases {
		r := do(t, Req{Host: host, Header: c.header})
		if r.Status != 200 || r.Backend != c.want {
			t.Errorf("%s: headers %v: got %d from %q, want 200 from %q", host, c.header, r.Status, r.Backend, c.want)
		}
	}
}

type canaryCase struct {
	header map[string]string
	want   string
}

func hdr(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestCanaryByHeader: with canary-by-header, "always" sends to the canary,
// "never" to the primary, and any other value (or none) falls through to
// the weight (0 here: the primary). With canary-weight 100 as well, "never"
// still wins and other values reach the canary through the weight.
func TestCanaryByHeader(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "canary")
	h1, h2 := "hdr."+ns+".test", "hdrw."+ns+".test"
	canaryPair(t, ns, "hdr", h1, `    nginx.ingress.kubernetes.io/canary-by-header: X-Canary`)
	canaryPair(t, ns, "hdrw", h2, `    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/canary-weight: "100"`)
	await(t, Req{Host: h1, Header: hdr("X-Canary", "always")}, "header canary", served("canary"))
	// Wait for a state only the merged canary gives (the primary alone also
	// answers "never" from main).
	await(t, Req{Host: h2}, "header canary with weight", served("canary"))
	expectBackends(t, h1, []canaryCase{
		{nil, "main"},
		{hdr("X-Canary", "always"), "canary"},
		{hdr("x-canary", "always"), "canary"},
		{hdr("X-Canary", "never"), "main"},
		{hdr("X-Canary", "yes"), "main"},
		{hdr("X-Other", "always"), "main"},
	})
	expectBackends(t, h2, []canaryCase{
		{nil, "canary"},
		{hdr("X-Canary", "always"), "canary"},
		{hdr("X-Canary", "never"), "main"},
		{hdr("X-Canary", "yes"), "canary"},
	})
}

// TestCanaryByHeaderValue: canary-by-header-value replaces always/never:
// only that exact value routes to the canary ("always" is just another
// value); canary-by-header-pattern routes values matching the regex
// (unanchored, as nginx matches) and is ignored when -value is set.
func TestCanaryByHeaderValue(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "canary")
	hv, hp, hb := "val."+ns+".test", "pat."+ns+".test", "both."+ns+".test"
	canaryPair(t, ns, "val", hv, `    nginx.ingress.kubernetes.io/canary-by-header: X-Version
    nginx.ingress.kubernetes.io/canary-by-header-value: blue`)
	canaryPair(t, ns, "pat", hp, `    nginx.ingress.kubernetes.io/canary-by-header: X-Version
    nginx.ingress.kubernetes.io/canary-by-header-pattern: "^(blue|green)-v[0-9]+$"`)
	canaryPair(t, ns, "both", hb, `    nginx.ingress.kubernetes.io/canary-by-header: X-Version
    nginx.ingress.kubernetes.io/canary-by-header-value: blue
    nginx.ingress.kubernetes.io/canary-by-header-pattern: "^green$"`)
	await(t, Req{Host: hv, Header: hdr("X-Version", "blue")}, "header-value canary", served("canary"))
	await(t, Req{Host: hp, Header: hdr("X-Version", "green-v2")}, "header-pattern canary", served("canary"))
	await(t, Req{Host: hb, Header: hdr("X-Version", "blue")}, "header-value+pattern canary", served("canary"))
	expectBackends(t, hv, []canaryCase{
		{nil, "main"},
		{hdr("X-Version", "blue"), "canary"},
		{hdr("X-Version", "blue2"), "main"},
		{hdr("X-Version", "always"), "main"},
		{hdr("X-Version", "never"), "main"},
	})
	expectBackends(t, hp, []canaryCase{
		{nil, "main"},
		{hdr("X-Version", "blue-v1"), "canary"},
		{hdr("X-Version", "green-v22"), "canary"},
		{hdr("X-Version", "red-v1"), "main"},
		{hdr("X-Version", "blue-v1x"), "main"},
		{hdr("X-Version", "always"), "main"},
	})
	expectBackends(t, hb, []canaryCase{
		{hdr("X-Version", "blue"), "canary"},
		{hdr("X-Version", "green"), "main"},
	})
}

// TestCanaryByCookie: canary-by-cookie "always" sends to the canary, "never"
// to the primary, other values fall through to the weight. Precedence is
// header, then cookie, then weight.
func TestCanaryByCookie(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "canary")
	hc, hw := "ck."+ns+".test", "ckw."+ns+".test"
	canaryPair(t, ns, "ck", hc, `    nginx.ingress.kubernetes.io/canary-by-cookie: beta
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary`)
	canaryPair(t, ns, "ckw", hw, `    nginx.ingress.kubernetes.io/canary-by-cookie: beta
    nginx.ingress.kubernetes.io/canary-weight: "100"`)
	await(t, Req{Host: hc, Header: hdr("Cookie", "beta=always")}, "cookie canary", served("canary"))
	await(t, Req{Host: hw}, "cookie canary with weight", served("canary")) // only the merged canary answers so
	expectBackends(t, hc, []canaryCase{
		{nil, "main"},
		{hdr("Cookie", "beta=always"), "canary"},
		{hdr("Cookie", "a=1; beta=always; b=2"), "canary"},
		{hdr("Cookie", "beta=never"), "main"},
		{hdr("Cookie", "beta=maybe"), "main"},
		{hdr("Cookie", "other=always"), "main"},
		// header before cookie
		{hdr("Cookie", "beta=always", "X-Canary", "never"), "main"},
		{hdr("Cookie", "beta=never", "X-Canary", "always"), "canary"},
		// a header value that is neither always nor never falls through to the cookie
		{hdr("Cookie", "beta=always", "X-Canary", "other"), "canary"},
	})
	expectBackends(t, hw, []canaryCase{
		{nil, "canary"},
		{hdr("Cookie", "beta=never"), "main"},
		{hdr("Cookie", "beta=always"), "canary"},
		{hdr("Cookie", "beta=other"), "canary"},
	})
}

// TestCanaryWeight: canary-weight sends that share of requests (out of 100,
// or out of canary-weight-total when it is above 100) to the canary: 0 and
// 100 exactly, 20 and 50/1000 within generous binomial bounds.
func TestCanaryWeight(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "canary")
	cases := []struct {
		name, ann string
		p         float64
	}{
		{"w0", `    nginx.ingress.kubernetes.io/canary-weight: "0"`, 0},
		{"w100", `    nginx.ingress.kubernetes.io/canary-weight: "100"`, 1},
		{"w20", `    nginx.ingress.kubernetes.io/canary-weight: "20"`, 0.2},
		{"total", `    nginx.ingress.kubernetes.io/canary-weight: "50"
    nginx.ingress.kubernetes.io/canary-weight-total: "1000"`, 0.05},
		{"total-full", `    nginx.ingress.kubernetes.io/canary-weight: "400"
    nginx.ingress.kubernetes.io/canary-weight-total: "400"`, 1},
	}
	for _, c := range cases {
		canaryPair(t, ns, c.name, c.name+"."+ns+".test", c.ann)
	}
	for _, c := range cases {
		host := c.name + "." + ns + ".test"
		await(t, Req{Host: host}, c.name+" served", status(200))
	}
	// Wait until the canaries are in place: the always-canary ones answer
	// from the canary.
	await(t, Req{Host: "w100." + ns + ".test"}, "weight 100", served("canary"))
	await(t, Req{Host: "total-full." + ns + ".test"}, "weight 400/400", served("canary"))
	const n = 200
	for _, c := range cases {
		host := c.name + "." + ns + ".test"
		got := countBackends(t, Req{Host: host}, n)
		if got["main"]+got["canary"] != n {
			t.Errorf("%s: not every request was served: %v", c.name, got)
			continue
		}
		k := got["canary"]
		mean, sd := n*c.p, math.Sqrt(n*c.p*(1-c.p))
		lo, hi := int(math.Floor(mean-5*sd)), int(math.Ceil(mean+5*sd))
		if k < lo || k > hi {
			t.Errorf("%s: %d of %d requests reached the canary, want %s", c.name, k, n, bound(lo, hi, n))
		}
	}
}

func bound(lo, hi, n int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("between %d and %d (p=%.2f)", max(lo, 0), min(hi, n), float64(lo+hi)/2/float64(n))
}

// TestCanaryInheritsPrimaryAnnotations: requests routed to the canary get
// the primary Ingress's annotations (here upstream-vhost); the canary's own
// non-canary annotations (here x-forwarded-prefix) are ignored.
func TestCanaryInheritsPrimaryAnnotations(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "canary")
	host := "inherit." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: inherit
  annotations:
    nginx.ingress.kubernetes.io/upstream-vhost: primary.internal
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
  name: inherit-canary
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Canary
    nginx.ingress.kubernetes.io/x-forwarded-prefix: /canary-only
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: canary, port: {number: 80}}}}
`)
	r := await(t, Req{Host: host, Header: hdr("X-Canary", "always")}, "canary", served("canary"))
	if r.Got.Host != "primary.internal" {
		t.Errorf("canary request: backend saw Host %q, want the primary's upstream-vhost primary.internal", r.Got.Host)
	}
	if got := r.Got.Header("X-Forwarded-Prefix"); got != "" {
		t.Errorf("canary request: backend saw the canary's own X-Forwarded-Prefix %q; ingress-nginx ignores it", got)
	}
	r = do(t, Req{Host: host})
	if r.Backend != "main" || r.Got.Host != "primary.internal" || r.Got.Header("X-Forwarded-Prefix") != "" {
		t.Errorf("primary request: got %q, Host %q, X-Forwarded-Prefix %q", r.Backend, r.Got.Host, r.Got.Header("X-Forwarded-Prefix"))
	}
}
