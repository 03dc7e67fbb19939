package e2e

import "testing"

// TestServerAlias: nginx.ingress.kubernetes.io/server-alias adds names to
// the host's server, as ingress-nginx documents: the alias serves the whole
// host (every Ingress of that host, all their paths), and an alias that is
// another Ingress's host is not applied (that host keeps its own rules).
func TestServerAlias(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "one")
	backend(t, ns, "two")
	backend(t, ns, "own")
	host, alias, taken := "main."+ns+".test", "alias."+ns+".test", "taken."+ns+".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: one
  annotations:
    nginx.ingress.kubernetes.io/server-alias: "`+alias+`,`+taken+`"
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /one, pathType: Prefix, backend: {service: {name: one, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: two}
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /two, pathType: Prefix, backend: {service: {name: two, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: own}
spec:
  ingressClassName: apisix
  rules:
  - host: `+taken+`
    http:
      paths:
      - {path: /own, pathType: Prefix, backend: {service: {name: own, port: {number: 80}}}}
`)
	await(t, Req{Host: alias, Path: "/one"}, "alias serves the annotated Ingress's path", served("one"))
	await(t, Req{Host: alias, Path: "/two"}, "alias serves the other Ingress of the host", served("two"))
	await(t, Req{Host: taken, Path: "/own"}, "the other Ingress's host is served", served("own"))
	expectServed(t,
		route{host, "/one", "one", 200},
		route{host, "/two", "two", 200},
		route{alias, "/one/x", "one", 200},
		route{alias, "/own", "", 404},
		// An alias equal to another Ingress's host: its own rules win.
		route{taken, "/own", "own", 200},
		route{taken, "/one", "", 404},
		route{taken, "/two", "", 404},
	)
}
