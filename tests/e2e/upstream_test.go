package e2e

import (
	"context"
	"crypto/tls"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	ctrlclient "sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
)

// timed sends r and returns the response and how long it took.
func timed(t *testing.T, r Req) (Response, time.Duration) {
	t.Helper()
	start := time.Now()
	resp := do(t, r)
	return resp, time.Since(start)
}

// TestProxyReadTimeout: a backend slower than proxy-read-timeout gets the
// client a 504 after about that long; a faster one is served. The
// canonical k8s.apisix.apache.org/upstream-read-timeout takes a duration.
func TestProxyReadTimeout(t *testing.T) {
	ns := newNamespace(t)
	serveWith(t, ns, "slow", slowEcho(3*time.Second), nil)
	serveWith(t, ns, "quick", slowEcho(300*time.Millisecond), nil)
	h1, h2, h3 := "rt."+ns+".test", "rtk."+ns+".test", "rtq."+ns+".test"
	apply(t, ns, ingressWithLines("rt", h1, "slow", `    nginx.ingress.kubernetes.io/proxy-read-timeout: "1"`)+"---"+
		ingressWithLines("rtk", h2, "slow", `    k8s.apisix.apache.org/upstream-read-timeout: 1s`)+"---"+
		ingressWithLines("rtq", h3, "quick", `    nginx.ingress.kubernetes.io/proxy-read-timeout: "1"`))
	await(t, Req{Host: h3}, "quick backend", served("quick"))
	for _, h := range []string{h1, h2} {
		await(t, Req{Host: h}, h+" routed", func(r Response) error {
			if r.Status == 404 {
				return errStatus(r)
			}
			return nil
		})
		r, took := timed(t, Req{Host: h})
		if r.Status != http.StatusGatewayTimeout || took < 900*time.Millisecond || took > 2500*time.Millisecond {
			t.Errorf("%s: slow backend: got %d after %s, want 504 after about 1s", h, r.Status, took)
		}
	}
}

// errStatus reports a response's status as an error.
func errStatus(r Response) error {
	return &statusError{r.Status, r.Backend}
}

type statusError struct {
	code    int
	backend string
}

func (e *statusError) Error() string {
	return "got " + http.StatusText(e.code) + " from " + e.backend
}

// TestProxyConnectTimeout: an endpoint that never completes the TCP
// handshake gets the client a 504 after proxy-connect-timeout (the
// canonical key takes a duration).
func TestProxyConnectTimeout(t *testing.T) {
	ns := newNamespace(t)
	ip := nextIP()
	port := blackhole(t, ip, 0)
	createService(t, ns, "hole", echoAt("hole", ip, port))
	h1, h2 := "ct."+ns+".test", "ctk."+ns+".test"
	apply(t, ns, ingressWithLines("ct", h1, "hole", `    nginx.ingress.kubernetes.io/proxy-connect-timeout: "1"`)+"---"+
		ingressWithLines("ctk", h2, "hole", `    k8s.apisix.apache.org/upstream-connect-timeout: 1s`))
	for _, h := range []string{h1, h2} {
		await(t, Req{Host: h}, h+" routed", func(r Response) error {
			if r.Status == 404 {
				return errStatus(r)
			}
			return nil
		})
		r, took := timed(t, Req{Host: h})
		if r.Status != http.StatusGatewayTimeout || took < 900*time.Millisecond || took > 2500*time.Millisecond {
			t.Errorf("%s: unreachable endpoint: got %d after %s, want 504 after about 1s", h, r.Status, took)
		}
	}
}

// TestProxySendTimeout: a backend that stops reading the request body gets
// the client a 504 after proxy-send-timeout (canonical key: a duration).
func TestProxySendTimeout(t *testing.T) {
	ns := newNamespace(t)
	serveWith(t, ns, "stuck", func(s *echo.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(6 * time.Second) // never reads the body
			w.WriteHeader(http.StatusOK)
		})
	}, nil)
	h1, h2 := "st."+ns+".test", "stk."+ns+".test"
	apply(t, ns, ingressWithLines("st", h1, "stuck", `    nginx.ingress.kubernetes.io/proxy-send-timeout: "1"
    nginx.ingress.kubernetes.io/proxy-body-size: "0"`)+"---"+
		ingressWithLines("stk", h2, "stuck", `    k8s.apisix.apache.org/upstream-send-timeout: 1s
    nginx.ingress.kubernetes.io/proxy-body-size: "0"`))
	body := strings.Repeat("x", 48<<20)
	for _, h := range []string{h1, h2} {
		await(t, Req{Host: h, Method: http.MethodPost, Body: "x"}, h+" routed", func(r Response) error {
			if r.Status == 404 {
				return errStatus(r)
			}
			return nil
		})
		r, took := timed(t, Req{Host: h, Method: http.MethodPost, Body: body})
		if r.Status != http.StatusGatewayTimeout || took > 5*time.Second {
			t.Errorf("%s: backend not reading: got %d after %s, want 504 after about 1s", h, r.Status, took)
		}
	}
}

// TestProxyNextUpstream: of a Service's two endpoints one refuses
// connections. By default (error timeout, 3 tries) every request is passed
// on to the live endpoint; proxy-next-upstream "off", -tries "1" and the
// canonical upstream-retries "0" stop that, so some requests fail with 502.
func TestProxyNextUpstream(t *testing.T) {
	ns := newNamespace(t)
	live := samePort(t, []string{"live"}, func(_ int, s *echo.Server) http.Handler { return s })[0]
	dead := echoAt("dead", nextIP(), live.Port) // nothing listens there
	createService(t, ns, "flaky", live, dead)
	type tc struct {
		name, ann string
		allOK     bool
	}
	cases := []tc{
		{"default", `    {}`, true},
		{"errors", `    nginx.ingress.kubernetes.io/proxy-next-upstream: error timeout
    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "2"`, true},
		{"no-retry", `    nginx.ingress.kubernetes.io/proxy-next-upstream: "off"`, false},
		{"tries1", `    nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "1"`, false},
		{"retries0", `    k8s.apisix.apache.org/upstream-retries: "0"`, false},
	}
	var manifest []string
	for _, c := range cases {
		manifest = append(manifest, ingressWithLines(c.name, c.name+"."+ns+".test", "flaky", c.ann))
	}
	apply(t, ns, strings.Join(manifest, "---"))
	for _, c := range cases {
		host := c.name + "." + ns + ".test"
		await(t, Req{Host: host}, c.name+" routed", served("live"))
	}
	for _, c := range cases {
		got := countBackends(t, Req{Host: c.name + "." + ns + ".test"}, 20)
		switch {
		case c.allOK && got["live"] != 20:
			t.Errorf("%s: 20 requests answered %v, want all by the live endpoint", c.name, got)
		case !c.allOK && (got["status 502"] == 0 || got["live"] == 0):
			t.Errorf("%s: 20 requests answered %v, want some 502 (no retry) and some from the live endpoint", c.name, got)
		}
	}
}

// TestProxyNextUpstreamTimeout: proxy-next-upstream-timeout bounds the time
// spent passing a request on: after a 2 s connect timeout on the first
// endpoint, a 1 s budget leaves no time for the next one (an error), where
// without it the request is passed on and served.
func TestProxyNextUpstreamTimeout(t *testing.T) {
	ns := newNamespace(t)
	live := samePort(t, []string{"live"}, func(_ int, s *echo.Server) http.Handler { return s })[0]
	holeIP := nextIP()
	blackhole(t, holeIP, live.Port)
	createService(t, ns, "half", echoAt("hole", holeIP, live.Port), live)
	h1, h2 := "budget."+ns+".test", "nobudget."+ns+".test"
	apply(t, ns, ingressWithLines("budget", h1, "half", `    nginx.ingress.kubernetes.io/proxy-connect-timeout: "2"
    nginx.ingress.kubernetes.io/proxy-next-upstream-timeout: "1"`)+"---"+
		ingressWithLines("nobudget", h2, "half", `    nginx.ingress.kubernetes.io/proxy-connect-timeout: "2"`))
	await(t, Req{Host: h1}, "budget routed", served("live"))
	await(t, Req{Host: h2}, "nobudget routed", served("live"))
	// Round robin: of 4 requests, about half try the black hole first.
	// ingress-nginx answers 504 (the last attempt's error); APISIX 500, as
	// the key's note says.
	got := countBackends(t, Req{Host: h1}, 4)
	if got["status 500"] == 0 || got["status 500"]+got["live"] != 4 {
		t.Errorf("with a 1s budget: 4 requests answered %v, want some not passed on (500)", got)
	}
	got = countBackends(t, Req{Host: h2}, 4)
	if got["live"] != 4 {
		t.Errorf("without a budget: 4 requests answered %v, want all passed on to the live endpoint", got)
	}
}

// tlsEcho is an echo server behind TLS that tells the client the SNI it was
// asked for and the CN of the client certificate it got.
func tlsEcho(s *echo.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("X-Backend-SNI", r.TLS.ServerName)
			w.Header().Set("X-Backend-TLS", "yes")
			if len(r.TLS.PeerCertificates) > 0 {
				w.Header().Set("X-Backend-Client-CN", r.TLS.PeerCertificates[0].Subject.CommonName)
			}
		}
		s.ServeHTTP(w, r)
	})
}

// TestBackendProtocolHTTPS: backend-protocol HTTPS (or the canonical
// upstream-scheme https) speaks TLS to the backend; plain HTTP to a TLS
// port fails. proxy-ssl-name is the SNI sent (APISIX also sends it as Host),
// and proxy-ssl-verify "off" accepts a self-signed backend.
//
// Each Ingress has its own backend: this APISIX runs on Debian's nginx,
// whose upstream keepalive cache is keyed by address only (APISIX-Runtime
// keys it by scheme and SNI too), so routes sharing an address would share
// TLS connections.
func TestBackendProtocolHTTPS(t *testing.T) {
	ns := newNamespace(t)
	cert, _, _ := selfSigned(t, "backend", "backend.internal")
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequestClientCert, MinVersion: tls.VersionTLS12}
	for _, svc := range []string{"s-https", "s-scheme", "s-plain", "s-sni"} {
		serveWith(t, ns, svc, tlsEcho, cfg)
	}
	hs, hk, hp, hn := "https."+ns+".test", "scheme."+ns+".test", "plain."+ns+".test", "sni."+ns+".test"
	apply(t, ns, ingressWithLines("https", hs, "s-https", `    nginx.ingress.kubernetes.io/backend-protocol: HTTPS`)+"---"+
		ingressWithLines("scheme", hk, "s-scheme", `    k8s.apisix.apache.org/upstream-scheme: https`)+"---"+
		ingressWithLines("plain", hp, "s-plain", `    {}`)+"---"+
		ingressWithLines("sni", hn, "s-sni", `    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
    nginx.ingress.kubernetes.io/proxy-ssl-name: backend.internal
    nginx.ingress.kubernetes.io/proxy-ssl-verify: "off"`))
	for _, c := range []struct{ host, svc string }{{hs, "s-https"}, {hk, "s-scheme"}, {hn, "s-sni"}} {
		r := await(t, Req{Host: c.host, Path: "/p"}, c.host+" over TLS", served(c.svc))
		if r.Header.Get("X-Backend-TLS") != "yes" || r.Got.URI != "/p" {
			t.Errorf("%s: backend TLS %q, URI %q", c.host, r.Header.Get("X-Backend-TLS"), r.Got.URI)
		}
		if c.host != hn && r.Got.Host != c.host {
			t.Errorf("%s: backend saw Host %q", c.host, r.Got.Host)
		}
	}
	r := await(t, Req{Host: hp}, "plain HTTP to a TLS backend", func(r Response) error {
		if r.Status == http.StatusNotFound {
			return errStatus(r)
		}
		return nil
	})
	if r.Status == http.StatusOK {
		t.Errorf("plain HTTP to a TLS backend: got 200, want an error")
	}
	r = do(t, Req{Host: hn})
	if got := r.Header.Get("X-Backend-SNI"); got != "backend.internal" {
		t.Errorf("proxy-ssl-name: backend saw SNI %q, want backend.internal", got)
	}
}

// kubectlOK runs kubectl and fails the test when it does.
func kubectlOK(t *testing.T, stdin []byte, args ...string) {
	t.Helper()
	if out, code := kubectl(t, stdin, args...); code != 0 {
		t.Fatalf("kubectl %s: %d\n%s", strings.Join(args, " "), code, out)
	}
}

// TestSvcNamespace: k8s.apisix.apache.org/svc-namespace takes the backend
// Services from another namespace.
func TestSvcNamespace(t *testing.T) {
	ns := newNamespace(t)
	other := newNamespace(t)
	backend(t, other, "shared")
	host := "svcns." + ns + ".test"
	apply(t, ns, ingressWithLines("svcns", host, "shared", `    k8s.apisix.apache.org/svc-namespace: `+other))
	await(t, Req{Host: host, Path: "/x"}, "Service of another namespace", served("shared"))
}

// TestServiceUpstream: service-upstream sends to the Service's cluster IP
// and port instead of its endpoints. No kube-proxy runs here, so a server
// named "cluster-ip" stands in for the Service's virtual address (assigned
// to the loopback interface for the test).
func TestServiceUpstream(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	var svc corev1.Service
	if err := suite.dev.Client.Get(context.Background(), ctrlclient.ObjectKey{Namespace: ns, Name: "app"}, &svc); err != nil {
		t.Fatal(err)
	}
	vip := svc.Spec.ClusterIP
	if out, err := exec.Command("ip", "addr", "add", vip+"/32", "dev", "lo").CombinedOutput(); err != nil {
		t.Skipf("cannot stand in for cluster IP %s: %v: %s", vip, err, out)
	}
	t.Cleanup(func() { _ = exec.Command("ip", "addr", "del", vip+"/32", "dev", "lo").Run() })
	stand := echoAt("cluster-ip", vip, 80)
	if _, err := serveOn(t, vip, 80, stand, nil); err != nil {
		t.Fatal(err)
	}
	h1, h2 := "svcup."+ns+".test", "pods."+ns+".test"
	apply(t, ns, ingressWithLines("svcup", h1, "app", `    nginx.ingress.kubernetes.io/service-upstream: "true"`)+"---"+
		ingressWithLines("pods", h2, "app", `    {}`))
	r := await(t, Req{Host: h1, Path: "/x"}, "service-upstream", served("cluster-ip"))
	if r.Got.URI != "/x" || r.Got.Host != h1 {
		t.Errorf("service-upstream: backend saw %q on host %q", r.Got.URI, r.Got.Host)
	}
	await(t, Req{Host: h2}, "endpoints", served("app"))
}
