package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/echo"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/migrate"
)

// migrateCase is one or more example files of examples/ingress-nginx that
// are compared together (files that share a host are one case, as
// ingress-nginx merges them into one server).
type migrateCase struct {
	files []string
	// skip says why the runtime cannot serve the example, or why there is
	// nothing to compare; the case is then listed, not run.
	skip string
	// reqs are the requests sent to both forms; hosts, origins and URLs are
	// spelled as in the example (example.com) and rewritten like it. The
	// first must be answered by something other than 404 once configured.
	reqs []migrateReq
	// setup runs before the example is read and returns replacements
	// applied to its text first (an auth-url pointed at a local server).
	setup func(t *testing.T, ns string) map[string]string
}

// migrateReq is one request and what of its answer is compared.
type migrateReq struct {
	Req
	// resp are the response headers the example's annotations concern;
	// recv the request headers the backend received that they concern.
	resp, recv []string
	// repeat sends the request that many times in a row and compares the
	// sets of statuses and backends (rate limits, weights).
	repeat int
}

// migrateCases are the example files, in file order.
var migrateCases = []migrateCase{
	{files: []string{"01-shop-web.yaml", "02-shop-api-rewrite.yaml", "03-shop-static.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "shop.example.com", Path: "/", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/cart?x=1"}, resp: []string{"Location"}},
		{Req: Req{Host: "shop.example.com", Path: "/products/7", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/api/users?id=3", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/API/users", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/api", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/apiary", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/static/app.js", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/Static/app.js", HTTPS: true}},
		{Req: Req{Host: "shop.example.com", Path: "/upload", HTTPS: true, Method: http.MethodPost, Body: strings.Repeat("x", 2<<20)}},
		{Req: Req{Host: "shop.example.com", Path: "/upload", HTTPS: true, Method: http.MethodPost, Body: strings.Repeat("x", 9<<20)}},
	}},
	{files: []string{"04-blog-timeouts.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "blog.example.com", Path: "/"}},
		{Req: Req{Host: "blog.example.com", Path: "/ghost/api/admin/db"}},
		{Req: Req{Host: "other.example.com", Path: "/"}},
	}},
	{files: []string{"05-grpc-backend.yaml"}, skip: "backend-protocol GRPC: the echo backends speak HTTP/1.1 only"},
	{files: []string{"06-https-backend.yaml"}, skip: "backend-protocol HTTPS: the echo backends have no TLS (and the scheme is not carried: appProtocol)"},
	{files: []string{"07-admin-allowlist.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "admin.example.com", Path: "/", ClientIP: "10.1.2.3"}},
		{Req: Req{Host: "admin.example.com", Path: "/users", ClientIP: "192.168.10.77"}},
		{Req: Req{Host: "admin.example.com", Path: "/", ClientIP: "203.0.113.7"}},
		{Req: Req{Host: "admin.example.com", Path: "/", ClientIP: "203.0.113.8"}},
		{Req: Req{Host: "admin.example.com", Path: "/", ClientIP: "192.168.11.1"}},
	}},
	{files: []string{"08-api-cors.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "api.example.com", Path: "/v1/orders", Header: map[string]string{"Origin": "https://app.example.com"}}, resp: migrateCORSHeaders},
		{Req: Req{Host: "api.example.com", Path: "/v1/orders", Method: http.MethodOptions, Header: map[string]string{
			"Origin": "https://admin.example.com", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "Authorization"}}, resp: migrateCORSHeaders},
		{Req: Req{Host: "api.example.com", Path: "/v1/orders", Header: map[string]string{"Origin": "https://evil.example.net"}}, resp: migrateCORSHeaders},
		{Req: Req{Host: "api.example.com", Path: "/v1/orders"}, resp: migrateCORSHeaders},
		{Req: Req{Host: "api.example.com", Path: "/v2"}},
	}},
	{files: []string{"09-oauth2-proxy.yaml"}, setup: oauth2Proxy, reqs: []migrateReq{
		{Req: Req{Host: "grafana.example.com", Path: "/d/home?orgId=1", HTTPS: true}, resp: []string{"Location"}},
		{Req: Req{Host: "grafana.example.com", Path: "/d/home", HTTPS: true, Header: map[string]string{"Cookie": "_oauth2_proxy=valid"}},
			recv: []string{"X-Auth-Request-User", "X-Auth-Request-Email"}},
		{Req: Req{Host: "grafana.example.com", Path: "/d/home"}, resp: []string{"Location"}},
	}},
	{files: []string{"10-basic-auth.yaml"}, skip: "blocked by migrate (htpasswd Secret): left to ingress-nginx, nothing to compare"},
	{files: []string{"11-configuration-snippet.yaml"}, skip: "blocked by migrate (configuration-snippet): nothing to compare"},
	{files: []string{"12-server-snippet.yaml"}, skip: "blocked by migrate (server-snippet): nothing to compare"},
	{files: []string{"13-checkout-canary-header.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "checkout.example.com", Path: "/pay"}},
		{Req: Req{Host: "checkout.example.com", Path: "/pay", Header: map[string]string{"X-Canary": "always"}}},
		{Req: Req{Host: "checkout.example.com", Path: "/pay", Header: map[string]string{"X-Canary": "never"}}},
		{Req: Req{Host: "checkout.example.com", Path: "/pay", Header: map[string]string{"X-Canary": "maybe"}}},
	}},
	{files: []string{"14-search-canary-weight.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "search.example.com", Path: "/?q=x", Header: map[string]string{"X-Search-Canary": "ranking-v2"}}},
		{Req: Req{Host: "search.example.com", Path: "/?q=y"}, repeat: 60},
	}},
	{files: []string{"15-cart-affinity.yaml", "16-cart-api-no-affinity.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "cart.example.com", Path: "/cart/items"}, resp: []string{"Set-Cookie"}},
		{Req: Req{Host: "cart.example.com", Path: "/api/cart/items"}, resp: []string{"Set-Cookie"}},
		{Req: Req{Host: "cart.example.com", Path: "/"}},
	}},
	{files: []string{"17-rate-limit.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "api.example.com", Path: "/login", ClientIP: "10.7.0.1"}},
		{Req: Req{Host: "api.example.com", Path: "/login", ClientIP: "10.7.0.2"}, repeat: 40},
	}},
	{files: []string{"18-buffering.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "upload.example.com", Path: "/"}},
		{Req: Req{Host: "upload.example.com", Path: "/files", Method: http.MethodPut, Body: strings.Repeat("y", 3<<20)}},
	}},
	{files: []string{"19-app-root.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "ops.example.com", Path: "/"}, resp: []string{"Location"}},
		{Req: Req{Host: "ops.example.com", Path: "/dashboard"}},
		{Req: Req{Host: "ops.example.com", Path: "/dashboard?tab=2"}},
		{Req: Req{Host: "ops.example.com", Path: "/metrics"}},
	}},
	{files: []string{"20-permanent-redirect.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "blog.example.org", Path: "/"}, resp: []string{"Location"}},
		{Req: Req{Host: "blog.example.org", Path: "/2019/hello"}, resp: []string{"Location"}},
		{Req: Req{Host: "blog.example.org", Path: "/2019/hello?utm=x"}, resp: []string{"Location"}},
	}},
	{files: []string{"21-ssl-passthrough.yaml"}, skip: "ssl-passthrough: an APISIX stream route, and the runtime has no stream proxy (kept as Ingress by migrate)"},
	{files: []string{"22-mtls.yaml"}, skip: "auth-tls-*: upstream/client mTLS kept as Ingress by migrate: nothing to compare"},
	{files: []string{"23-www-redirect.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "www.example.com", Path: "/about", HTTPS: true}},
		{Req: Req{Host: "example.com", Path: "/about?x=1", HTTPS: true}, resp: []string{"Location"}},
		{Req: Req{Host: "example.com", Path: "/about"}, resp: []string{"Location"}},
		{Req: Req{Host: "www.example.com", Path: "/about"}, resp: []string{"Location"}},
	}},
	{files: []string{"24-upstream-hash-by.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "img.example.com", Path: "/a.png"}},
		{Req: Req{Host: "img.example.com", Path: "/b.png"}},
	}},
	{files: []string{"25-force-ssl-redirect.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "docs.example.com", Path: "/guide?page=2"}, resp: []string{"Location"}},
		{Req: Req{Host: "docs.example.com", Path: "/", Method: http.MethodPost}, resp: []string{"Location"}},
	}},
	{files: []string{"26-legacy-class-annotation.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "sale.example.com", Path: "/"}, resp: []string{"Location"}},
		{Req: Req{Host: "sale.example.com", Path: "/shoes?size=9"}, resp: []string{"Location"}},
	}},
	{files: []string{"27-modsecurity.yaml"}, skip: "blocked by migrate (ModSecurity): nothing to compare"},
	{files: []string{"28-websocket.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "chat.example.com", Path: "/ws"}},
		{Req: Req{Host: "chat.example.com", Path: "/ws/room/1"}},
		{Req: Req{Host: "chat.example.com", Path: "/"}},
	}},
	{files: []string{"29-default-backend.yaml"}, skip: "default-backend: kept as Ingress by migrate, nothing to compare"},
	{files: []string{"30-other-controller.yaml"}, skip: "class traefik: not ingress-nginx's, migrate leaves it"},
	{files: []string{"31-mirror.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "orders.example.com", Path: "/orders/1"}},
		{Req: Req{Host: "orders.example.com", Path: "/orders", Method: http.MethodPost, Body: `{"sku":1}`}},
	}},
	{files: []string{"32-load-balance-ewma.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "reco.example.com", Path: "/for/you"}},
	}},
	{files: []string{"33-x-forwarded-prefix.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "help.example.com", Path: "/manuals/install"}, recv: []string{"X-Forwarded-Prefix"}},
		{Req: Req{Host: "help.example.com", Path: "/Manuals"}, recv: []string{"X-Forwarded-Prefix"}},
		{Req: Req{Host: "help.example.com", Path: "/manualsx?q=1"}, recv: []string{"X-Forwarded-Prefix"}},
		{Req: Req{Host: "help.example.com", Path: "/faq"}},
	}},
	{files: []string{"34-canary-cookie-affinity.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "account.example.com", Path: "/profile"}},
		{Req: Req{Host: "account.example.com", Path: "/profile", Header: map[string]string{"Cookie": "beta=always"}}},
		{Req: Req{Host: "account.example.com", Path: "/profile", Header: map[string]string{"Cookie": "theme=dark; beta=always"}}},
		{Req: Req{Host: "account.example.com", Path: "/profile", Header: map[string]string{"Cookie": "beta=never"}}},
		{Req: Req{Host: "account.example.com", Path: "/profile", Header: map[string]string{"Cookie": "notbeta=always"}}},
	}},
	{files: []string{"35-ingress-nginx-class.yaml"}, skip: "no Ingress (IngressClass and ConfigMap only)"},
	{files: []string{"36-limit-rpm-ciphers.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "reports.example.com", Path: "/reports/q1", ClientIP: "10.8.0.1"}},
		{Req: Req{Host: "reports.example.com", Path: "/reports/q2", ClientIP: "10.8.0.2"}},
		{Req: Req{Host: "reports.example.com", Path: "/other"}},
	}},
	{files: []string{"37-no-class.yaml"}, reqs: []migrateReq{
		{Req: Req{Host: "wiki.example.com", Path: "/page"}},
		{Req: Req{Host: "wiki.internal.example.com", Path: "/page"}},
	}},
	{files: []string{"38-basic-auth-apisix-secret.yaml"}, skip: "basic-auth users: kept as Ingress by migrate (Consumers), nothing to compare"},
}

var migrateCORSHeaders = []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Max-Age"}

// migrateResult is one case's line of the summary table.
type migrateResult struct {
	files         string
	compared, eq  int
	skipped, note string
}

// TestGatewayMigrationSameAnswers applies each example's Ingresses, records
// what a client sees for a fixed list of requests, replaces the Ingresses
// with `migrate --to gateway-api`'s output for the same file, waits for the
// Gateway and HTTPRoutes to be Accepted, and requires the same answers.
func TestGatewayMigrationSameAnswers(t *testing.T) {
	need(t)
	var mu sync.Mutex
	results := make([]migrateResult, len(migrateCases))
	t.Cleanup(func() {
		var b strings.Builder
		b.WriteString("\n| Example files | Requests compared | Equal answers |\n|---|---|---|\n")
		for _, r := range results {
			if r.skipped != "" {
				fmt.Fprintf(&b, "| %s | skipped: %s | |\n", r.files, r.skipped)
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %d |\n", r.files, r.compared, r.eq)
		}
		t.Log(b.String())
	})
	for i, c := range migrateCases {
		name := strings.TrimSuffix(strings.Join(c.files, "+"), ".yaml")
		results[i] = migrateResult{files: strings.Join(c.files, ", "), skipped: c.skip}
		if c.skip != "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, eq := runMigrateCase(t, c)
			mu.Lock()
			results[i].compared, results[i].eq = n, eq
			mu.Unlock()
		})
	}
}

// classMu serialises applying the GatewayClass every case's output has.
var classMu sync.Mutex

// runMigrateCase compares the two forms of one case; it returns the
// number of requests compared and of equal answers.
func runMigrateCase(t *testing.T, c migrateCase) (int, int) {
	ns := newNamespace(t)
	var pre map[string]string
	if c.setup != nil {
		pre = c.setup(t, ns)
	}
	rewrite := hostRewriter(ns, pre)
	var text bytes.Buffer
	for _, f := range c.files {
		raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "ingress-nginx", f))
		if err != nil {
			t.Fatal(err)
		}
		if text.Len() > 0 {
			text.WriteString("\n---\n")
		}
		text.WriteString(rewrite(string(raw)))
	}
	docs, err := manifestio.Read(strings.Join(c.files, "+"), bytes.NewReader(text.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var ingresses []string
	for _, d := range docs {
		switch d.Head.Kind {
		case "Service":
			migrateBackend(t, ns, d.JSON)
		case "Secret":
			var s corev1.Secret
			if err := json.Unmarshal(d.JSON, &s); err != nil {
				t.Fatal(err)
			}
			if s.Type != corev1.SecretTypeTLS { // TLS Secrets are issued below for the rewritten hosts
				apply(t, ns, string(d.Raw))
			}
		case "Ingress":
			ingresses = append(ingresses, asApisixIngress(t, d.JSON, ns))
		}
	}
	reqs := make([]migrateReq, len(c.reqs))
	for i, r := range c.reqs {
		r.Host = rewrite(r.Host)
		h := map[string]string{}
		for k, v := range r.Header {
			h[k] = rewrite(v)
		}
		r.Header = h
		reqs[i] = r
	}

	// The original Ingresses.
	apply(t, ns, strings.Join(ingresses, "\n---\n"))
	await(t, reqs[0].Req, "Ingress form of "+reqs[0].Host+reqs[0].Path, func(r Response) error {
		if r.Status == http.StatusNotFound && r.Backend == "" {
			return fmt.Errorf("not routed yet")
		}
		return nil
	})
	time.Sleep(500 * time.Millisecond) // the other Ingresses of the file, when they came in another sync
	want := make([]string, len(reqs))
	for i, r := range reqs {
		want[i] = answer(t, r)
		// A transient 502 of a loaded machine (large bodies) is not an answer.
		for try := 0; try < 3 && strings.HasPrefix(want[i], "502"); try++ {
			want[i] = answer(t, r)
		}
	}

	// The migrated Gateway API objects.
	if out, code := kubectl(t, nil, "delete", "ingress", "--all", "-n", ns); code != 0 {
		t.Fatalf("deleting the Ingresses: %s", out)
	}
	// Gone when APISIX answers 404 itself, or has no certificate for the host.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r, err := send(reqs[0].Req)
		if err != nil || (r.Status == http.StatusNotFound && r.Backend == "") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Ingress form still answers %d from %q after 20s", r.Status, r.Backend)
		}
	}
	res, err := migrate.Run(docs, migrate.Options{Mode: migrate.ModeGateway, Namespace: ns, IncludeUnclassed: true})
	if err != nil {
		t.Fatal(err)
	}
	var migrated []string
	for _, o := range res.Outputs {
		if !o.Changed() {
			continue
		}
		for _, raw := range o.Docs {
			out, err := manifestio.Read("out", bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range out {
				switch d.Head.Kind {
				case "Service", "Secret":
				case "GatewayClass": // shared by the cases: applied once at a time, never deleted
					classMu.Lock()
					apply(t, ns, string(d.Raw))
					classMu.Unlock()
				default:
					migrated = append(migrated, string(d.Raw))
				}
			}
		}
	}
	manifest := strings.Join(migrated, "\n---\n")
	apply(t, ns, manifest)
	awaitAccepted(t, ns, manifest)
	eq := 0
	for i, r := range reqs {
		got := answer(t, r)
		if got != want[i] && r.repeat == 0 {
			// Configuration of another route may still be on its way.
			deadline := time.Now().Add(10 * time.Second)
			for got != want[i] && time.Now().Before(deadline) {
				time.Sleep(200 * time.Millisecond)
				got = answer(t, r)
			}
		}
		if got == want[i] {
			eq++
			continue
		}
		t.Errorf("%s %s%s:\n  Ingress:     %s\n  Gateway API: %s", method(r.Req), r.Host, r.Path, want[i], got)
	}
	if t.Failed() {
		t.Logf("migrated objects:\n%s", manifest)
	}
	// Leave APISIX with less to carry for the other tests.
	kubectl(t, []byte(manifest), "delete", "-n", ns, "--ignore-not-found", "--wait=false", "-f", "-")
	return len(reqs), eq
}

func method(r Req) string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

// hostRewriter keeps each case on hosts of its own: example.com and
// example.org become names under the namespace, after the case's own
// replacements.
func hostRewriter(ns string, pre map[string]string) func(string) string {
	var pairs []string
	keys := make([]string, 0, len(pre))
	for k := range pre {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pairs = append(pairs, k, pre[k])
	}
	pairs = append(pairs, "example.com", ns+".test", "example.org", "org."+ns+".test")
	r := strings.NewReplacer(pairs...)
	nsLine := regexp.MustCompile(`(?m)^(\s*namespace:\s*)[a-z0-9-]+\s*$`)
	return func(s string) string {
		return nsLine.ReplaceAllString(r.Replace(s), "${1}"+ns)
	}
}

// migrateBackend creates the example's Service in ns with its ports, and
// an echo backend behind every port.
func migrateBackend(t *testing.T, ns string, js []byte) {
	t.Helper()
	var svc corev1.Service
	if err := json.Unmarshal(js, &svc); err != nil {
		t.Fatal(err)
	}
	srv, err := echo.Start(svc.Name, nextIP())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ready := true
	es := &discoveryv1.EndpointSlice{AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints: []discoveryv1.Endpoint{{Addresses: []string{srv.IP}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}}}
	es.Namespace, es.Name, es.Labels = ns, svc.Name+"-e2e", map[string]string{discoveryv1.LabelServiceName: svc.Name}
	for i := range svc.Spec.Ports {
		p := &svc.Spec.Ports[i]
		p.TargetPort = intstr.FromInt32(srv.Port)
		name, port, proto := p.Name, srv.Port, corev1.ProtocolTCP
		es.Ports = append(es.Ports, discoveryv1.EndpointPort{Name: &name, Port: &port, Protocol: &proto})
	}
	svc.Namespace, svc.Spec.Selector = ns, nil
	s := need(t)
	if err := s.dev.Client.Create(context.Background(), &svc); err != nil {
		t.Fatal(err)
	}
	if err := s.dev.Client.Create(context.Background(), es); err != nil {
		t.Fatal(err)
	}
}

// asApisixIngress is the example's Ingress as this controller serves it
// unchanged: class apisix instead of ingress-nginx's (given by field,
// legacy annotation or not at all). Its TLS Secrets are issued for its hosts.
func asApisixIngress(t *testing.T, js []byte, ns string) string {
	t.Helper()
	var ing networkingv1.Ingress
	if err := json.Unmarshal(js, &ing); err != nil {
		t.Fatal(err)
	}
	class := "apisix"
	ing.Spec.IngressClassName = &class
	delete(ing.Annotations, "kubernetes.io/ingress.class")
	ing.Namespace = ns
	for _, tl := range ing.Spec.TLS {
		if tl.SecretName != "" && len(tl.Hosts) > 0 {
			var sec corev1.Secret
			if need(t).dev.Client.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: tl.SecretName}, &sec) != nil {
				serverCert(t, ns, tl.SecretName, tl.Hosts...)
			}
		}
	}
	out, err := yaml.Marshal(&ing)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// answer sends r and says what a client saw, in one comparable line.
func answer(t *testing.T, r migrateReq) string {
	t.Helper()
	if r.repeat > 0 {
		statuses, backends := map[string]bool{}, map[string]bool{}
		for range r.repeat {
			resp := do(t, r.Req)
			statuses[fmt.Sprint(resp.Status)] = true
			backends[resp.Backend] = true
		}
		return fmt.Sprintf("statuses %v backends %v", keysOf(statuses), keysOf(backends))
	}
	resp := do(t, r.Req)
	parts := []string{fmt.Sprint(resp.Status)}
	if resp.Backend != "" {
		parts = append(parts, "backend="+resp.Backend)
		if resp.Got != nil && len(r.Body) < 1<<16 { // large bodies: status and backend say it
			parts = append(parts, "uri="+resp.Got.URI, "host="+resp.Got.Host)
			for _, h := range r.recv {
				parts = append(parts, "recv "+h+"="+resp.Got.Header(h))
			}
		}
	}
	for _, h := range r.resp {
		parts = append(parts, h+"="+strings.Join(resp.Header.Values(h), ","))
	}
	return strings.Join(parts, " ")
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// awaitAccepted waits until the controller has written Accepted=True on
// the Gateways and on every parent of the HTTPRoutes in manifest.
func awaitAccepted(t *testing.T, ns, manifest string) {
	t.Helper()
	docs, err := manifestio.Read("migrated", strings.NewReader(manifest))
	if err != nil {
		t.Fatal(err)
	}
	var objs []string
	for _, d := range docs {
		if d.Head.Kind == "Gateway" || d.Head.Kind == "HTTPRoute" {
			objs = append(objs, strings.ToLower(d.Head.Kind)+"/"+d.Head.Metadata.Name)
		}
	}
	if len(objs) == 0 {
		return
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, code := kubectl(t, nil, append([]string{"get", "-n", ns, "-o", "json"}, objs...)...)
		why := out
		if code == 0 {
			why = notAccepted([]byte(out))
			if why == "" {
				return
			}
		}
		if time.Now().After(deadline) {
			if os.Getenv("E2E_V") != "" {
				gc, _ := kubectl(t, nil, "get", "gatewayclass", "-o", "yaml")
				t.Log(out, gc)
			}
			t.Fatalf("Gateway API objects not Accepted within 20s: %s", why)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// notAccepted says which object of a kubectl get list is not Accepted.
func notAccepted(js []byte) string {
	type cond struct{ Type, Status, Reason, Message string }
	var list struct {
		Items []struct {
			Kind     string
			Metadata struct{ Name string }
			Status   struct {
				Conditions []cond
				Parents    []struct{ Conditions []cond }
			}
		}
	}
	if err := json.Unmarshal(js, &list); err != nil {
		return err.Error()
	}
	accepted := func(cs []cond) string {
		for _, c := range cs {
			if c.Type == "Accepted" {
				if c.Status == "True" {
					return ""
				}
				return c.Reason + ": " + c.Message
			}
		}
		return "no Accepted condition"
	}
	for _, it := range list.Items {
		if it.Kind == "Gateway" {
			if why := accepted(it.Status.Conditions); why != "" {
				return "Gateway " + it.Metadata.Name + ": " + why
			}
			continue
		}
		if len(it.Status.Parents) == 0 {
			return it.Kind + " " + it.Metadata.Name + ": no status"
		}
		for _, p := range it.Status.Parents {
			if why := accepted(p.Conditions); why != "" {
				return it.Kind + " " + it.Metadata.Name + ": " + why
			}
		}
	}
	return ""
}

// oauth2Proxy stands in for oauth2-proxy's /oauth2/auth: 202 with the
// user's headers for the session cookie, 401 otherwise.
func oauth2Proxy(t *testing.T, _ string) map[string]string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("_oauth2_proxy"); err == nil && c.Value == "valid" {
			w.Header().Set("X-Auth-Request-User", "alice")
			w.Header().Set("X-Auth-Request-Email", "alice@example.net")
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // closed by the cleanup
	t.Cleanup(func() { srv.Close() })
	return map[string]string{"https://oauth2.example.com/oauth2/auth": "http://" + ln.Addr().String() + "/oauth2/auth"}
}
