package e2e

import (
	"context"
	"testing"

	discoveryv1 "k8s.io/api/discovery/v1"
	ctrlclient "sigs.k8s.io/controller-runtime/pkg/client"
)

// setReady marks every endpoint of the EndpointSlice backend() created for
// Service ns/name ready or not ready, as Kubernetes does when pods fail
// their readiness probes.
func setReady(t *testing.T, ns, name string, ready bool) {
	t.Helper()
	s := need(t)
	ctx := context.Background()
	var es discoveryv1.EndpointSlice
	if err := s.dev.Client.Get(ctx, ctrlclient.ObjectKey{Namespace: ns, Name: name + "-e2e"}, &es); err != nil {
		t.Fatal(err)
	}
	for i := range es.Endpoints {
		r := ready
		es.Endpoints[i].Conditions.Ready = &r
	}
	if err := s.dev.Client.Update(ctx, &es); err != nil {
		t.Fatal(err)
	}
}

// TestDefaultBackendAnnotation: nginx.ingress.kubernetes.io/default-backend
// names the Service that answers for the Ingress while its own Service has no
// ready endpoints; when they are back, the Ingress's Service answers again.
// The request is passed as it came (same URI and Host).
func TestDefaultBackendAnnotation(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "main")
	backend(t, ns, "standby")
	host := "dba." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: main
  annotations:
    nginx.ingress.kubernetes.io/default-backend: standby
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: main, port: {number: 80}}}}
`)
	req := Req{Host: host, Path: "/app/page?q=1"}
	await(t, req, "own Service answers while it has endpoints", served("main"))

	setReady(t, ns, "main", false)
	r := await(t, req, "default-backend answers without ready endpoints", served("standby"))
	if r.Got.URI != "/app/page?q=1" || r.Got.Host != host {
		t.Errorf("default-backend received %s with Host %q, want /app/page?q=1 with Host %q", r.Got.URI, r.Got.Host, host)
	}
	// Paths no rule matches are still not served.
	expectServed(t, route{host, "/other", "", 404})

	setReady(t, ns, "main", true)
	await(t, req, "own Service answers again once its endpoints are ready", served("main"))
}
