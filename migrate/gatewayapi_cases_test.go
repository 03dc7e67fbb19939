package migrate_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/migrate"
)

// gatewayCases are Ingresses whose annotations take each Gateway API form
// the examples do not show: a custom-headers ConfigMap (response headers),
// connection-proxy-header, a redirect to a URL with a port and a 307,
// rewrite-target without captures on a use-regex host (where an Exact path
// becomes a regex too), and canary-by-header-pattern.
const gatewayCases = `apiVersion: v1
kind: ConfigMap
metadata: {name: hdrs, namespace: t}
data:
  X-Frame-Options: DENY
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: t}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: app-next, namespace: t}
spec:
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: headers
  namespace: t
  annotations:
    nginx.ingress.kubernetes.io/custom-headers: t/hdrs
    nginx.ingress.kubernetes.io/connection-proxy-header: close
spec:
  ingressClassName: nginx
  rules:
  - host: h.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: moved
  namespace: t
  annotations:
    nginx.ingress.kubernetes.io/temporal-redirect: http://new.example.com:8080/landing
    nginx.ingress.kubernetes.io/temporal-redirect-code: "307"
spec:
  ingressClassName: nginx
  rules:
  - host: m.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: regex
  namespace: t
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /app
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - {path: "/v[0-9]+/app", pathType: ImplementationSpecific, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: exact
  namespace: t
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - {path: /exact, pathType: Exact, backend: {service: {name: app, port: {number: 80}}}}
  - host: x.example.com
    http:
      paths:
      - {path: /exact, pathType: Exact, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: pattern
  namespace: t
spec:
  ingressClassName: nginx
  rules:
  - host: p.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: pattern-canary
  namespace: t
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-by-header: X-Env
    nginx.ingress.kubernetes.io/canary-by-header-pattern: ^(beta|canary)$
spec:
  ingressClassName: nginx
  rules:
  - host: p.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app-next, port: {number: 80}}}}
`

// TestGatewayAPICases pins the objects and the forms of gatewayCases
// (testdata/gateway-cases.yaml, .txt; -update rewrites them).
func TestGatewayAPICases(t *testing.T) {
	res := runString(t, gatewayCases, migrate.Options{Mode: migrate.ModeGateway})
	checkGatewayOutput(t, res, true)
	var objs bytes.Buffer
	for _, o := range res.Outputs {
		if o.Changed() && (o.Ingress || o.Gateway) {
			for _, d := range o.Docs {
				objs.WriteString("---\n")
				objs.Write(d)
			}
		}
	}
	checkGolden(t, "gateway-cases.yaml", objs.Bytes())
	var forms bytes.Buffer
	for _, ir := range res.Report.Ingresses {
		fmt.Fprintf(&forms, "%s/%s: %s\n", ir.Namespace, ir.Name, ir.Output)
		for _, a := range ir.Annotations {
			fmt.Fprintf(&forms, "  %s [%s] %s\n", a.Key, a.Form, a.GatewayAPI)
		}
	}
	checkGolden(t, "gateway-cases.txt", forms.Bytes())
	require.Contains(t, forms.String(), "canary-by-header-pattern [implementation-specific]")
}
