package webhook_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

func namespace(t *testing.T, name string) {
	t.Helper()
	ns := &corev1.Namespace{}
	ns.Name = name
	require.NoError(t, cl.Client.Create(context.Background(), ns))
	svc := &corev1.Service{}
	svc.Namespace, svc.Name = name, "web"
	svc.Spec.Ports = []corev1.ServicePort{{Name: "http", Port: 80}}
	require.NoError(t, cl.Client.Create(context.Background(), svc))
}

func ingressYAML(ns, name, host, path, annotations string) string {
	return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  namespace: ` + ns + `
  annotations:
` + annotations + `
spec:
  ingressClassName: apisix
  rules:
    - host: ` + host + `
      http:
        paths:
          - path: ` + path + `
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`
}

// TestRejectedWithFieldPath applies each mistake with kubectl and pins that
// the error names the field.
func TestRejectedWithFieldPath(t *testing.T) {
	namespace(t, "reject")
	first := cl.run(ingressYAML("reject", "first", "shop.example.com", "/cart", `    nginx.ingress.kubernetes.io/enable-cors: "true"`), "apply", "-f", "-")
	require.Equal(t, 0, first.ExitCode, first.Stderr)
	cases := []struct {
		name, manifest string
		want           []string
	}{
		{"configuration-snippet", ingressYAML("reject", "snippet", "a.example.com", "/", `    nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers \"X: y\";"`),
			[]string{`The Ingress "snippet" is invalid: metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]: Forbidden: `}},
		{"limit-rps ten", ingressYAML("reject", "rps", "a.example.com", "/", `    nginx.ingress.kubernetes.io/limit-rps: "ten"`),
			[]string{`The Ingress "rps" is invalid: metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"]: Invalid value: "ten": must be a whole number of at least 1, e.g. "10"`}},
		{"plugin config breaks the schema", `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: blocker
  namespace: reject
spec:
  ingressClassName: apisix
  http:
    - name: api
      match:
        hosts: [api.example.com]
        paths: ["/api/*"]
      backends:
        - serviceName: web
          servicePort: 80
      plugins:
        - name: uri-blocker
          config:
            block_rules: "root.exe"
`, []string{`The ApisixRoute "blocker" is invalid: spec.http[0].plugins[0].config (uri-blocker): Invalid value: "{\"block_rules\":\"root.exe\"}": property "block_rules" validation failed: wrong type: expected array, got string`}},
		{"unknown plugin", strings.Replace(`apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: unknown
  namespace: reject
spec:
  http:
    - name: api
      match:
        paths: ["/u/*"]
      backends:
        - serviceName: web
          servicePort: 80
      plugins:
        - name: PLUGIN
`, "PLUGIN", "no-such-plugin", 1), []string{`spec.http[0].plugins[0].name: Unsupported value: "no-such-plugin": APISIX has no plugin of that name`}},
		{"host+path taken", ingressYAML("reject", "second", "shop.example.com", "/cart/", `    k8s.apisix.apache.org/enable-cors: "true"`),
			[]string{`The Ingress "second" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "/cart/": host "shop.example.com" already serves this path in Ingress reject/first; remove it from one of them`}},
		{"host+path an Ingress serves, in an ApisixRoute", `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: cart
  namespace: reject
spec:
  http:
    - name: cart
      match:
        hosts: [SHOP.example.com]
        paths: ["/cart/*"]
      backends:
        - serviceName: web
          servicePort: 80
`, []string{`The ApisixRoute "cart" is invalid: spec.http[0].match.paths[0]: Invalid value: "/cart/*": host "SHOP.example.com" already serves this path in Ingress reject/first; remove it from one of them`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, args := range [][]string{{"apply", "-f", "-"}, {"apply", "--dry-run=server", "-f", "-"}} {
				res := cl.run(tc.manifest, args...)
				require.NotEqual(t, 0, res.ExitCode, "kubectl %v admitted it:\n%s", args, res.Stdout)
				for _, w := range tc.want {
					require.Contains(t, res.Stderr, w)
				}
			}
		})
	}
}

const legacyIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy
  namespace: legacy
  annotations:
    kubernetes.io/ingress.class: apisix
    nginx.ingress.kubernetes.io/enable-cors: "True"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
    nginx.ingress.kubernetes.io/proxy-body-size: 8M
spec:
  rules:
    - host: legacy.example.com
      http:
        paths:
          - path: /app
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`

// TestLegacyIngressAdmitted: warnings printed by kubectl, the class added,
// every value kept as written, no patch the second time, dry runs work.
func TestLegacyIngressAdmitted(t *testing.T) {
	namespace(t, "legacy")
	ctx := context.Background()

	dry := cl.run(legacyIngress, "apply", "--dry-run=server", "-f", "-")
	require.Equal(t, 0, dry.ExitCode, dry.Stderr)
	var ing networkingv1.Ingress
	require.Error(t, cl.Client.Get(ctx, client.ObjectKey{Namespace: "legacy", Name: "legacy"}, &ing), "a dry run must not create it")

	res := cl.run(legacyIngress, "apply", "--server-side", "--field-manager=gitops", "-f", "-")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	for _, w := range []string{
		`Warning: nginx.ingress.kubernetes.io/enable-cors: canonical k8s.apisix.apache.org/enable-cors="true" (APISIX cors)`,
		`Warning: nginx.ingress.kubernetes.io/proxy-read-timeout: canonical k8s.apisix.apache.org/upstream-read-timeout="30s"`,
		`Warning: kubernetes.io/ingress.class is deprecated; write spec.ingressClassName: "apisix" instead`,
	} {
		require.Contains(t, res.Stderr, w)
	}
	require.NoError(t, cl.Client.Get(ctx, client.ObjectKey{Namespace: "legacy", Name: "legacy"}, &ing))
	require.NotNil(t, ing.Spec.IngressClassName)
	require.Equal(t, "apisix", *ing.Spec.IngressClassName)
	require.Equal(t, "True", ing.Annotations["nginx.ingress.kubernetes.io/enable-cors"])
	require.Equal(t, "30", ing.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])
	require.Equal(t, "8M", ing.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"])
	require.Equal(t, "legacy.example.com", ing.Spec.Rules[0].Host)

	// Applying again goes through admission and changes nothing.
	again := cl.run(legacyIngress, "apply", "--server-side", "--field-manager=gitops", "-f", "-")
	require.Equal(t, 0, again.ExitCode, again.Stderr)
	var after networkingv1.Ingress
	require.NoError(t, cl.Client.Get(ctx, client.ObjectKey{Namespace: "legacy", Name: "legacy"}, &after))
	require.Equal(t, ing.ResourceVersion, after.ResourceVersion, "the second apply wrote something")
	diff := cl.run(legacyIngress, "diff", "--server-side", "--field-manager=gitops", "-f", "-")
	require.Equal(t, 0, diff.ExitCode, "kubectl diff shows drift:\n%s%s", diff.Stdout, diff.Stderr)
}
