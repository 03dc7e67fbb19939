package apisixtest_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// step is one Admin API request of a differential sequence. Body may hold
// {{CERT}} and {{KEY}}, replaced by a generated certificate and key (JSON
// string contents).
type step struct {
	method, path, body string
	// skip names the entry of the package doc's list of intended
	// differences that explains why this answer is not compared (the
	// request is still sent to both).
	skip string
}

// diffSequence is a list of requests sent, in order, to both servers.
type diffSequence struct {
	name  string
	steps []step
	// skip names the entry of the package doc's list of intended
	// differences that explains why this sequence is not compared.
	skip string
}

const (
	upsBody   = `{"nodes":[{"host":"10.0.0.1","port":80,"weight":1}]}`
	routeBody = `{"uri":"/a","upstream_id":"u1"}`
)

// diffSequences are the Admin API conversations the double must answer as
// APISIX 3.18.0 does: every kind the project writes, invalid bodies, missing
// and held references, defaults, ids and PATCH.
var diffSequences = []diffSequence{
	{name: "upstream put get replace list delete", steps: []step{
		{"PUT", "/upstreams/u1", upsBody, ""},
		{"GET", "/upstreams/u1", "", ""},
		{"PUT", "/upstreams/u1", `{"nodes":{"10.0.0.2:80":1},"type":"chash","key":"remote_addr","hash_on":"vars"}`, ""},
		{"GET", "/upstreams", "", ""},
		{"DELETE", "/upstreams/u1", "", ""},
		{"GET", "/upstreams/u1", "", ""},
		{"DELETE", "/upstreams/u1", "", ""},
		{"GET", "/upstreams", "", ""},
	}},
	{name: "upstream with every field the translator sets", steps: []step{
		{"PUT", "/upstreams/u1", `{"name":"default_svc_80","labels":{"managed-by":"apisix-ingress"},"type":"ewma","scheme":"https",
			"pass_host":"rewrite","upstream_host":"internal.example.com","retries":3,"retry_timeout":0,
			"timeout":{"connect":5,"send":30,"read":30},"keepalive_pool":{"size":16,"idle_timeout":30,"requests":100},
			"tls":{"verify":false},"nodes":[{"host":"10.0.0.1","port":8443,"weight":100,"priority":0}]}`, ""},
		{"GET", "/upstreams/u1", "", ""},
	}},
	{name: "route with inline upstream and plugins", steps: []step{
		{"PUT", "/routes/r1", `{"name":"default_ing_a","uris":["/a","/a/*"],"hosts":["a.example.com"],"priority":10,
			"enable_websocket":true,"labels":{"k8s-kind":"Ingress"},
			"plugins":{"proxy-rewrite":{"regex_uri":["^/a(/|$)(.*)","/$2"]},"cors":{},"limit-count":{"count":10,"time_window":60}},
			"upstream":{"nodes":[{"host":"10.0.0.1","port":80,"weight":1}],"timeout":{"connect":5,"send":60,"read":60}}}`, ""},
		{"GET", "/routes/r1", "", ""},
		{"GET", "/routes", "", ""},
	}},
	{name: "encrypted fields", steps: []step{
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-count":{"count":1,"time_window":60,"policy":"redis","redis_host":"127.0.0.1","redis_password":"secret"}}}`, ""},
		{"GET", "/routes/r1", "", ""},
		{"PATCH", "/routes/r1", `{"desc":"x"}`, ""},
		{"PUT", "/consumers", `{"username":"jack","plugins":{"jwt-auth":{"key":"jack","secret":"0123456789abcdef0123456789abcdef"},"hmac-auth":{"key_id":"jack","secret_key":"s3cr3t"}}}`, ""},
		{"GET", "/consumers/jack", "", ""},
		{"PUT", "/global_rules/g1", `{"plugins":{"http-logger":{"uri":"http://127.0.0.1:1/log","auth_header":"Bearer x"}}}`, ""},
		{"GET", "/global_rules", "", ""},
	}},
	{name: "plugin defaults are not stored", steps: []step{
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-req":{"rate":1,"burst":2,"key":"remote_addr"},"cors":{},"redirect":{"http_to_https":true}}}`, ""},
		{"GET", "/routes/r1", "", ""},
		{"PUT", "/global_rules/g1", `{"plugins":{"prometheus":{}}}`, ""},
		{"GET", "/global_rules/g1", "", ""},
	}},
	{name: "service, plugin_config, consumer_group, consumer, global_rule", steps: []step{
		{"PUT", "/upstreams/u1", upsBody, ""},
		{"PUT", "/services/s1", `{"upstream_id":"u1","plugins":{"cors":{}},"labels":{"a":"b"}}`, ""},
		{"PUT", "/plugin_configs/p1", `{"plugins":{"ip-restriction":{"whitelist":["10.0.0.0/8"]}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","service_id":"s1","plugin_config_id":"p1"}`, ""},
		{"PUT", "/consumer_groups/cg1", `{"plugins":{"limit-count":{"count":5,"time_window":60}}}`, ""},
		{"PUT", "/consumers", `{"username":"jack","group_id":"cg1","plugins":{"basic-auth":{"username":"jack","password":"pw"}}}`, ""},
		{"PUT", "/consumers/jill", `{"username":"jill","plugins":{"key-auth":{"key":"abc"}}}`, ""},
		{"PUT", "/global_rules/g1", `{"plugins":{"ip-restriction":{"blacklist":["192.0.2.0/24"]}}}`, ""},
		{"PUT", "/global_rules/g2", `{"plugins":{"ip-restriction":{"whitelist":["10.0.0.0/8"]}}}`, ""},   // a plugin is global once
		{"PUT", "/global_rules/g1", `{"plugins":{"ip-restriction":{"blacklist":["192.0.2.0/24"]}}}`, ""}, // its own rule may update it
		{"GET", "/services/s1", "", ""},
		{"GET", "/plugin_configs/p1", "", ""},
		{"GET", "/consumer_groups/cg1", "", ""},
		{"GET", "/consumers/jack", "", ""},
		{"GET", "/consumers", "", ""},
		{"GET", "/global_rules", "", ""},
		{"DELETE", "/services/s1", "", ""},
		{"DELETE", "/plugin_configs/p1", "", ""},
		{"DELETE", "/consumer_groups/cg1", "", ""},
		{"DELETE", "/routes/r1", "", ""},
		{"DELETE", "/services/s1", "", ""},
		{"DELETE", "/plugin_configs/p1", "", ""},
		{"DELETE", "/consumers/jack", "", ""},
		{"DELETE", "/consumer_groups/cg1", "", ""},
	}},
	{name: "ssl", steps: []step{
		{"PUT", "/ssls/t1", `{"cert":"{{CERT}}","key":"{{KEY}}","snis":["a.example.com"],"labels":{"managed-by":"apisix-ingress"}}`, ""},
		{"GET", "/ssls/t1", "", ""},
		{"GET", "/ssls", "", ""},
		{method: "PUT", path: "/ssls/t2", body: `{"cert":"x","key":"y","snis":["a.example.com"]}`, skip: "several failures"},
		{"PUT", "/ssls/t2", `{"cert":"{{CERT}}","key":"y","snis":["a.example.com"]}`, ""},
		{"PATCH", "/ssls/t1", `{"key":"{{KEY}}"}`, ""},
		{"PATCH", "/ssls/t1/snis", `["b.example.com"]`, ""},
		{"GET", "/ssls/t1", "", ""},
		{"PUT", "/ssls/t3", `{"cert":"{{CERT}}","key":"{{KEY}}"}`, ""},
		{"DELETE", "/ssls/t1", "", ""},
	}},
	{name: "stream routes", skip: "stream_routes", steps: []step{
		{"PUT", "/upstreams/u1", upsBody, ""},
		{"PUT", "/stream_routes/sr1", `{"server_port":9100,"upstream_id":"u1"}`, ""},
		{"GET", "/stream_routes/sr1", "", ""},
		{"GET", "/stream_routes", "", ""},
		{"DELETE", "/stream_routes/sr1", "", ""},
	}},
	{name: "schema violations", steps: []step{
		{"PUT", "/routes/r1", `{"upstream":{"nodes":{"10.0.0.1:80":1}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"priority":"high"}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"methods":["FETCH"]}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1},"type":"nope"}}`, ""},
		{"PUT", "/upstreams/u1", `{"nodes":[{"host":"10.0.0.1","port":70000,"weight":1}]}`, ""},
		{"PUT", "/upstreams/u1", `{"type":"roundrobin"}`, ""},
		{"PUT", "/upstreams/u1", `{"nodes":{"10.0.0.1:80":1},"unknown_field":1}`, ""},
		{"PUT", "/consumers", `{"username":"bad name!"}`, ""},
		{"PUT", "/routes/r1", `not json`, ""},
		{"PUT", "/routes/r1", `{"uri":`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a",}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a"} x`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a\q"}`, ""},
		{"PUT", "/routes/r1", `{"uri" "/a"}`, ""},
		{"PUT", "/routes/r1", `[1,2]`, ""},
		{"PUT", "/routes/r1", `[]`, ""},
		{"PUT", "/routes/r1", ``, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"create_time":1}`, ""},
		{"PUT", "/consumers", `{"username":"jack","update_time":1}`, ""},
		{"GET", "/routes", "", ""},
	}},
	{name: "plugin config errors", steps: []step{
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-count":{"count":1,"time_window":60,"policy":"redis"}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-count":{"count":-1,"time_window":60}}}`, ""},
		{method: "PUT", path: "/routes/r1", body: `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-req":{"rate":1}}}`, skip: "several failures"},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"limit-req":{"rate":1,"burst":1}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"no-such-plugin":{}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"ip-restriction":{"whitelist":["not-an-ip"]}}}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"proxy-rewrite":{"regex_uri":["^/a"]}}}`, ""},
		{"PUT", "/consumers", `{"username":"jack","plugins":{"key-auth":{}}}`, ""},
		{"PUT", "/global_rules/g1", `{"plugins":{"cors":{"max_age":"x"}}}`, ""},
	}},
	{name: "missing and held references", steps: []step{
		{"PUT", "/routes/r1", `{"uri":"/a","upstream_id":"nope"}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","service_id":"nope"}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","plugin_config_id":"nope","upstream":{"nodes":{"10.0.0.1:80":1}}}`, ""},
		{"PUT", "/services/s1", `{"upstream_id":"nope"}`, ""},
		{"PUT", "/consumers", `{"username":"jack","group_id":"nope"}`, ""},
		{"PUT", "/upstreams/u1", upsBody, ""},
		{"PUT", "/routes/r1", routeBody, ""},
		{"DELETE", "/upstreams/u1", "", ""},
		{"PUT", "/services/s1", `{"upstream_id":"u1"}`, ""},
		{"PUT", "/routes/r1", `{"uri":"/a","service_id":"s1"}`, ""},
		{"DELETE", "/services/s1", "", ""},
		{"DELETE", "/routes/r1", "", ""},
		{"DELETE", "/upstreams/u1", "", ""},
		{"DELETE", "/services/s1", "", ""},
		{"DELETE", "/upstreams/u1", "", ""},
	}},
	{name: "ids", steps: []step{
		{"PUT", "/upstreams/a$b", upsBody, ""},
		{"PUT", "/upstreams/" + strings.Repeat("x", 65), upsBody, ""},
		{"PUT", "/upstreams/" + strings.Repeat("x", 64), upsBody, ""},
		{"PUT", "/upstreams/a.b-c_D~9", upsBody, ""},
		{"PUT", "/upstreams/a%20b", upsBody, ""},
		{"PUT", "/upstreams/a:b", upsBody, ""},
		{"PUT", "/upstreams/a/b", upsBody, ""},
		{"GET", "/upstreams/a/b", "", ""},
		{"DELETE", "/upstreams/a/b", "", ""},
		{"GET", "/upstreams/a", "", ""},
		{"PUT", "/upstreams/%C3%A9", upsBody, ""},
		{"GET", "/upstreams/a.b-c_D~9", "", ""},
		{"DELETE", "/upstreams/a:b", "", ""},
		{"PUT", "/upstreams/u1", `{"id":"u2","nodes":{"10.0.0.1:80":1}}`, ""},
		{"PUT", "/upstreams/u1", `{"id":"u1","nodes":{"10.0.0.1:80":1}}`, ""},
		{"PUT", "/upstreams", upsBody, ""},
		{"PUT", "/consumers/jack", `{"username":"jill"}`, ""},
		{"GET", "/upstreams", "", ""},
	}},
	{name: "more shapes", steps: []step{
		{"PUT", "/upstreams/1", `{"id":1,"nodes":{"10.0.0.1:80":1}}`, ""},
		{"PUT", "/upstreams/u1", upsBody, ""},
		{"GET", "/upstreams/1", "", ""},
		{"PUT", "/upstreams/u2", `{"nodes":[{"host":"10.0.0.1","port":80,"weight":1}],"checks":{"active":{"type":"http","http_path":"/healthz","healthy":{"interval":2,"successes":1},"unhealthy":{"interval":1,"http_failures":2}},"passive":{"unhealthy":{"http_failures":3}}}}`, ""},
		{"PUT", "/upstreams/u3", `{"nodes":{"10.0.0.1:443":1},"scheme":"https","tls":{"client_cert":"{{CERT}}","client_key":"{{KEY}}"}}`, ""},
		{"GET", "/upstreams/u3", "", ""},
		{"PUT", "/upstreams/u4", `{"nodes":{"10.0.0.1:80":1},"type":"chash","hash_on":"header","key":"x-user"}`, ""},
		{"PUT", "/upstreams/u5", `{"nodes":{"10.0.0.1:80":1},"type":"chash"}`, ""},
		{"PUT", "/upstreams/u6", `{"nodes":{},"service_name":"x","discovery_type":"dns"}`, ""},
		{"PUT", "/services/s1", `{"upstream":{"nodes":{"10.0.0.1:80":1}},"hosts":["*.example.com"],"enable_websocket":true}`, ""},
		{"PUT", "/routes/r1", `{"uris":["/a","/b/*"],"hosts":["a.example.com","*.b.example.com"],"methods":["GET","POST"],
			"remote_addrs":["10.0.0.0/8"],"vars":[["http_x_canary","==","1"],["arg_v","~~","^v[0-9]+$"]],"priority":5,
			"timeout":{"connect":3,"send":3,"read":3},"service_id":"s1","status":0}`, ""},
		{"PUT", "/routes/r2", `{"uri":"/c","service_id":"s1","vars":[["http_x","bad-op","1"]]}`, ""},
		{"PUT", "/routes/r3", `{"uri":"/c","upstream_id":"u1","upstream":{"nodes":{"10.0.0.1:80":1}}}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"nope","plugins":{"limit-count":{"count":-1,"time_window":60}}}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream":{"nodes":{"10.0.0.1:80":1},"type":"chash"},"plugins":{"limit-count":{"count":-1,"time_window":60}}}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"u1","plugins":{"limit-count":{"count":-1,"time_window":60}},"vars":[["a","nope","b"]]}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"u1","vars":["a","==","b"]}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"u1","vars":[["a","!","in",["b"]],["OR",["x","==","1"],["y","~~","z"]],["c","d"],["arg_ip","ipmatch",["10.0.0.0/8"]]]}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"u1","vars":[["a","?","in",["b"]]]}`, ""},
		{"PUT", "/routes/r5", `{"uri":"/e","upstream_id":"u1","vars":[["OR",["x","==","1"]]]}`, ""},
		{"PUT", "/routes/r6", `{"uri":"/e","host":"a.example.com","hosts":["b.example.com"],"upstream_id":"u1"}`, ""},
		{"PUT", "/upstreams/u7", `{"nodes":{"10.0.0.1:70000":1}}`, ""},
		{"PUT", "/upstreams/u7", `{"nodes":{"10.0.0.1:80":1},"pass_host":"rewrite"}`, ""},
		{"PUT", "/ssls/t1", `{"cert":"{{CERT}}","key":"{{KEY}}","snis":["a.example.com"],"client":{"ca":"{{CERT}}","depth":2}}`, ""},
		{"PUT", "/consumer_groups/cg1", `{"plugins":{}}`, ""},
		{"PUT", "/plugin_configs/p1", `{"plugins":{}}`, ""},
		{"PUT", "/global_rules/g1", `{"plugins":{}}`, ""},
		{"PUT", "/routes/r4", `{"uri":"/d","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"cors":{}},"plugin_config_id":"p1"}`, ""},
		{"GET", "/routes", "", ""},
	}},
	{name: "paged lists", steps: pagedSteps()},
	{name: "plugin schema endpoints", steps: []step{
		{"GET", "/plugins/limit-count", "", ""},
		{"GET", "/plugins/key-auth?schema_type=consumer", "", ""},
		{"GET", "/plugins/basic-auth?schema_type=consumer", "", ""},
		{"GET", "/plugins/no-such-plugin", "", ""},
		{method: "GET", path: "/plugins/list", skip: "plugin list"},
	}},
	{name: "configs validate", steps: []step{
		{"POST", "/configs/validate", `{"routes":[{"id":"r1","uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}}}]}`, ""},
		{"POST", "/configs/validate", `{"routes":[{"id":"r1","upstream":{"nodes":{"10.0.0.1:80":1}}},{"id":"r2","uri":"/a","upstream_id":"missing"}],"upstreams":[{"id":"u1","nodes":{"10.0.0.1:80":1},"type":"nope"}]}`, ""},
		{"POST", "/configs/validate", `{"routes":[{"id":"r1","uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}}},{"id":"r1","uri":"/b","upstream":{"nodes":{"10.0.0.1:80":1}}}],"consumers":[{"username":"jack","plugins":{"key-auth":{}}}]}`, ""},
		{"POST", "/configs/validate", `{"routes":[{"id":"r1","uri":"/a","plugins":{"limit-count":{"count":1,"time_window":60,"policy":"redis"}}}]}`, ""},
		{"POST", "/configs/validate", ``, ""},
		{"POST", "/configs/validate", `{"routes_conf_version":"x","upstreams":[{"id":1,"nodes":{"10.0.0.1:80":1}}],"consumers":[{"username":"a"},{"username":"a"}]}`, ""},
		{"POST", "/configs/validate", `{"routes":[{"id":"r1","uri":"/a",}]}`, ""},
		{"GET", "/routes", "", ""},
	}},
	{name: "unsupported", steps: []step{
		{"GET", "/nothing", "", ""},
		{"GET", "/routes/nope", "", ""},
		{"DELETE", "/routes", "", ""},
		{"PATCH", "/upstreams", `{"nodes":{}}`, ""},
	}},
	{name: "patch", steps: []step{
		{"PUT", "/routes/r1", `{"uri":"/a","upstream":{"nodes":{"10.0.0.1:80":1}},"plugins":{"cors":{}},"desc":"d"}`, ""},
		{"PATCH", "/routes/r1", `{"uri":"/b","desc":null,"plugins":{"limit-count":{"count":1,"time_window":60}}}`, ""},
		{"GET", "/routes/r1", "", ""},
		{"PATCH", "/routes/r1/uri", `"/c"`, ""},
		{"GET", "/routes/r1", "", ""},
		{"PATCH", "/routes/r1", `{"priority":"x"}`, ""},
		{"PATCH", "/routes/nope", `{"uri":"/b"}`, ""},
		{"PATCH", "/routes/r1", ``, ""},
		{"PATCH", "/routes/r1", `{"desc":"x","update_time":5}`, ""},
	}},
}

// pagedSteps creates 12 upstreams and reads them in pages.
func pagedSteps() []step {
	var steps []step
	for i := 1; i <= 12; i++ {
		steps = append(steps, step{"PUT", fmt.Sprintf("/upstreams/u%02d", i), upsBody, ""})
	}
	for _, q := range []string{"page=1&page_size=10", "page=2&page_size=10", "page=3&page_size=10", "page=1", "page_size=10"} {
		steps = append(steps, step{"GET", "/upstreams?" + q, "", ""})
	}
	return steps
}

// TestDifferentialAgainstRealAPISIX sends each sequence to apisixtest and to
// a real APISIX 3.18.0 and compares every answer's status and body. Bodies
// are compared as JSON with create_time/update_time and etcd indexes
// replaced by placeholders (their presence still counts).
func TestDifferentialAgainstRealAPISIX(t *testing.T) {
	schemas := testutil.SchemasDir(t)
	real := testutil.APISIX(t, apisixrt.Options{})
	dbl := apisixtest.NewServer(apisixtest.Options{SchemasDir: schemas, APIKey: "k"})
	t.Cleanup(dbl.Close)
	cert, key := testCertPEM(t)
	repl := strings.NewReplacer("{{CERT}}", jsonString(cert), "{{KEY}}", jsonString(key))
	for _, seq := range diffSequences {
		t.Run(seq.name, func(t *testing.T) {
			if seq.skip != "" {
				t.Skipf("intended difference %q: see the package doc (apisix/apisixtest/doc.go)", seq.skip)
			}
			wipe(t, real.AdminURL, real.AdminKey)
			wipe(t, dbl.URL, "k")
			for i, st := range seq.steps {
				if st.method == "DELETE" {
					settle(t, real, st.path)
				}
				body := repl.Replace(st.body)
				rc, rb := adminCall(t, real.AdminURL, real.AdminKey, st.method, st.path, body)
				dc, db := adminCall(t, dbl.URL, "k", st.method, st.path, body)
				rn, dn := normalise(rb), normalise(db)
				if st.skip != "" {
					t.Logf("step %d not compared: intended difference %q (see the package doc)", i, st.skip)
					continue
				}
				if rc != dc || rn != dn {
					t.Errorf("step %d %s %s %s\n real:   %d %s\n double: %d %s", i, st.method, st.path, abbreviate(st.body), rc, rn, dc, dn)
				}
			}
		})
	}
}

// settle waits until the real APISIX's in-memory copy of etcd has caught up
// with the Admin API's writes, before a delete whose reference check reads it
// (see "settled references" in the package doc).
func settle(t *testing.T, real *apisixrt.Instance, path string) {
	t.Helper()
	if strings.HasPrefix(path, "/consumer_groups/") {
		time.Sleep(200 * time.Millisecond) // consumers have no control API listing
	}
	control := real.Env["APISIX_CONTROL_URL"]
	deadline := time.Now().Add(10 * time.Second)
	for _, kind := range []string{"routes", "services"} {
		for {
			_, adminBody := adminCall(t, real.AdminURL, real.AdminKey, "GET", "/"+kind, "")
			var l struct {
				List []versioned `json:"list"`
			}
			_ = json.Unmarshal([]byte(adminBody), &l)
			var mem []versioned
			if resp, err := http.Get(control + "/v1/" + kind); err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				_ = json.Unmarshal(b, &mem) // {} when empty
			}
			if sameVersions(l.List, mem) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("real APISIX's in-memory %s did not catch up with etcd within 10s", kind)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// versioned is an object's key and etcd revision.
type versioned struct {
	Key           string `json:"key"`
	ModifiedIndex int64  `json:"modifiedIndex"`
}

func sameVersions(a, b []versioned) bool {
	set := map[versioned]bool{}
	for _, v := range a {
		set[v] = true
	}
	for _, v := range b {
		if !set[v] {
			return false
		}
	}
	return len(a) == len(b)
}

// wipe deletes every object of both servers, referrers first.
func wipe(t *testing.T, base, key string) {
	t.Helper()
	for i := len(apisix.Kinds) - 1; i >= 0; i-- {
		k := apisix.Kinds[i]
		code, body := adminCall(t, base, key, "GET", "/"+string(k), "")
		if code != http.StatusOK {
			continue // stream_routes without a stream proxy
		}
		var l struct {
			List []struct {
				Key string `json:"key"`
			} `json:"list"`
		}
		_ = json.Unmarshal([]byte(body), &l) // an empty list may be {}
		for _, it := range l.List {
			id := it.Key[strings.LastIndex(it.Key, "/")+1:]
			if c, b := adminCall(t, base, key, "DELETE", "/"+string(k)+"/"+id+"?force=true", ""); c != http.StatusOK {
				t.Fatalf("wiping %s/%s: %d %s", k, id, c, b)
			}
		}
	}
}

// adminCall sends one request below /apisix/admin.
func adminCall(t *testing.T, base, key, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+"/apisix/admin"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// normalise re-encodes a JSON body with sorted members, timestamps and etcd
// indexes replaced by placeholders; a body that is not JSON stays as it is.
func normalise(body string) string {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return strings.TrimSpace(body)
	}
	v = placeholders(v)
	sortValidateErrors(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSpace(buf.String())
}

// sortValidateErrors orders the errors of a configs/validate answer: APISIX
// walks the kinds in Lua hash order (see "validate order" in the package
// doc), so only the set of errors is compared.
func sortValidateErrors(v any) {
	m, ok := v.(map[string]any)
	if !ok || m["error_msg"] != "Configuration validation failed" {
		return
	}
	errs, _ := m["errors"].([]any)
	key := func(e any) string { b, _ := json.Marshal(e); return string(b) }
	sort.Slice(errs, func(i, j int) bool { return key(errs[i]) < key(errs[j]) })
}

func placeholders(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			switch k {
			case "create_time", "update_time":
				t[k] = "<time>"
			case "createdIndex", "modifiedIndex":
				t[k] = "<index>"
			default:
				t[k] = placeholders(e)
			}
		}
	case []any:
		for i, e := range t {
			t[i] = placeholders(e)
		}
	}
	return v
}

func abbreviate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// jsonString returns s encoded as the inside of a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// testCertPEM returns a self-signed certificate for a.example.com and its
// key, PEM-encoded.
func testCertPEM(t *testing.T) (string, string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "a.example.com"}, DNSNames: []string{"a.example.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		fmt.Sprint(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})))
}
