package e2e

import (
	"strings"
	"testing"
	"time"
)

// route is one expectation of expectServed: a request for path on host is
// answered by backend with status (backend "" for an answer by APISIX).
type route struct {
	host, path string
	backend    string
	status     int
}

// expectServed sends each request until it is answered as expected, for
// up to settleWithin, and reports every mismatch. Callers first await one
// answer that shows the configuration arrived; the objects of one sync
// still reach APISIX one after the other (its etcd watch delivers each
// write on its own), so the others may follow a few milliseconds later.
func expectServed(t *testing.T, routes ...route) {
	t.Helper()
	for _, c := range routes {
		deadline := time.Now().Add(settleWithin)
		for {
			r := do(t, Req{Host: c.host, Path: c.path})
			if r.Status == c.status && r.Backend == c.backend {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("GET %s%s: got %d from %q, want %d from %q", c.host, c.path, r.Status, r.Backend, c.status, c.backend)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// settleWithin bounds how long expectServed waits for the rest of a
// configuration after the first awaited answer.
const settleWithin = 3 * time.Second

// deleteIngress deletes an Ingress, for objects that would outlive the
// test's namespace in their effect (a catch-all serves every host).
func deleteIngress(t *testing.T, ns, name string) {
	t.Helper()
	if out, code := kubectl(t, nil, "delete", "ingress", "-n", ns, name, "--wait=true"); code != 0 {
		t.Fatalf("kubectl delete ingress %s/%s failed (%d): %s", ns, name, code, out)
	}
}

// TestImplementationSpecificIsPrefix: without use-regex, ingress-nginx
// treats pathType ImplementationSpecific as Prefix (element-wise):
// /impl matches /impl and /impl/x, not /implement.
func TestImplementationSpecificIsPrefix(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "impl")
	host := "impl." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: impl}
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /impl, pathType: ImplementationSpecific, backend: {service: {name: impl, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/impl"}, "ImplementationSpecific path served", served("impl"))
	expectServed(t,
		route{host, "/impl", "impl", 200},
		route{host, "/impl/", "impl", 200},
		route{host, "/impl/x", "impl", 200},
		route{host, "/implement", "", 404},
		route{host, "/", "", 404},
	)
}

// TestDefaultBackendWithRules: an Ingress with rules and spec.defaultBackend
// serves the default backend for the unmatched paths of its own hosts only;
// any other host gets 404 (ingress-nginx's catch-all server is the
// controller's default backend, not this Ingress's).
func TestDefaultBackendWithRules(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	backend(t, ns, "fallback")
	host := "db." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: withrules}
spec:
  ingressClassName: apisix
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	await(t, Req{Host: host, Path: "/app"}, "rule path served", served("app"))
	await(t, Req{Host: host, Path: "/other"}, "unmatched path of the Ingress's host served by its default backend", served("fallback"))
	expectServed(t,
		route{host, "/app/x", "app", 200},
		route{host, "/", "fallback", 200},
		route{host, "/application", "fallback", 200},
		route{"elsewhere." + ns + ".test", "/", "", 404},
		route{"elsewhere." + ns + ".test", "/app", "", 404},
	)
}

// TestDefaultBackendWithoutRules: only an Ingress without rules provides the
// catch-all for every host (and for paths no rule of a host matches).
func TestDefaultBackendWithoutRules(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	backend(t, ns, "catchall")
	host := "ca." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app}
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: catchall}
spec:
  ingressClassName: apisix
  defaultBackend: {service: {name: catchall, port: {number: 80}}}
`)
	t.Cleanup(func() {
		deleteIngress(t, ns, "catchall")
		await(t, Req{Host: "any." + ns + ".test"}, "catch-all removed", status(404))
	})
	await(t, Req{Host: "any." + ns + ".test", Path: "/x"}, "catch-all serves any host", served("catchall"))
	await(t, Req{Host: host, Path: "/app"}, "rule path served", served("app"))
	expectServed(t,
		route{host, "/other", "catchall", 200},
		route{"", "/", "catchall", 200},
	)
}

// TestWildcardHost: a wildcard host matches exactly one leading label, as the
// Ingress API defines: *.w.<ns>.test matches a.w.<ns>.test, neither
// w.<ns>.test nor a.b.w.<ns>.test.
func TestWildcardHost(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "wild")
	base := "w." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wild}
spec:
  ingressClassName: apisix
  rules:
  - host: "*.`+base+`"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: wild, port: {number: 80}}}}
`)
	await(t, Req{Host: "a." + base, Path: "/"}, "wildcard host served", served("wild"))
	expectServed(t,
		route{"a." + base, "/x", "wild", 200},
		route{"A." + strings.ToUpper(base), "/x", "wild", 200},
		route{base, "/", "", 404},
		route{"a.b." + base, "/", "", 404},
	)
}

// TestConflictOldestWins: a second Ingress claiming a host+path another
// Ingress already serves is refused at apply time (as ingress-nginx's
// admission does), and the first keeps serving.
func TestConflictOldestWins(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "first")
	backend(t, ns, "second")
	host := "conflict." + ns + ".test"
	ingress := func(name, svc string) string {
		return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ` + name + `}
spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /same, pathType: Prefix, backend: {service: {name: ` + svc + `, port: {number: 80}}}}
`
	}
	apply(t, ns, ingress("first", "first"))
	await(t, Req{Host: host, Path: "/same"}, "first Ingress served", served("first"))
	out, code := kubectl(t, []byte(ingress("second", "second")), "apply", "-n", ns, "-f", "-")
	want := `spec.rules[0].http.paths[0].path: Invalid value: "/same": host "` + host + `" already serves this path in Ingress ` + ns + `/first; remove it from one of them`
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("second Ingress: kubectl apply exited %d with:\n%s\nwant a refusal containing:\n%s", code, out, want)
	}
	expectServed(t, route{host, "/same", "first", 200}, route{host, "/same/x", "first", 200})
}
