package e2e

import (
	"bufio"
	"crypto/sha1" //nolint:gosec // the WebSocket handshake (RFC 6455) is defined with SHA-1
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// ApisixRoute scenarios: what a client sees for each part of an HTTP rule,
// against the APISIX ingress controller's documented semantics of the
// apisix.apache.org/v2 CRD and APISIX's router and plugins.

// TestApisixRouteMatchHostsPathsMethods: hosts select the virtual host; a
// path is exact unless it ends in "*", which makes it a prefix (so "/api/*"
// matches "/api/" and "/api/x" but not "/api"); methods limit the rule.
func TestApisixRouteMatchHostsPathsMethods(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "exact")
	backend(t, ns, "prefix")
	host := "match." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: match}
spec:
  http:
  - name: exact
    match: {hosts: [`+host+`], paths: [/exact], methods: [GET]}
    backends: [{serviceName: exact, servicePort: 80}]
  - name: prefix
    match: {hosts: [`+host+`, "*.wild.`+ns+`.test"], paths: ["/api/*"]}
    backends: [{serviceName: prefix, servicePort: http}]
`)
	await(t, Req{Host: host, Path: "/exact"}, "exact path served", served("exact"))
	for _, c := range []struct {
		method, host, path, backend string
		status                      int
	}{
		{"GET", host, "/exact", "exact", 200},
		{"GET", host, "/exact?q=1", "exact", 200},
		{"GET", host, "/exact/", "", 404},
		{"GET", host, "/exactly", "", 404},
		{"POST", host, "/exact", "", 404},
		{"GET", host, "/api/", "prefix", 200},
		{"GET", host, "/api/v1/users", "prefix", 200},
		{"POST", host, "/api/v1", "prefix", 200},
		{"GET", "a.wild." + ns + ".test", "/api/x", "prefix", 200},
		{"GET", "wild." + ns + ".test", "/api/x", "", 404},
		{"GET", "other." + ns + ".test", "/api/x", "", 404},
	} {
		r := do(t, Req{Method: c.method, Host: c.host, Path: c.path})
		if r.Status != c.status || r.Backend != c.backend {
			t.Errorf("%s %s%s: got %d from %q, want %d from %q", c.method, c.host, c.path, r.Status, r.Backend, c.status, c.backend)
		}
		if r.Got != nil && r.Got.URI != c.path {
			t.Errorf("%s %s: backend received URI %q", c.method, c.path, r.Got.URI)
		}
	}
}

// TestApisixRouteExprsAndPriority: exprs add conditions on headers, query
// arguments and cookies; of two rules that match a request, the one with
// the higher priority serves it.
func TestApisixRouteExprsAndPriority(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "base")
	backend(t, ns, "beta")
	backend(t, ns, "query")
	backend(t, ns, "cookie")
	host := "exprs." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: exprs}
spec:
  http:
  - name: base
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: base, servicePort: 80}]
  - name: beta
    priority: 30
    match:
      hosts: [`+host+`]
      paths: ["/*"]
      exprs:
      - {subject: {scope: Header, name: X-Channel}, op: Equal, value: beta}
    backends: [{serviceName: beta, servicePort: 80}]
  - name: query
    priority: 20
    match:
      hosts: [`+host+`]
      paths: ["/*"]
      exprs:
      - {subject: {scope: Query, name: version}, op: In, set: ["2", "3"]}
    backends: [{serviceName: query, servicePort: 80}]
  - name: cookie
    priority: 10
    match:
      hosts: [`+host+`]
      paths: ["/*"]
      exprs:
      - {subject: {scope: Cookie, name: group}, op: RegexMatch, value: "^gold-[0-9]+$"}
    backends: [{serviceName: cookie, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/x", Header: map[string]string{"X-Channel": "beta"}}, "header expr", served("beta"))
	for _, c := range []struct {
		name    string
		path    string
		header  map[string]string
		backend string
	}{
		{"no condition met", "/x", nil, "base"},
		{"header equal", "/x", map[string]string{"X-Channel": "beta"}, "beta"},
		{"header differs", "/x", map[string]string{"X-Channel": "alpha"}, "base"},
		{"query in set", "/x?version=3", nil, "query"},
		{"query not in set", "/x?version=4", nil, "base"},
		{"cookie regex", "/x", map[string]string{"Cookie": "a=b; group=gold-42"}, "cookie"},
		{"cookie regex fails", "/x", map[string]string{"Cookie": "group=silver-42"}, "base"},
		{"header beats query (priority 30 > 20)", "/x?version=2", map[string]string{"X-Channel": "beta"}, "beta"},
		{"query beats cookie (priority 20 > 10)", "/x?version=2", map[string]string{"Cookie": "group=gold-1"}, "query"},
	} {
		expect(t, c.name, Req{Host: host, Path: c.path, Header: c.header}, served(c.backend))
	}
}

// TestApisixRouteWeightedBackends: several backends share a rule's traffic
// in proportion to their weights; weight 0 gets none.
func TestApisixRouteWeightedBackends(t *testing.T) {
	ns := newNamespace(t)
	a := backend(t, ns, "a")
	b := backend(t, ns, "b")
	c := backend(t, ns, "c")
	host := "split." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: split}
spec:
  http:
  - name: split
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends:
    - {serviceName: a, servicePort: 80, weight: 1}
    - {serviceName: b, servicePort: 80, weight: 3}
    - {serviceName: c, servicePort: 80, weight: 0}
`)
	await(t, Req{Host: host}, "split served", served("b"))
	a0, b0 := a.Hits(), b.Hits()
	const n = 400
	for i := 0; i < n; i++ {
		if r := do(t, Req{Host: host, Path: fmt.Sprintf("/r%d", i)}); r.Status != 200 {
			t.Fatalf("request %d: %d from %q", i, r.Status, r.Backend)
		}
	}
	ga, gb := a.Hits()-a0, b.Hits()-b0
	// Expected 100 and 300; 4 standard deviations (sqrt(400*.25*.75) ~ 8.7)
	// is ~35, wide enough for any scheduler and narrow enough to tell 1:3
	// from 1:1 or 1:2.
	if ga+gb != n || ga < 65 || ga > 135 {
		t.Errorf("weights 1:3: a got %d, b got %d of %d", ga, gb, n)
	}
	if c.Hits() != 0 {
		t.Errorf("weight 0: c got %d requests, want none", c.Hits())
	}
}

// TestApisixRouteRulePlugins: a rule's plugins run on its requests:
// proxy-rewrite changes what the backend receives, response-rewrite what the
// client receives; a disabled plugin does nothing; another rule of the same
// object is untouched.
func TestApisixRouteRulePlugins(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "plugins." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: plugins}
spec:
  http:
  - name: rewritten
    match: {hosts: [`+host+`], paths: ["/old/*"]}
    backends: [{serviceName: app, servicePort: 80}]
    plugins:
    - name: proxy-rewrite
      enable: true
      config:
        regex_uri: ["^/old/(.*)", "/new/$1"]
        host: internal.example
        headers: {set: {X-From-Gateway: "yes"}}
    - name: response-rewrite
      enable: true
      config:
        headers: {set: {X-Rewritten: "1"}}
    - name: fault-injection
      enable: false
      config: {abort: {http_status: 418}}
  - name: plain
    match: {hosts: [`+host+`], paths: ["/plain"]}
    backends: [{serviceName: app, servicePort: 80}]
`)
	r := await(t, Req{Host: host, Path: "/old/a/b?x=1"}, "rewritten rule", all(served("app"), header("X-Rewritten", "1")))
	if r.Got.URI != "/new/a/b?x=1" || r.Got.Host != "internal.example" || r.Got.Header("X-From-Gateway") != "yes" {
		t.Errorf("backend received URI %q Host %q X-From-Gateway %q, want /new/a/b?x=1, internal.example, yes",
			r.Got.URI, r.Got.Host, r.Got.Header("X-From-Gateway"))
	}
	r = await(t, Req{Host: host, Path: "/plain"}, "plain rule", served("app"))
	if r.Header.Get("X-Rewritten") != "" || r.Got.URI != "/plain" || r.Got.Host != host || r.Got.Header("X-From-Gateway") != "" {
		t.Errorf("plain rule: X-Rewritten %q, URI %q, Host %q, X-From-Gateway %q: another rule's plugins leaked",
			r.Header.Get("X-Rewritten"), r.Got.URI, r.Got.Host, r.Got.Header("X-From-Gateway"))
	}
}

// TestApisixRouteWebsocket: with websocket: true the Upgrade handshake
// reaches the backend and the connection carries frames both ways; without
// it APISIX drops the Upgrade header and the backend answers plain HTTP.
func TestApisixRouteWebsocket(t *testing.T) {
	ns := newNamespace(t)
	handlerBackend(t, ns, "ws", http.HandlerFunc(wsEcho), nil)
	host := "ws." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: ws}
spec:
  http:
  - name: ws-on
    websocket: true
    match: {hosts: [`+host+`], paths: ["/on"]}
    backends: [{serviceName: ws, servicePort: 80}]
  - name: ws-off
    match: {hosts: [`+host+`], paths: ["/off"]}
    backends: [{serviceName: ws, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/off"}, "route served", status(200))
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, echoed, err := wsRoundTrip(host, "/on", "ping")
		if err == nil && code == 101 && echoed == "ping" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("websocket on /on: status %d, echoed %q, err %v; want 101 and the frame echoed", code, echoed, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code, _, err := wsRoundTrip(host, "/off", "ping"); err != nil || code != 200 {
		t.Errorf("websocket on /off (websocket not enabled): status %d, err %v; want the backend's plain 200", code, err)
	}
}

// wsEcho completes a WebSocket handshake when the request asks for one and
// then echoes bytes; otherwise it answers 200 "no upgrade".
func wsEcho(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		_, _ = io.WriteString(w, "no upgrade")
		return
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		wsAccept(r.Header.Get("Sec-WebSocket-Key")))
	_ = rw.Flush()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	_, _ = io.Copy(conn, rw)
}

func wsAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) //nolint:gosec // RFC 6455
	return base64.StdEncoding.EncodeToString(h[:])
}

// wsRoundTrip sends a WebSocket handshake through APISIX; after a 101 it
// writes msg and reads back as many bytes (the backend echoes raw bytes).
func wsRoundTrip(host, path, msg string) (int, string, error) {
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(suite.apisix.HTTPURL, "http://"), 5*time.Second)
	if err != nil {
		return 0, "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", path, host)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, "", err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return resp.StatusCode, "", nil
	}
	if resp.Header.Get("Sec-WebSocket-Accept") != wsAccept("dGhlIHNhbXBsZSBub25jZQ==") {
		return resp.StatusCode, "", fmt.Errorf("Sec-WebSocket-Accept %q", resp.Header.Get("Sec-WebSocket-Accept"))
	}
	if _, err := io.WriteString(conn, msg); err != nil {
		return resp.StatusCode, "", err
	}
	buf := make([]byte, len(msg))
	_, err = io.ReadFull(br, buf)
	return resp.StatusCode, string(buf), err
}

// TestApisixRouteAuthentication: authentication keyAuth and basicAuth admit
// requests with an ApisixConsumer's credential and answer 401 otherwise;
// keyAuth.header names the header the key is read from.
func TestApisixRouteAuthentication(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "authn." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: alice}
spec:
  authParameter:
    keyAuth: {value: {key: alice-key-`+ns+`}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: bob}
spec:
  authParameter:
    basicAuth: {value: {username: bob-`+ns+`, password: s3cret}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: authn}
spec:
  http:
  - name: key
    match: {hosts: [`+host+`], paths: ["/key"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: true, type: keyAuth, keyAuth: {header: X-Api-Key}}
  - name: basic
    match: {hosts: [`+host+`], paths: ["/basic"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: true, type: basicAuth}
  - name: open
    match: {hosts: [`+host+`], paths: ["/open"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: false, type: keyAuth}
`)
	key := map[string]string{"X-Api-Key": "alice-key-" + ns}
	await(t, Req{Host: host, Path: "/key", Header: key}, "key-auth with the consumer's key", served("app"))
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("bob-"+ns+":s3cret"))
	await(t, Req{Host: host, Path: "/basic", Header: map[string]string{"Authorization": basic}}, "basic-auth with the consumer's password", served("app"))
	wrong := "Basic " + base64.StdEncoding.EncodeToString([]byte("bob-"+ns+":wrong"))
	for _, c := range []struct {
		name   string
		path   string
		header map[string]string
		status int
	}{
		{"no key", "/key", nil, 401},
		{"wrong key", "/key", map[string]string{"X-Api-Key": "nope"}, 401},
		{"key in the default header, not the configured one", "/key", map[string]string{"apikey": "alice-key-" + ns}, 401},
		{"no password", "/basic", nil, 401},
		{"wrong password", "/basic", map[string]string{"Authorization": wrong}, 401},
		{"the key consumer on basic-auth", "/basic", key, 401},
		{"authentication disabled", "/open", nil, 200},
	} {
		expect(t, c.name, Req{Host: host, Path: c.path, Header: c.header}, status(c.status))
	}
}

// TestApisixRoutePluginConfigName: plugin_config_name applies an
// ApisixPluginConfig's plugins to the rule, and a change to the
// ApisixPluginConfig reaches the route.
func TestApisixRoutePluginConfigName(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "pc." + ns + ".test"
	pc := func(v string) string {
		return `
apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata: {name: shared}
spec:
  plugins:
  - name: response-rewrite
    enable: true
    config: {headers: {set: {X-Plugin-Config: "` + v + `"}}}
  - name: proxy-rewrite
    enable: true
    config: {headers: {set: {X-Upstream-Seen: "` + v + `"}}}
`
	}
	apply(t, ns, pc("v1")+`
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: pc}
spec:
  http:
  - name: with
    match: {hosts: [`+host+`], paths: ["/with"]}
    plugin_config_name: shared
    backends: [{serviceName: app, servicePort: 80}]
  - name: without
    match: {hosts: [`+host+`], paths: ["/without"]}
    backends: [{serviceName: app, servicePort: 80}]
`)
	r := await(t, Req{Host: host, Path: "/with"}, "plugin config applied", all(served("app"), header("X-Plugin-Config", "v1")))
	if got := r.Got.Header("X-Upstream-Seen"); got != "v1" {
		t.Errorf("backend received X-Upstream-Seen %q, want v1", got)
	}
	expect(t, "rule without plugin_config_name", Req{Host: host, Path: "/without"}, all(served("app"), header("X-Plugin-Config", "")))
	start := time.Now()
	apply(t, ns, pc("v2"))
	awaitUpdate(t, Req{Host: host, Path: "/with"}, "plugin config updated", all(served("app"), header("X-Plugin-Config", "v2")))
	t.Logf("update seen after %v", time.Since(start))
}

// TestApisixRouteExprOperators: each expression operator, on every scope,
// as lua-resty-expr evaluates it; a negated operator also holds when the
// subject is absent.
func TestApisixRouteExprOperators(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "ops." + ns + ".test"
	type probe struct {
		path   string
		header map[string]string
		match  bool
	}
	cases := []struct {
		name, expr string
		probes     []probe
	}{
		{"not-equal", `{subject: {scope: Header, name: X-Env}, op: NotEqual, value: prod}`, []probe{
			{"/not-equal", map[string]string{"X-Env": "dev"}, true},
			{"/not-equal", map[string]string{"X-Env": "prod"}, false},
		}},
		{"greater", `{subject: {scope: Query, name: num}, op: GreaterThan, value: "10"}`, []probe{
			{"/greater?num=11", nil, true}, {"/greater?num=10", nil, false}, {"/greater?num=9", nil, false},
		}},
		{"less-equal", `{subject: {scope: Query, name: num}, op: LessThanEqual, value: "10"}`, []probe{
			{"/less-equal?num=10", nil, true}, {"/less-equal?num=2", nil, true}, {"/less-equal?num=11", nil, false},
		}},
		{"not-in", `{subject: {scope: Header, name: X-Region}, op: NotIn, set: [eu, us]}`, []probe{
			{"/not-in", map[string]string{"X-Region": "ap"}, true},
			{"/not-in", nil, true},
			{"/not-in", map[string]string{"X-Region": "eu"}, false},
		}},
		{"regex-not", `{subject: {scope: Cookie, name: tier}, op: RegexNotMatch, value: "^free"}`, []probe{
			{"/regex-not", map[string]string{"Cookie": "tier=paid"}, true},
			{"/regex-not", map[string]string{"Cookie": "tier=free-1"}, false},
		}},
		{"regex-ci", `{subject: {scope: Header, name: User-Agent}, op: RegexMatchCaseInsensitive, value: "mobile"}`, []probe{
			{"/regex-ci", map[string]string{"User-Agent": "Foo MOBILE Bar"}, true},
			{"/regex-ci", map[string]string{"User-Agent": "desktop"}, false},
		}},
		{"regex-not-ci", `{subject: {scope: Header, name: User-Agent}, op: RegexNotMatchCaseInsensitive, value: "bot"}`, []probe{
			{"/regex-not-ci", map[string]string{"User-Agent": "browser"}, true},
			{"/regex-not-ci", map[string]string{"User-Agent": "GoogleBOT"}, false},
		}},
		{"path", `{subject: {scope: Path}, op: RegexMatch, value: "^/path/[0-9]+$"}`, []probe{
			{"/path/42", nil, true}, {"/path/abc", nil, false},
		}},
		{"variable", `{subject: {scope: Variable, name: request_method}, op: Equal, value: GET}`, []probe{
			{"/variable", nil, true},
		}},
	}
	var rules strings.Builder
	for _, c := range cases {
		paths := `["/` + c.name + `"]`
		if c.name == "path" {
			paths = `["/path/*"]`
		}
		fmt.Fprintf(&rules, "  - name: %s\n    match: {hosts: [%s], paths: %s, exprs: [%s]}\n    backends: [{serviceName: app, servicePort: 80}]\n",
			c.name, host, paths, c.expr)
	}
	apply(t, ns, "apiVersion: apisix.apache.org/v2\nkind: ApisixRoute\nmetadata: {name: ops}\nspec:\n  http:\n"+rules.String())
	await(t, Req{Host: host, Path: "/variable"}, "routes served", served("app"))
	for _, c := range cases {
		for _, p := range c.probes {
			want := 404
			if p.match {
				want = 200
			}
			if p.match { // each rule is its own route: wait for it, not only for /variable
				await(t, Req{Host: host, Path: p.path, Header: p.header}, c.name+" served", status(want))
				continue
			}
			r := do(t, Req{Host: host, Path: p.path, Header: p.header})
			if r.Status != want {
				t.Errorf("%s: GET %s with %v: got %d, want %d", c.name, p.path, p.header, r.Status, want)
			}
		}
	}
	if r := do(t, Req{Host: host, Path: "/variable", Method: "POST"}); r.Status != 404 {
		t.Errorf("variable: POST got %d, want 404", r.Status)
	}
}

// TestApisixRouteRemoteAddrsTimeoutAndDeletion: remoteAddrs limit a rule to
// client addresses; a rule's timeout bounds the wait for the backend; and
// deleting the ApisixRoute removes its routes.
func TestApisixRouteRemoteAddrsTimeoutAndDeletion(t *testing.T) {
	ns := newNamespace(t)
	slow := &echo.Server{Name: "slow"}
	handlerBackend(t, ns, "slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, err := time.ParseDuration(r.URL.Query().Get("sleep")); err == nil {
			time.Sleep(d)
		}
		slow.ServeHTTP(w, r)
	}), nil)
	host := "misc." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: misc}
spec:
  http:
  - name: internal
    match: {hosts: [`+host+`], paths: ["/internal"], remoteAddrs: ["203.0.113.0/24", "198.51.100.7"]}
    backends: [{serviceName: slow, servicePort: 80}]
  - name: quick
    timeout: {read: 1s}
    match: {hosts: [`+host+`], paths: ["/quick"]}
    backends: [{serviceName: slow, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/internal", ClientIP: "203.0.113.9"}, "client in range", served("slow"))
	expect(t, "exact address", Req{Host: host, Path: "/internal", ClientIP: "198.51.100.7"}, served("slow"))
	expect(t, "client out of range", Req{Host: host, Path: "/internal", ClientIP: "198.51.100.8"}, status(404))
	expect(t, "within the timeout", Req{Host: host, Path: "/quick?sleep=200ms"}, served("slow"))
	start := time.Now()
	expect(t, "past the timeout", Req{Host: host, Path: "/quick?sleep=2500ms"}, status(http.StatusGatewayTimeout))
	if took := time.Since(start); took > 2400*time.Millisecond {
		t.Errorf("504 after %v, want after about 1s (timeout.read)", took)
	}
	if out, code := kubectl(t, nil, "-n", ns, "delete", "apisixroute", "misc"); code != 0 {
		t.Fatalf("delete: %s", out)
	}
	awaitUpdate(t, Req{Host: host, Path: "/internal", ClientIP: "203.0.113.9"}, "routes removed", status(404))
}

// TestApisixRouteAuthPluginOnRule: an auth plugin given in a rule's plugins
// (key-auth with a custom header, here) checks ApisixConsumer credentials
// like authentication does, and hides the credential from the backend.
func TestApisixRouteAuthPluginOnRule(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "ka." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: frank}
spec:
  authParameter: {keyAuth: {value: {key: frank-`+ns+`}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: ka}
spec:
  http:
  - name: ka
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: app, servicePort: 80}]
    plugins:
    - name: key-auth
      enable: true
      config: {header: X-Key, hide_credentials: true}
`)
	r := await(t, Req{Host: host, Header: map[string]string{"X-Key": "frank-" + ns}}, "consumer's key", served("app"))
	if got := r.Got.Header("X-Key"); got != "" {
		t.Errorf("hide_credentials: backend received X-Key %q", got)
	}
	expect(t, "no key", Req{Host: host}, status(401))
	expect(t, "wrong key", Req{Host: host, Header: map[string]string{"X-Key": "nope"}}, status(401))
}

// TestApisixRouteMissingBackendLater: a rule whose Service does not exist
// yet is not served while the object's other rules are; once the Service
// appears the rule is served without touching the ApisixRoute.
func TestApisixRouteMissingBackendLater(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "present")
	host := "later." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: later}
spec:
  http:
  - name: present
    match: {hosts: [`+host+`], paths: ["/present"]}
    backends: [{serviceName: present, servicePort: 80}]
  - name: absent
    match: {hosts: [`+host+`], paths: ["/absent"]}
    backends: [{serviceName: absent, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/present"}, "the rule with a Service", served("present"))
	if r := do(t, Req{Host: host, Path: "/absent"}); r.Status == 200 {
		t.Errorf("rule without its Service: got 200 from %q", r.Backend)
	}
	backend(t, ns, "absent")
	awaitUpdate(t, Req{Host: host, Path: "/absent"}, "the rule once its Service exists", served("absent"))
}
