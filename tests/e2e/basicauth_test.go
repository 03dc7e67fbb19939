package e2e

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestBasicAuth: auth-type basic with auth-secret naming a
// kubernetes.io/basic-auth Secret: without credentials or with a wrong
// password the client gets 401 and a Basic challenge with auth-realm; with
// the Secret's user and password the backend answers, and (as with
// ingress-nginx) it receives the Authorization header. auth-secret-type
// auth-file and satisfy "all" (the defaults, written out) change nothing.
func TestBasicAuth(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "admin")
	createSecret(t, ns, "admin-users", corev1.SecretTypeBasicAuth, map[string][]byte{
		corev1.BasicAuthUsernameKey: []byte("alice"), corev1.BasicAuthPasswordKey: []byte("s3cret-pass"),
	})
	host := "admin." + ns + ".test"
	apply(t, ns, `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: admin-users
    nginx.ingress.kubernetes.io/auth-secret-type: auth-file
    nginx.ingress.kubernetes.io/auth-realm: Admin area
    nginx.ingress.kubernetes.io/satisfy: all
spec:
  ingressClassName: apisix
  rules:
  - host: `+host+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
`)
	basic := func(user, pass string) map[string]string {
		return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}
	}
	r := await(t, Req{Host: host, Path: "/", Header: basic("alice", "s3cret-pass")}, "signed-in request served", served("admin"))
	if got := r.Got.Header("Authorization"); got != basic("alice", "s3cret-pass")["Authorization"] {
		t.Errorf("backend received Authorization %q, want the client's", got)
	}
	for name, h := range map[string]map[string]string{
		"no credentials": nil, "wrong password": basic("alice", "nope"), "unknown user": basic("bob", "s3cret-pass"),
	} {
		r := do(t, Req{Host: host, Path: "/x", Header: h})
		if r.Status != http.StatusUnauthorized || r.Backend != "" {
			t.Errorf("%s: got %d from %q, want 401 and no backend", name, r.Status, r.Backend)
		}
		if name == "no credentials" {
			if c := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(c, "Basic ") || !strings.Contains(c, "Admin area") {
				t.Errorf("%s: WWW-Authenticate %q, want a Basic challenge with realm \"Admin area\"", name, c)
			}
		}
	}
}
