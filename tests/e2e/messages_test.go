package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// TestAffinityCookieIssued: with nginx.ingress.kubernetes.io/affinity
// "cookie", a client without the cookie gets one (Set-Cookie, named by
// session-cookie-name), and requests carrying it stick to one endpoint, as
// with ingress-nginx. kubectl apply's warning states the real difference
// (new sessions are spread by client address), not that no cookie is
// issued.
func TestAffinityCookieIssued(t *testing.T) {
	ns := newNamespace(t)
	var servers []*echo.Server
	for _, name := range []string{"pod-a", "pod-b", "pod-c"} {
		srv, err := echo.Start(name, nextIP())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		servers = append(servers, srv)
	}
	createService(t, ns, "sticky", servers...)
	host := "sticky." + ns + ".test"
	out := apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: sticky
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/session-cookie-name: route
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: sticky, port: {number: 80}}}}
`)
	want := `Warning: metadata.annotations["nginx.ingress.kubernetes.io/affinity"]: the issued cookie holds the client address`
	if !strings.Contains(out, want) || strings.Contains(out, "does not issue") {
		t.Errorf("kubectl apply printed:\n%s\nwant the warning %q and none saying the cookie is not issued", out, want)
	}
	r := await(t, Req{Host: host, Path: "/"}, "affinity Ingress served", status(http.StatusOK))
	sc := r.Header.Get("Set-Cookie")
	if !strings.HasPrefix(sc, "route=") {
		t.Fatalf("first response without a cookie: Set-Cookie %q, want the route cookie issued", sc)
	}
	cookie := strings.SplitN(sc, ";", 2)[0]
	first := ""
	for i := 0; i < 10; i++ {
		r := do(t, Req{Host: host, Path: "/", Header: map[string]string{"Cookie": cookie}})
		if r.Header.Get("Set-Cookie") != "" {
			t.Errorf("request with the cookie got another Set-Cookie %q", r.Header.Get("Set-Cookie"))
		}
		if first == "" {
			first = r.Backend
		} else if r.Backend != first {
			t.Fatalf("request %d with %s went to %q, earlier ones to %q", i, cookie, r.Backend, first)
		}
	}
}
