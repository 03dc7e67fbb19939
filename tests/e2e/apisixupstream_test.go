package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// ApisixUpstream scenarios: an ApisixUpstream named like a Service sets how
// APISIX reaches that Service's endpoints (load balancing, retries,
// timeouts, scheme, health checks, per-port settings); one with
// externalNodes is a target of its own for ApisixRoute upstreams.

// hits returns each server's hit count.
func hits(servers []*echo.Server) []int64 {
	out := make([]int64, len(servers))
	for i, s := range servers {
		out[i] = s.Hits()
	}
	return out
}

// delta returns how many hits each server got since before.
func delta(servers []*echo.Server, before []int64) []int64 {
	out := hits(servers)
	for i := range out {
		out[i] -= before[i]
	}
	return out
}

// TestApisixUpstreamLoadBalancer: roundrobin spreads requests evenly over
// the endpoints; chash on a header sends every request carrying the same
// value to the same endpoint, and different values to different ones.
func TestApisixUpstreamLoadBalancer(t *testing.T) {
	ns := newNamespace(t)
	rr := pool(t, ns, "rr", 3)
	sticky := pool(t, ns, "sticky", 3)
	host := "lb." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: rr}
spec:
  loadbalancer: {type: roundrobin}
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: sticky}
spec:
  loadbalancer: {type: chash, hashOn: header, key: X-User}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: lb}
spec:
  http:
  - name: rr
    match: {hosts: [`+host+`], paths: ["/rr"]}
    backends: [{serviceName: rr, servicePort: 80}]
  - name: sticky
    match: {hosts: [`+host+`], paths: ["/sticky"]}
    backends: [{serviceName: sticky, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/rr"}, "roundrobin served", served("rr"))
	await(t, Req{Host: host, Path: "/sticky"}, "chash served", served("sticky"))

	before := hits(rr)
	for i := 0; i < 30; i++ {
		expect(t, "roundrobin", Req{Host: host, Path: "/rr"}, served("rr"))
	}
	for i, n := range delta(rr, before) {
		if n < 8 || n > 12 {
			t.Errorf("roundrobin: endpoint %d got %d of 30 requests, want about 10 (all: %v)", i, n, delta(rr, before))
		}
	}

	used := map[int]bool{}
	for u := 0; u < 12; u++ {
		user := map[string]string{"X-User": "user-" + strconv.Itoa(u)}
		before := hits(sticky)
		for i := 0; i < 5; i++ {
			expect(t, "chash", Req{Host: host, Path: "/sticky", Header: user}, served("sticky"))
		}
		d := delta(sticky, before)
		which := -1
		for i, n := range d {
			if n == 5 {
				which = i
			}
		}
		if which < 0 {
			t.Errorf("chash on X-User: user-%d's 5 requests went to %v, want all to one endpoint", u, d)
			continue
		}
		used[which] = true
	}
	if len(used) < 2 {
		t.Errorf("chash on X-User: 12 users all hashed to one endpoint (%v)", used)
	}
}

// TestApisixUpstreamRetries: with retries 1 a request that fails to
// connect to one endpoint is retried on another, so the client never sees
// the failure; with retries 0 it is not.
func TestApisixUpstreamRetries(t *testing.T) {
	ns := newNamespace(t)
	host := "retries." + ns + ".test"
	for _, name := range []string{"retry", "noretry"} {
		live, err := echo.Start(name, nextIP())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(live.Close)
		// An endpoint on the same port of an address where nothing listens:
		// connections are refused.
		dead := &echo.Server{Name: name, IP: nextIP(), Port: live.Port}
		if ln, err := net.Listen("tcp", dead.Addr()); err == nil {
			_ = ln.Close()
		} else {
			t.Fatalf("port %d is in use on %s: %v", dead.Port, dead.IP, err)
		}
		createService(t, ns, name, live, dead)
	}
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: retry}
spec:
  retries: 1
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: noretry}
spec:
  retries: 0
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: retries}
spec:
  http:
  - name: retry
    match: {hosts: [`+host+`], paths: ["/retry"]}
    backends: [{serviceName: retry, servicePort: 80}]
  - name: noretry
    match: {hosts: [`+host+`], paths: ["/noretry"]}
    backends: [{serviceName: noretry, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/retry"}, "retry route served", served("retry"))
	await(t, Req{Host: host, Path: "/noretry"}, "noretry route served", served("noretry"))
	failed := 0
	for i := 0; i < 20; i++ {
		expect(t, "retries 1", Req{Host: host, Path: "/retry"}, served("retry"))
		if r := do(t, Req{Host: host, Path: "/noretry"}); r.Status == http.StatusBadGateway {
			failed++
		} else if r.Status != 200 {
			t.Errorf("retries 0: got %d, want 200 or 502", r.Status)
		}
	}
	if failed == 0 {
		t.Errorf("retries 0: none of 20 requests saw the refused endpoint's 502; the request was retried")
	}
}

// TestApisixUpstreamTimeout: timeout.read bounds the wait for the backend's
// answer: a slower backend gives the client 504 after about that long,
// while a quick answer on the same upstream is unaffected.
func TestApisixUpstreamTimeout(t *testing.T) {
	ns := newNamespace(t)
	slow := &echo.Server{Name: "slow"}
	handlerBackend(t, ns, "slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, err := time.ParseDuration(r.URL.Query().Get("sleep")); err == nil {
			time.Sleep(d)
		}
		slow.ServeHTTP(w, r)
	}), nil)
	host := "timeout." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: slow}
spec:
  timeout: {connect: 2s, send: 2s, read: 1s}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: timeout}
spec:
  http:
  - name: slow
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: slow, servicePort: 80}]
`)
	// The upstream's timeout has arrived once a 2.5 s answer is cut short.
	await(t, Req{Host: host, Path: "/wait?sleep=2500ms"}, "slow answer times out", status(http.StatusGatewayTimeout))
	start := time.Now()
	expect(t, "slow answer", Req{Host: host, Path: "/wait?sleep=2500ms"}, status(http.StatusGatewayTimeout))
	if took := time.Since(start); took < 900*time.Millisecond || took > 2400*time.Millisecond {
		t.Errorf("504 after %v, want after about 1s (timeout.read)", took)
	}
	expect(t, "answer within the timeout", Req{Host: host, Path: "/wait?sleep=300ms"}, served("slow"))
}

// TestApisixUpstreamSchemeAndPortLevelSettings: scheme https makes APISIX
// speak TLS to the endpoints; portLevelSettings override the upstream's
// settings for one Service port only, so one Service serves plain HTTP on
// port 80 and HTTPS on port 443.
func TestApisixUpstreamSchemeAndPortLevelSettings(t *testing.T) {
	ns := newNamespace(t)
	cert := issue(t, nil, "backend."+ns+".svc").TLS(t)
	tlsEcho := func(name string) http.Handler {
		e := &echo.Server{Name: name}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Backend-TLS", strconv.FormatBool(r.TLS != nil))
			e.ServeHTTP(w, r)
		})
	}
	// Service "tls": one endpoint speaking only TLS; its ApisixUpstream sets scheme https.
	handlerBackend(t, ns, "tls", tlsEcho("tls"), &cert)
	// Service "mixed": plain on 80, TLS on 443, one pod.
	ip := nextIP()
	plain := serve(t, ip, tlsEcho("mixed-plain"), nil)
	secure := serve(t, ip, tlsEcho("mixed-tls"), &cert)
	portsService(t, ns, "mixed", ip, svcPort{"http", 80, plain}, svcPort{"https", 443, secure})
	host := "scheme." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: tls}
spec:
  scheme: https
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: mixed}
spec:
  scheme: http
  portLevelSettings:
  - port: 443
    scheme: https
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: scheme}
spec:
  http:
  - name: tls
    match: {hosts: [`+host+`], paths: ["/tls"]}
    backends: [{serviceName: tls, servicePort: 80}]
  - name: mixed-plain
    match: {hosts: [`+host+`], paths: ["/plain"]}
    backends: [{serviceName: mixed, servicePort: 80}]
  - name: mixed-tls
    match: {hosts: [`+host+`], paths: ["/secure"]}
    backends: [{serviceName: mixed, servicePort: https}]
`)
	await(t, Req{Host: host, Path: "/tls"}, "scheme https", all(served("tls"), header("X-Backend-TLS", "true")))
	await(t, Req{Host: host, Path: "/secure"}, "port-level scheme https", all(served("mixed-tls"), header("X-Backend-TLS", "true")))
	await(t, Req{Host: host, Path: "/plain"}, "port 80 stays http", all(served("mixed-plain"), header("X-Backend-TLS", "false")))
}

// TestApisixUpstreamExternalNodes: an ApisixRoute rule's upstreams may name
// an ApisixUpstream with externalNodes, which are its nodes; weights
// between two such upstreams split traffic like backends' weights.
func TestApisixUpstreamExternalNodes(t *testing.T) {
	ns := newNamespace(t)
	one, err := echo.Start("ext-one", nextIP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(one.Close)
	two, err := echo.Start("ext-two", nextIP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(two.Close)
	host := "ext." + ns + ".test"
	apply(t, ns, fmt.Sprintf(`
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: one}
spec:
  externalNodes: [{name: %q, type: Domain, port: %d}]
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: two}
spec:
  externalNodes: [{name: %q, port: %d}]
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: ext}
spec:
  http:
  - name: only
    match: {hosts: [%s], paths: ["/only"]}
    upstreams: [{name: one}]
  - name: split
    match: {hosts: [%s], paths: ["/split"]}
    upstreams: [{name: one, weight: 0}, {name: two, weight: 10}]
`, one.IP, one.Port, two.IP, two.Port, host, host))
	await(t, Req{Host: host, Path: "/only"}, "external node served", served("ext-one"))
	await(t, Req{Host: host, Path: "/split"}, "weighted external upstreams", served("ext-two"))
	for i := 0; i < 10; i++ {
		expect(t, "weight 0 gets nothing", Req{Host: host, Path: "/split"}, served("ext-two"))
	}
}

// TestApisixUpstreamHealthCheck: active health checks take an endpoint
// that fails its checks out of rotation, so clients stop seeing its
// errors; without them, roundrobin keeps sending to it.
func TestApisixUpstreamHealthCheck(t *testing.T) {
	ns := newNamespace(t)
	servers := pool(t, ns, "hc", 2)
	servers[1].Status.Store(http.StatusServiceUnavailable)
	host := "hc." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: hc}
spec:
  healthCheck:
    active:
      type: http
      httpPath: /healthz
      healthy: {interval: 1s, successes: 1, httpCodes: [200]}
      unhealthy: {interval: 1s, httpFailures: 1, httpCodes: [503]}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: hc}
spec:
  http:
  - name: hc
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: hc, servicePort: 80}]
`)
	await(t, Req{Host: host}, "route served", served("hc"))
	// Checks start with the first request; the failing endpoint is out
	// once ten requests in a row succeed.
	await(t, Req{Host: host}, "failing endpoint taken out", func(Response) error {
		for i := 0; i < 10; i++ {
			r, err := send(Req{Host: host})
			if err != nil {
				return err
			}
			if r.Status != 200 {
				return fmt.Errorf("request %d of 10 got %d", i, r.Status)
			}
		}
		return nil
	})
}

// TestApisixUpstreamPassHost: passHost pass (the default) sends the
// client's Host, node the endpoint's address, and rewrite upstreamHost.
func TestApisixUpstreamPassHost(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "pass")
	node := backend(t, ns, "node")
	backend(t, ns, "rewrite")
	host := "passhost." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: node}
spec:
  passHost: node
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: rewrite}
spec:
  passHost: rewrite
  upstreamHost: internal.backend.local
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: passhost}
spec:
  http:
  - name: pass
    match: {hosts: [`+host+`], paths: ["/pass"]}
    backends: [{serviceName: pass, servicePort: 80}]
  - name: node
    match: {hosts: [`+host+`], paths: ["/node"]}
    backends: [{serviceName: node, servicePort: 80}]
  - name: rewrite
    match: {hosts: [`+host+`], paths: ["/rewrite"]}
    backends: [{serviceName: rewrite, servicePort: 80}]
`)
	r := await(t, Req{Host: host, Path: "/pass"}, "pass", served("pass"))
	if r.Got.Host != host {
		t.Errorf("passHost pass: backend received Host %q, want %q", r.Got.Host, host)
	}
	await(t, Req{Host: host, Path: "/node"}, "node", all(served("node"), func(r Response) error {
		if r.Got.Host != node.Addr() {
			return fmt.Errorf("passHost node: backend received Host %q, want %q", r.Got.Host, node.Addr())
		}
		return nil
	}))
	await(t, Req{Host: host, Path: "/rewrite"}, "rewrite", all(served("rewrite"), func(r Response) error {
		if r.Got.Host != "internal.backend.local" {
			return fmt.Errorf("passHost rewrite: backend received Host %q, want internal.backend.local", r.Got.Host)
		}
		return nil
	}))
}

// TestApisixUpstreamCHashOnCookieAndArg: chash on a cookie or on a query
// argument (vars arg_<name>) is sticky per value.
func TestApisixUpstreamCHashOnCookieAndArg(t *testing.T) {
	ns := newNamespace(t)
	byCookie := pool(t, ns, "bycookie", 3)
	byArg := pool(t, ns, "byarg", 3)
	host := "chash." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: bycookie}
spec:
  loadbalancer: {type: chash, hashOn: cookie, key: session}
---
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: byarg}
spec:
  loadbalancer: {type: chash, hashOn: vars, key: arg_tenant}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: chash}
spec:
  http:
  - name: cookie
    match: {hosts: [`+host+`], paths: ["/cookie"]}
    backends: [{serviceName: bycookie, servicePort: 80}]
  - name: arg
    match: {hosts: [`+host+`], paths: ["/arg"]}
    backends: [{serviceName: byarg, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/cookie"}, "cookie route", served("bycookie"))
	await(t, Req{Host: host, Path: "/arg"}, "arg route", served("byarg"))
	sticky := func(name string, servers []*echo.Server, req func(v int) Req) {
		used := map[int]bool{}
		for v := 0; v < 10; v++ {
			before := hits(servers)
			for i := 0; i < 4; i++ {
				expect(t, name, req(v), status(200))
			}
			d := delta(servers, before)
			which := -1
			for i, n := range d {
				if n == 4 {
					which = i
				}
			}
			if which < 0 {
				t.Errorf("%s: value %d's 4 requests went to %v, want all to one endpoint", name, v, d)
				continue
			}
			used[which] = true
		}
		if len(used) < 2 {
			t.Errorf("%s: 10 values all hashed to one endpoint", name)
		}
	}
	sticky("chash cookie", byCookie, func(v int) Req {
		return Req{Host: host, Path: "/cookie", Header: map[string]string{"Cookie": "session=s" + strconv.Itoa(v)}}
	})
	sticky("chash arg_tenant", byArg, func(v int) Req {
		return Req{Host: host, Path: "/arg?tenant=t" + strconv.Itoa(v) + "&r=" + strconv.Itoa(v*7)}
	})
}

// TestApisixUpstreamSubsets: a backend's subset limits it to the endpoints
// whose pods carry the subset's labels (ApisixUpstream subsets); without a
// subset every endpoint serves.
func TestApisixUpstreamSubsets(t *testing.T) {
	ns := newNamespace(t)
	s := need(t)
	ctx := context.Background()
	stable, canary := &echo.Server{Name: "stable"}, &echo.Server{Name: "canary"}
	// Two pods' endpoints share the Service's target port.
	ips := []string{nextIP(), nextIP()}
	port := serve(t, ips[0], stable, nil)
	if ln, err := net.Listen("tcp", net.JoinHostPort(ips[1], strconv.Itoa(int(port)))); err == nil {
		srv := &http.Server{Handler: canary, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { _ = srv.Close() })
	} else {
		t.Fatal(err)
	}
	for _, track := range []string{"stable", "canary"} {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "app-" + track, Labels: map[string]string{"app": "app", "track": track}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "example.invalid/app"}}},
		}
		if err := s.dev.Client.Create(ctx, pod); err != nil {
			t.Fatal(err)
		}
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "app"},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{
			Name: "http", Port: 80, TargetPort: intstr.FromInt32(port), Protocol: corev1.ProtocolTCP,
		}}},
	}
	if err := s.dev.Client.Create(ctx, svc); err != nil {
		t.Fatal(err)
	}
	es := endpointSlice(ns, "app", &echo.Server{IP: ips[0], Port: port}, &echo.Server{IP: ips[1], Port: port})
	for i, track := range []string{"stable", "canary"} {
		es.Endpoints[i].TargetRef = &corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: "app-" + track}
	}
	if err := s.dev.Client.Create(ctx, es); err != nil {
		t.Fatal(err)
	}
	host := "subsets." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixUpstream
metadata: {name: app}
spec:
  subsets:
  - {name: stable, labels: {track: stable}}
  - {name: canary, labels: {track: canary}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: subsets}
spec:
  http:
  - name: canary
    match: {hosts: [`+host+`], paths: ["/canary"]}
    backends: [{serviceName: app, servicePort: 80, subset: canary}]
  - name: stable
    match: {hosts: [`+host+`], paths: ["/stable"]}
    backends: [{serviceName: app, servicePort: 80, subset: stable}]
  - name: all
    match: {hosts: [`+host+`], paths: ["/all"]}
    backends: [{serviceName: app, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/canary"}, "canary subset", served("canary"))
	await(t, Req{Host: host, Path: "/stable"}, "stable subset", served("stable"))
	seen := map[string]int{}
	for i := 0; i < 10; i++ {
		expect(t, "canary only", Req{Host: host, Path: "/canary"}, served("canary"))
		seen[do(t, Req{Host: host, Path: "/all"}).Backend]++
	}
	if seen["stable"] == 0 || seen["canary"] == 0 {
		t.Errorf("without a subset: backends %v, want both endpoints", seen)
	}
}
