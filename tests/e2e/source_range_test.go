package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// sourceRangeCase is one Ingress with source-range annotations and the
// client addresses it must serve (true) or refuse with 403 (false).
type sourceRangeCase struct {
	name        string
	annotations map[string]string
	clients     map[string]bool
}

// TestSourceRanges: allowlist-source-range (and its alias
// whitelist-source-range) serves only clients inside the list and answers
// 403 to the others; denylist-source-range answers 403 to clients inside
// its list. With both on one Ingress, ingress-nginx writes the deny rules
// before the allow rules, so a denied address gets 403 even inside an
// allowed range. The canonical k8s.apisix.apache.org keys
// (allowlist-source-range, blocklist-source-range) behave the same.
func TestSourceRanges(t *testing.T) {
	const (
		nginxAllow  = "nginx.ingress.kubernetes.io/allowlist-source-range"
		nginxWhite  = "nginx.ingress.kubernetes.io/whitelist-source-range"
		nginxDeny   = "nginx.ingress.kubernetes.io/denylist-source-range"
		apisixAllow = "k8s.apisix.apache.org/allowlist-source-range"
		apisixBlock = "k8s.apisix.apache.org/blocklist-source-range"
	)
	allowOnly := map[string]bool{"10.1.2.3": true, "10.1.200.1": true, "10.2.0.1": false, "192.0.2.7": false}
	denyOnly := map[string]bool{"10.1.2.3": false, "10.1.2.200": false, "10.1.3.1": true, "192.0.2.7": true}
	both := map[string]bool{
		"10.1.2.3":   false, // denied, though inside the allowed range
		"10.1.2.255": false,
		"10.1.3.1":   true, // allowed and not denied
		"10.1.0.1":   true,
		"10.2.0.1":   false, // outside the allowed range
		"192.0.2.7":  false,
	}
	cases := []sourceRangeCase{
		{"allow", map[string]string{nginxAllow: "10.1.0.0/16"}, allowOnly},
		{"white", map[string]string{nginxWhite: "10.1.0.0/16"}, allowOnly},
		{"apisix-allow", map[string]string{apisixAllow: "10.1.0.0/16"}, allowOnly},
		{"deny", map[string]string{nginxDeny: "10.1.2.0/24"}, denyOnly},
		{"apisix-block", map[string]string{apisixBlock: "10.1.2.0/24"}, denyOnly},
		{"allow-deny", map[string]string{nginxAllow: "10.1.0.0/16", nginxDeny: "10.1.2.0/24"}, both},
		{"white-deny", map[string]string{nginxWhite: "10.1.0.0/16", nginxDeny: "10.1.2.0/24"}, both},
		{"apisix-both", map[string]string{apisixAllow: "10.1.0.0/16", apisixBlock: "10.1.2.0/24"}, both},
		{"single-addresses", map[string]string{nginxAllow: "10.1.0.0/16, 2001:db8::/32", nginxDeny: "10.1.2.3,2001:db8::1"},
			map[string]bool{"10.1.2.3": false, "10.1.2.4": true, "2001:db8::1": false, "2001:db8::2": true, "2001:db9::1": false}},
		{"deny-covers-allow", map[string]string{nginxAllow: "10.1.2.0/24", nginxDeny: "10.1.0.0/16"},
			map[string]bool{"10.1.2.3": false, "10.1.3.1": false, "192.0.2.7": false}},
	}
	runSourceRangeCases(t, cases)
}

// runSourceRangeCases applies one Ingress per case (host <name>.<ns>.test)
// and checks every client address of every case.
func runSourceRangeCases(t *testing.T, cases []sourceRangeCase) {
	t.Helper()
	ns := newNamespace(t)
	backend(t, ns, "app")
	var docs []string
	for _, c := range cases {
		var ann strings.Builder
		for k, v := range c.annotations {
			fmt.Fprintf(&ann, "    %s: %q\n", k, v)
		}
		docs = append(docs, `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: `+c.name+`
  annotations:
`+ann.String()+`spec:
  ingressClassName: apisix
  rules:
  - host: `+c.name+`.`+ns+`.test
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	}
	apply(t, ns, strings.Join(docs, "---\n"))
	for _, c := range cases {
		host := c.name + "." + ns + ".test"
		// Wait until the Ingress is live: an allowed client is served, or
		// (when none is) a refused client gets 403 instead of 404.
		ready, readyCheck := "", status(403)
		for ip, ok := range c.clients {
			if ok {
				ready, readyCheck = ip, served("app")
				break
			}
			ready = ip
		}
		await(t, Req{Host: host, ClientIP: ready}, c.name+": Ingress live", readyCheck)
		for ip, ok := range c.clients {
			r := do(t, Req{Host: host, ClientIP: ip})
			switch {
			case ok && (r.Status != 200 || r.Backend != "app"):
				t.Errorf("%s: client %s: got %d from %q, want 200 from app", c.name, ip, r.Status, r.Backend)
			case !ok && (r.Status != 403 || r.Backend != ""):
				t.Errorf("%s: client %s: got %d from %q, want 403 without a backend", c.name, ip, r.Status, r.Backend)
			}
		}
	}
}
