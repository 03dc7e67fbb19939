package e2e

import (
	"fmt"
	"testing"
)

// redirected is a check: status code with exactly this Location.
func redirected(code int, location string) func(Response) error {
	return func(r Response) error {
		if err := status(code)(r); err != nil {
			return err
		}
		if got := r.Header.Get("Location"); got != location {
			return fmt.Errorf("Location %q, want %q", got, location)
		}
		return nil
	}
}

// expectRedirect sends r once and checks it is redirected.
func expectRedirect(t *testing.T, r Req, code int, location string) {
	t.Helper()
	if err := redirected(code, location)(do(t, r)); err != nil {
		t.Errorf("GET %s%s: %v", r.Host, r.Path, err)
	}
}

func ingressWith(name, host, svc, annotations string) string {
	return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ` + name + `
  annotations: {` + annotations + `}
spec:
  ingressClassName: apisix
  rules:
  - host: ` + host + `
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ` + svc + `, port: {number: 80}}}}
`
}

// TestAppRoot: app-root redirects exactly / to the given path with 302, as
// an absolute URL on the requested host (ingress-nginx: $scheme://$http_host);
// every other path is proxied.
func TestAppRoot(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "root." + ns + ".test"
	apply(t, ns, ingressWith("root", host, "app", `nginx.ingress.kubernetes.io/app-root: /app1`))
	await(t, Req{Host: host, Path: "/"}, "app-root redirect", redirected(302, "http://"+host+"/app1"))
	expectServed(t, route{host, "/app1", "app", 200}, route{host, "/other", "app", 200})
}

// TestPermanentAndTemporalRedirect: permanent-redirect answers every request
// with 301 (or permanent-redirect-code) to the URL, temporal-redirect with
// 302 (or temporal-redirect-code); the backend is not called. The
// k8s.apisix.apache.org/http-redirect key does the same with 301 by default,
// as in the APISIX ingress controller.
func TestPermanentAndTemporalRedirect(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "never")
	h := func(s string) string { return s + "." + ns + ".test" }
	for _, m := range []string{
		ingressWith("perm", h("perm"), "never", `nginx.ingress.kubernetes.io/permanent-redirect: "https://perm.example.com/new"`),
		ingressWith("permcode", h("permcode"), "never", `nginx.ingress.kubernetes.io/permanent-redirect: "https://perm.example.com/new", nginx.ingress.kubernetes.io/permanent-redirect-code: "308"`),
		ingressWith("temp", h("temp"), "never", `nginx.ingress.kubernetes.io/temporal-redirect: "https://temp.example.com/"`),
		ingressWith("tempcode", h("tempcode"), "never", `nginx.ingress.kubernetes.io/temporal-redirect: "https://temp.example.com/", nginx.ingress.kubernetes.io/temporal-redirect-code: "307"`),
		ingressWith("apx", h("apx"), "never", `k8s.apisix.apache.org/http-redirect: "https://apx.example.com/x"`),
		ingressWith("apxcode", h("apxcode"), "never", `k8s.apisix.apache.org/http-redirect: "https://apx.example.com/x", k8s.apisix.apache.org/http-redirect-code: "307"`),
	} {
		apply(t, ns, m)
	}
	await(t, Req{Host: h("apxcode"), Path: "/"}, "last redirect configured", redirected(307, "https://apx.example.com/x"))
	for _, c := range []struct {
		host, path string
		code       int
		location   string
	}{
		{h("perm"), "/", 301, "https://perm.example.com/new"},
		{h("perm"), "/a/b?c=d", 301, "https://perm.example.com/new"},
		{h("permcode"), "/x", 308, "https://perm.example.com/new"},
		{h("temp"), "/x", 302, "https://temp.example.com/"},
		{h("tempcode"), "/x", 307, "https://temp.example.com/"},
		{h("apx"), "/y", 301, "https://apx.example.com/x"},
		{h("apxcode"), "/y", 307, "https://apx.example.com/x"},
	} {
		expectRedirect(t, Req{Host: c.host, Path: c.path}, c.code, c.location)
	}
}

// TestFromToWWWRedirect: from-to-www-redirect sends www.<host> to <host>
// with 308, keeping the path and query; <host> itself is served.
func TestFromToWWWRedirect(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "site")
	host := "site." + ns + ".test"
	apply(t, ns, ingressWith("site", host, "site", `nginx.ingress.kubernetes.io/from-to-www-redirect: "true"`))
	await(t, Req{Host: "www." + host, Path: "/a?b=c"}, "www redirect", redirected(308, "http://"+host+"/a?b=c"))
	expectServed(t, route{host, "/a", "site", 200})
}

// TestSSLRedirect: a host with TLS redirects HTTP to HTTPS with 308 and
// serves HTTPS; ssl-redirect "false" serves HTTP too; force-ssl-redirect (and
// k8s.apisix.apache.org/http-to-https) redirect without TLS on the Ingress.
func TestSSLRedirect(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "secure")
	h := func(s string) string { return s + "." + ns + ".test" }
	serverCert(t, ns, "cert", h("tls"), h("notls"))
	withTLS := func(name, host, annotations string) string {
		return ingressWith(name, host, "secure", annotations) + `  tls:
  - hosts: [` + host + `]
    secretName: cert
`
	}
	apply(t, ns, withTLS("tls", h("tls"), ``))
	apply(t, ns, withTLS("notls", h("notls"), `nginx.ingress.kubernetes.io/ssl-redirect: "false"`))
	apply(t, ns, ingressWith("force", h("force"), "secure", `nginx.ingress.kubernetes.io/force-ssl-redirect: "true"`))
	apply(t, ns, ingressWith("apx", h("apx"), "secure", `k8s.apisix.apache.org/http-to-https: "true"`))
	await(t, Req{Host: h("apx"), Path: "/p?q=1"}, "http-to-https redirect", redirected(308, "https://"+h("apx")+"/p?q=1"))
	await(t, Req{Host: h("tls"), Path: "/p", HTTPS: true}, "HTTPS served with the Ingress's certificate", served("secure"))
	expectRedirect(t, Req{Host: h("tls"), Path: "/p?q=1"}, 308, "https://"+h("tls")+"/p?q=1")
	expectRedirect(t, Req{Host: h("force"), Path: "/f"}, 308, "https://"+h("force")+"/f")
	expectServed(t, route{h("notls"), "/p", "secure", 200})
	if r := do(t, Req{Host: h("notls"), Path: "/p", HTTPS: true}); r.Status != 200 || r.Backend != "secure" {
		t.Errorf("HTTPS with ssl-redirect false: got %d from %q", r.Status, r.Backend)
	}
}
