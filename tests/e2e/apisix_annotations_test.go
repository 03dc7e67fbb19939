package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// Scenarios for the k8s.apisix.apache.org/* Ingress annotations of the
// APISIX ingress controller that have no ingress-nginx twin, against that
// controller's documented behaviour (its annotation reference and e2e
// suite) and APISIX's plugin documentation.

// ingressYAML is an Ingress name for host whose "/" Prefix path sends to
// Service svc port 80, with annotations.
func ingressYAML(name, host, svc string, ann map[string]string) string {
	keys := make([]string, 0, len(ann))
	for k := range ann {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: %q\n  annotations:\n", name)
	if len(ann) == 0 {
		b.WriteString("    {}\n")
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "    %s: %q\n", k, ann[k])
	}
	fmt.Fprintf(&b, `spec:
  ingressClassName: apisix
  rules:
  - host: %s
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}
`, host, svc)
	return b.String()
}

// TestApisixAnnotationEnableWebsocket: Ingress routes pass WebSocket
// handshakes to the backend by default, as ingress-nginx does (the APISIX
// ingress controller needs k8s.apisix.apache.org/enable-websocket "true"
// for that); enable-websocket "false" keeps the Upgrade from the backend.
func TestApisixAnnotationEnableWebsocket(t *testing.T) {
	ns := newNamespace(t)
	handlerBackend(t, ns, "ws", http.HandlerFunc(wsEcho), nil)
	on, off, def := "ws-on."+ns+".test", "ws-off."+ns+".test", "ws-default."+ns+".test"
	apply(t, ns, ingressYAML("on", on, "ws", map[string]string{"k8s.apisix.apache.org/enable-websocket": "true"})+"---\n"+
		ingressYAML("off", off, "ws", map[string]string{"k8s.apisix.apache.org/enable-websocket": "false"})+"---\n"+
		ingressYAML("default", def, "ws", nil))
	for _, h := range []string{on, off, def} {
		await(t, Req{Host: h}, "route served", status(200))
	}
	for _, h := range []string{on, def} {
		if code, echoed, err := wsRoundTrip(h, "/chat", "hello"); err != nil || code != 101 || echoed != "hello" {
			t.Errorf("%s: status %d, echoed %q, err %v; want 101 and the frame echoed", h, code, echoed, err)
		}
	}
	if code, _, err := wsRoundTrip(off, "/chat", "hello"); err != nil || code != 200 {
		t.Errorf("enable-websocket false: status %d, err %v; want the backend's plain 200", code, err)
	}
}

// TestApisixAnnotationPluginConfigName: k8s.apisix.apache.org/plugin-config-name
// applies an ApisixPluginConfig of the Ingress's namespace to its routes.
func TestApisixAnnotationPluginConfigName(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "ann-pc." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata: {name: extras}
spec:
  plugins:
  - name: response-rewrite
    enable: true
    config: {headers: {set: {X-Plugin-Config: extras}}}
---
`+ingressYAML("pc", host, "app", map[string]string{"k8s.apisix.apache.org/plugin-config-name": "extras"}))
	await(t, Req{Host: host, Path: "/x"}, "plugin config on the Ingress", all(served("app"), header("X-Plugin-Config", "extras")))
}

// TestApisixAnnotationSvcNamespace: k8s.apisix.apache.org/svc-namespace
// sends the Ingress's traffic to a Service of another namespace.
func TestApisixAnnotationSvcNamespace(t *testing.T) {
	ns := newNamespace(t)
	other := newNamespace(t)
	backend(t, other, "remote")
	host := "svcns." + ns + ".test"
	apply(t, ns, ingressYAML("svcns", host, "remote", map[string]string{"k8s.apisix.apache.org/svc-namespace": other}))
	await(t, Req{Host: host, Path: "/x"}, "Service of the other namespace", served("remote"))
}

// TestApisixAnnotationHTTPMethods: k8s.apisix.apache.org/http-allow-methods
// answers 405 to methods outside the list, http-block-methods answers 405
// to methods in it (the APISIX ingress controller's e2e suite expects 405),
// and the allow list wins when both are set.
func TestApisixAnnotationHTTPMethods(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	allow, block, both := "allow."+ns+".test", "block."+ns+".test", "both."+ns+".test"
	apply(t, ns, ingressYAML("allow", allow, "app", map[string]string{"k8s.apisix.apache.org/http-allow-methods": "GET,post"})+"---\n"+
		ingressYAML("block", block, "app", map[string]string{"k8s.apisix.apache.org/http-block-methods": "DELETE,PUT"})+"---\n"+
		ingressYAML("both", both, "app", map[string]string{
			"k8s.apisix.apache.org/http-allow-methods": "GET", "k8s.apisix.apache.org/http-block-methods": "GET,PATCH",
		}))
	await(t, Req{Host: allow}, "allow list served", served("app"))
	await(t, Req{Host: block}, "block list served", served("app"))
	await(t, Req{Host: both}, "both served", served("app"))
	for _, c := range []struct {
		host, method string
		status       int
	}{
		{allow, "GET", 200}, {allow, "POST", 200}, {allow, "PUT", 405}, {allow, "DELETE", 405},
		{block, "GET", 200}, {block, "POST", 200}, {block, "DELETE", 405}, {block, "PUT", 405},
		{both, "GET", 200}, {both, "PATCH", 405}, {both, "POST", 405},
	} {
		r := do(t, Req{Host: c.host, Method: c.method, Path: "/m"})
		if r.Status != c.status {
			t.Errorf("%s %s: got %d from %q, want %d", c.method, c.host, r.Status, r.Backend, c.status)
		}
		if c.status == 405 && r.Backend != "" {
			t.Errorf("%s %s: the backend %q received the refused request", c.method, c.host, r.Backend)
		}
	}
}

// TestApisixAnnotationAuthType: k8s.apisix.apache.org/auth-type asks for an
// ApisixConsumer's keyAuth (header apikey) or basicAuth credential.
func TestApisixAnnotationAuthType(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	keyHost, basicHost := "ann-key."+ns+".test", "ann-basic."+ns+".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: carol}
spec:
  authParameter: {keyAuth: {value: {key: carol-key-`+ns+`}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: dave}
spec:
  authParameter: {basicAuth: {value: {username: dave-`+ns+`, password: pw}}}
---
`+ingressYAML("key", keyHost, "app", map[string]string{"k8s.apisix.apache.org/auth-type": "keyAuth"})+"---\n"+
		ingressYAML("basic", basicHost, "app", map[string]string{"k8s.apisix.apache.org/auth-type": "basicAuth"}))
	await(t, Req{Host: keyHost, Header: map[string]string{"apikey": "carol-key-" + ns}}, "key accepted", served("app"))
	await(t, Req{Host: basicHost, Header: basicHeader("dave-"+ns, "pw")}, "password accepted", served("app"))
	expect(t, "no key", Req{Host: keyHost}, status(401))
	expect(t, "wrong key", Req{Host: keyHost, Header: map[string]string{"apikey": "x"}}, status(401))
	expect(t, "no password", Req{Host: basicHost}, status(401))
	expect(t, "wrong password", Req{Host: basicHost, Header: basicHeader("dave-"+ns, "nope")}, status(401))
}

// TestApisixAnnotationCSRF: k8s.apisix.apache.org/enable-csrf with csrf-key
// runs APISIX's csrf plugin: a safe method gets a token cookie; an unsafe
// method without the token in the header is refused with 401, and with the
// cookie's token in the apisix-csrf-token header it passes.
func TestApisixAnnotationCSRF(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "csrf." + ns + ".test"
	apply(t, ns, ingressYAML("csrf", host, "app", map[string]string{
		"k8s.apisix.apache.org/enable-csrf": "true", "k8s.apisix.apache.org/csrf-key": "edd1c9f034335f136f87ad84b625c8f1",
	}))
	r := await(t, Req{Host: host}, "GET gets a token", func(r Response) error {
		if err := served("app")(r); err != nil {
			return err
		}
		if !strings.Contains(r.Header.Get("Set-Cookie"), "apisix-csrf-token=") {
			return fmt.Errorf("no apisix-csrf-token cookie: Set-Cookie %q", r.Header.Get("Set-Cookie"))
		}
		return nil
	})
	token := strings.TrimPrefix(strings.SplitN(r.Header.Get("Set-Cookie"), ";", 2)[0], "apisix-csrf-token=")
	expect(t, "POST without a token", Req{Host: host, Method: "POST"}, status(401))
	expect(t, "POST with a forged token", Req{Host: host, Method: "POST", Header: map[string]string{
		"apisix-csrf-token": "forged", "Cookie": "apisix-csrf-token=forged"}}, status(401))
	expect(t, "POST with the token", Req{Host: host, Method: "POST", Header: map[string]string{
		"apisix-csrf-token": token, "Cookie": "apisix-csrf-token=" + token}}, served("app"))
}

// TestApisixAnnotationResponseRewrite: with
// k8s.apisix.apache.org/enable-response-rewrite the response-rewrite-*
// annotations replace the status and body (plain or base64) and add, set
// and remove response headers; without enable-response-rewrite they do
// nothing.
func TestApisixAnnotationResponseRewrite(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	full, b64, headers, off := "rr-full."+ns+".test", "rr-b64."+ns+".test", "rr-headers."+ns+".test", "rr-off."+ns+".test"
	apply(t, ns, ingressYAML("full", full, "app", map[string]string{
		"k8s.apisix.apache.org/enable-response-rewrite":      "true",
		"k8s.apisix.apache.org/response-rewrite-status-code": "202",
		"k8s.apisix.apache.org/response-rewrite-body":        "replaced body",
	})+"---\n"+ingressYAML("b64", b64, "app", map[string]string{
		"k8s.apisix.apache.org/enable-response-rewrite":      "true",
		"k8s.apisix.apache.org/response-rewrite-body":        base64.StdEncoding.EncodeToString([]byte("decoded body")),
		"k8s.apisix.apache.org/response-rewrite-body-base64": "true",
	})+"---\n"+ingressYAML("headers", headers, "app", map[string]string{
		"k8s.apisix.apache.org/enable-response-rewrite":        "true",
		"k8s.apisix.apache.org/response-rewrite-add-header":    "X-Added:one,X-Added:two",
		"k8s.apisix.apache.org/response-rewrite-set-header":    "X-Set:value,Content-Type:text/x-rewritten",
		"k8s.apisix.apache.org/response-rewrite-remove-header": "X-Backend",
	})+"---\n"+ingressYAML("off", off, "app", map[string]string{
		"k8s.apisix.apache.org/response-rewrite-status-code": "202",
		"k8s.apisix.apache.org/response-rewrite-set-header":  "X-Set:value",
	}))
	r := await(t, Req{Host: full}, "status and body replaced", status(202))
	if r.Body != "replaced body" {
		t.Errorf("response-rewrite-body: body %q, want %q", r.Body, "replaced body")
	}
	r = await(t, Req{Host: b64}, "base64 body", status(200))
	if r.Body != "decoded body" {
		t.Errorf("response-rewrite-body-base64: body %q, want %q", r.Body, "decoded body")
	}
	r = await(t, Req{Host: headers}, "headers rewritten", all(status(200), header("X-Set", "value")))
	if got := r.Header.Values("X-Added"); strings.Join(got, ",") != "one,two" {
		t.Errorf("response-rewrite-add-header: X-Added %q, want [one two]", got)
	}
	if got := r.Header.Get("Content-Type"); got != "text/x-rewritten" {
		t.Errorf("response-rewrite-set-header: Content-Type %q, want text/x-rewritten", got)
	}
	if got := r.Header.Get("X-Backend"); got != "" {
		t.Errorf("response-rewrite-remove-header: X-Backend still %q", got)
	}
	if !strings.Contains(r.Body, `"backend":"app"`) {
		t.Errorf("headers-only rewrite changed the body: %.100s", r.Body)
	}
	await(t, Req{Host: off}, "not enabled: untouched", all(served("app"), header("X-Set", "")))
}

// TestApisixAnnotationHTTPRedirect: k8s.apisix.apache.org/http-redirect
// answers every request with a redirect to the URL, with
// http-redirect-code's status (301 when unset, as the APISIX ingress
// controller defaults it), and the backend is not called.
func TestApisixAnnotationHTTPRedirect(t *testing.T) {
	ns := newNamespace(t)
	app := backend(t, ns, "app")
	code, def := "redir."+ns+".test", "redir-default."+ns+".test"
	apply(t, ns, ingressYAML("code", code, "app", map[string]string{
		"k8s.apisix.apache.org/http-redirect": "https://new.example.com/landing", "k8s.apisix.apache.org/http-redirect-code": "307",
	})+"---\n"+ingressYAML("default", def, "app", map[string]string{
		"k8s.apisix.apache.org/http-redirect": "/moved",
	}))
	r := await(t, Req{Host: code, Path: "/some/page"}, "redirect with code", status(307))
	if got := r.Header.Get("Location"); got != "https://new.example.com/landing" {
		t.Errorf("http-redirect: Location %q", got)
	}
	r = await(t, Req{Host: def, Path: "/old"}, "redirect, default code", status(301))
	if got := r.Header.Get("Location"); got != "/moved" {
		t.Errorf("http-redirect: Location %q, want /moved", got)
	}
	if app.Hits() != 0 {
		t.Errorf("the backend received %d redirected requests", app.Hits())
	}
}

// TestApisixAnnotationRewriteTargetRegex: k8s.apisix.apache.org/rewrite-target-regex
// and rewrite-target-regex-template rewrite the path the backend receives
// (capture groups substituted, query string kept); paths the regex does not
// match are passed unchanged.
func TestApisixAnnotationRewriteTargetRegex(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "rxr." + ns + ".test"
	apply(t, ns, ingressYAML("rxr", host, "app", map[string]string{
		"k8s.apisix.apache.org/rewrite-target-regex":          "^/api/v1/(.*)/(.*)",
		"k8s.apisix.apache.org/rewrite-target-regex-template": "/v2/$2/$1",
	}))
	r := await(t, Req{Host: host, Path: "/api/v1/users/42?full=1"}, "rewritten", served("app"))
	if r.Got.URI != "/v2/42/users?full=1" {
		t.Errorf("backend received %q, want /v2/42/users?full=1", r.Got.URI)
	}
	r = do(t, Req{Host: host, Path: "/other"})
	if r.Got == nil || r.Got.URI != "/other" {
		t.Errorf("unmatched path: got %d, backend received %v, want /other unchanged", r.Status, r.Got)
	}
}

// TestApisixAnnotationForwardAuth: the forward-auth annotations of the
// APISIX ingress controller: auth-request-headers are the client headers
// the auth service sees, auth-upstream-headers the auth answer's headers
// the backend gets on success, auth-client-headers those the client gets on
// denial (with the auth service's status and body); auth-ssl-verify "false"
// accepts an auth service with a self-signed certificate, which the default
// (verify) refuses.
func TestApisixAnnotationForwardAuth(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	authz := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Token") == "good" {
			w.Header().Set("X-User", "alice")
			w.Header().Set("X-Internal", "secret")
			return
		}
		w.Header().Set("X-Reason", "bad-token")
		w.Header().Set("X-Internal", "secret")
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprint(w, "denied by auth")
	})
	ip := nextIP()
	plain := serve(t, ip, authz, nil)
	cert := issue(t, nil, "auth."+ns).TLS(t)
	secure := serve(t, ip, authz, &cert)
	common := map[string]string{
		"k8s.apisix.apache.org/auth-request-headers":  "X-Token",
		"k8s.apisix.apache.org/auth-upstream-headers": "X-User",
		"k8s.apisix.apache.org/auth-client-headers":   "X-Reason",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range common {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	h, noverify, verify := "fa."+ns+".test", "fa-noverify."+ns+".test", "fa-verify."+ns+".test"
	apply(t, ns, ingressYAML("fa", h, "app", with(map[string]string{
		"k8s.apisix.apache.org/auth-uri": fmt.Sprintf("http://%s:%d/check", ip, plain),
	}))+"---\n"+ingressYAML("noverify", noverify, "app", with(map[string]string{
		"k8s.apisix.apache.org/auth-uri": fmt.Sprintf("https://%s:%d/check", ip, secure), "k8s.apisix.apache.org/auth-ssl-verify": "false",
	}))+"---\n"+ingressYAML("verify", verify, "app", with(map[string]string{
		"k8s.apisix.apache.org/auth-uri": fmt.Sprintf("https://%s:%d/check", ip, secure),
	})))
	good := map[string]string{"X-Token": "good"}
	r := await(t, Req{Host: h, Header: good}, "authorised", served("app"))
	if got := r.Got.Header("X-User"); got != "alice" {
		t.Errorf("auth-upstream-headers: backend received X-User %q, want alice", got)
	}
	if got := r.Got.Header("X-Internal"); got != "" {
		t.Errorf("backend received X-Internal %q, which auth-upstream-headers does not list", got)
	}
	r = expect(t, "denied", Req{Host: h, Header: map[string]string{"X-Token": "bad"}}, all(status(403), header("X-Reason", "bad-token"), header("X-Internal", "")))
	if r.Body != "denied by auth" {
		t.Errorf("denied: body %q, want the auth service's", r.Body)
	}
	await(t, Req{Host: noverify, Header: good}, "self-signed auth service, auth-ssl-verify false", served("app"))
	await(t, Req{Host: verify, Header: good}, "self-signed auth service, verified", func(r Response) error {
		if r.Status == 200 || r.Backend != "" {
			return fmt.Errorf("got %d from %q: the unverifiable auth service was trusted", r.Status, r.Backend)
		}
		if r.Status == 404 {
			return fmt.Errorf("route not there yet")
		}
		return nil
	})
}
