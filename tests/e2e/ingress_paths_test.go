package e2e

import (
	"net/http"
	"testing"
)

// TestIngressPathTypes: Exact matches only the path itself; Prefix matches
// element-wise (/foo matches /foo and /foo/bar, not /foobar), as the
// Kubernetes Ingress API and ingress-nginx define them.
func TestIngressPathTypes(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "exact")
	backend(t, ns, "prefix")
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: paths}
spec:
  ingressClassName: apisix
  rules:
  - host: paths.`+ns+`.test
    http:
      paths:
      - {path: /exact, pathType: Exact, backend: {service: {name: exact, port: {number: 80}}}}
      - {path: /foo, pathType: Prefix, backend: {service: {name: prefix, port: {number: 80}}}}
`)
	host := "paths." + ns + ".test"
	await(t, Req{Host: host, Path: "/exact"}, "Exact path served", served("exact"))
	for _, c := range []struct {
		path    string
		backend string
		status  int
	}{
		{"/exact", "exact", 200},
		{"/exact/", "", 404},
		{"/exact/more", "", 404},
		{"/foo", "prefix", 200},
		{"/foo/", "prefix", 200},
		{"/foo/bar", "prefix", 200},
		{"/foobar", "", 404},
		{"/", "", 404},
	} {
		r := do(t, Req{Host: host, Path: c.path})
		if r.Status != c.status || r.Backend != c.backend {
			t.Errorf("GET %s: got %d from %q, want %d from %q", c.path, r.Status, r.Backend, c.status, c.backend)
		}
		if c.status == http.StatusOK && r.Got.URI != c.path {
			t.Errorf("GET %s: backend received %q", c.path, r.Got.URI)
		}
	}
	// Another host gets nothing.
	if r := do(t, Req{Host: "other." + ns + ".test", Path: "/foo"}); r.Status != 404 {
		t.Errorf("other host: got %d from %q, want 404", r.Status, r.Backend)
	}
}
