package apisix_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

const ctrl = "apisix-ingress"

func labels(managedBy string) apisix.Labels {
	return apisix.Labels(map[string]string{apisix.LabelManagedBy: managedBy, apisix.LabelSourceName: "web"})
}

func route(id, upstream string) *apisix.Route {
	return &apisix.Route{ID: id, URI: "/" + id, UpstreamID: upstream, Labels: labels(ctrl)}
}

func upstream(id string) *apisix.Upstream {
	return &apisix.Upstream{ID: id, Labels: labels(ctrl), Nodes: apisix.Nodes{{Host: "10.0.0.1", Port: 80, Weight: 1}}}
}

func opsText(ops []apisix.Op) []string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = fmt.Sprintf("%s %s/%s", op.Verb, op.Kind, op.ID)
	}
	return out
}

func assertOps(t *testing.T, ops []apisix.Op, want ...string) {
	t.Helper()
	got := opsText(ops)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ops\n got: %q\nwant: %q", got, want)
	}
}

func TestDiffNoop(t *testing.T) {
	desired := apisix.NewState(route("r1", "u1"), upstream("u1"))
	current := apisix.NewState(upstream("u1"), route("r1", "u1"))
	assertOps(t, apisix.Diff(desired, current, apisix.DiffOptions{ControllerName: ctrl}))
}

// TestDiffUnsure: objects whose last write had an unknown outcome are
// written again when desired (even when the held copy equals the desired
// one) and deleted when not.
func TestDiffUnsure(t *testing.T) {
	desired := apisix.NewState(route("r1", "u1"), upstream("u1"))
	current := apisix.NewState(upstream("u1"), route("r1", "u1"), route("r2", "u1"))
	unsure := func(k apisix.Kind, id string) bool { return k == apisix.KindRoute }
	assertOps(t, apisix.Diff(desired, current, apisix.DiffOptions{ControllerName: ctrl, Unsure: unsure}),
		"PUT routes/r1", "DELETE routes/r2")
}

func TestDiffOrdering(t *testing.T) {
	desired := apisix.NewState(
		route("r2", "u1"), route("r1", "u1"), upstream("u1"),
		&apisix.SSL{ID: "c1", Labels: labels(ctrl), Cert: "cert", Key: "key", SNI: "a.example.com"},
		&apisix.Consumer{Username: "alice", Labels: labels(ctrl)},
		&apisix.PluginConfig{ID: "pc1", Labels: labels(ctrl), Plugins: apisix.Plugins{}},
		&apisix.StreamRoute{ID: "sr1", UpstreamID: "u1", Labels: labels(ctrl)},
	)
	current := apisix.NewState(
		route("r9", "u9"), upstream("u9"), upstream("u8"),
		&apisix.PluginConfig{ID: "pc9", Labels: labels(ctrl), Plugins: apisix.Plugins{}},
		&apisix.Service{ID: "s9", Labels: labels(ctrl)},
		&apisix.ConsumerGroup{ID: "cg9", Labels: labels(ctrl), Plugins: apisix.Plugins{}},
	)
	assertOps(t, apisix.Diff(desired, current, apisix.DiffOptions{ControllerName: ctrl}),
		"PUT upstreams/u1",
		"PUT plugin_configs/pc1",
		"PUT consumers/alice",
		"PUT ssls/c1",
		"PUT routes/r1",
		"PUT routes/r2",
		"PUT stream_routes/sr1",
		"DELETE routes/r9",
		"DELETE consumer_groups/cg9",
		"DELETE plugin_configs/pc9",
		"DELETE services/s9",
		"DELETE upstreams/u8",
		"DELETE upstreams/u9",
	)
}

func TestDiffChange(t *testing.T) {
	changed := upstream("u1")
	changed.Nodes[0].Weight = 5
	ops := apisix.Diff(apisix.NewState(changed, route("r1", "u1")), apisix.NewState(upstream("u1"), route("r1", "u1")),
		apisix.DiffOptions{ControllerName: ctrl})
	assertOps(t, ops, "PUT upstreams/u1")
	if ops[0].Object != changed {
		t.Errorf("PUT carries %v, want the desired object", ops[0].Object)
	}
}

func TestDiffUnownedNeverDeleted(t *testing.T) {
	foreign := route("r-foreign", "u1")
	foreign.Labels = labels("someone-else")
	unlabelled := &apisix.Upstream{ID: "u-manual", Nodes: apisix.Nodes{}}
	current := apisix.NewState(foreign, unlabelled, &apisix.GlobalRule{ID: "g1", Plugins: apisix.Plugins{}},
		&apisix.Consumer{Username: "bob"})
	assertOps(t, apisix.Diff(&apisix.State{}, current, apisix.DiffOptions{ControllerName: ctrl}))
	// An empty controller name owns nothing either.
	assertOps(t, apisix.Diff(&apisix.State{}, apisix.NewState(route("r1", "u1")), apisix.DiffOptions{}))
	// Owns widens ownership, e.g. to global rules by id prefix.
	opts := apisix.DiffOptions{ControllerName: ctrl, Owns: func(o apisix.Object) bool { return o.GetID() == "g1" }}
	assertOps(t, apisix.Diff(&apisix.State{}, current, opts), "DELETE global_rules/g1")
}

// readBack is what APISIX 3.x returns for the desired objects below: the
// defaults its schemas fill in, timestamps, the map form of nodes, and no
// SSL private key.
const readBack = `{
 "routes": [{"id":"r1","uri":"/","upstream_id":"u1","priority":0,"status":1,"create_time":1700000000,"update_time":1700000001,
   "labels":{"managed-by":"apisix-ingress"},
   "plugins":{"limit-req":{"rate":10,"burst":5,"key":"remote_addr","key_type":"var","policy":"local","rejected_code":503,
     "nodelay":false,"allow_degradation":false},
     "forward-auth":{"uri":"http://auth","ssl_verify":true,"request_method":"GET","request_headers":{},"upstream_headers":{},
     "client_headers":{},"timeout":3000,"keepalive":true,"keepalive_timeout":60000,"keepalive_pool":5,
     "allow_degradation":false,"status_on_error":403,"max_req_body_size":67108864}}}],
 "upstreams": [{"id":"u1","type":"roundrobin","scheme":"http","pass_host":"pass","hash_on":"vars",
   "nodes":{"10.0.0.1:80":1},"labels":{"managed-by":"apisix-ingress"},"create_time":1700000000,"update_time":1700000000,
   "checks":{"active":{"type":"http","timeout":1,"concurrency":10,"http_path":"/healthz","http_method":"GET","http_req_body":"",
     "https_verify_certificate":true,
     "healthy":{"interval":1,"successes":2,"http_statuses":[200,302]},
     "unhealthy":{"interval":1,"http_failures":5,"tcp_failures":2,"timeouts":3,"http_statuses":[429,404,500,501,502,503,504,505]}}}}],
 "ssls": [{"id":"c1","type":"server","status":1,"cert":"CERT","sni":"a.example.com","labels":{"managed-by":"apisix-ingress"}}]
}`

func desiredForReadBack(t *testing.T) *apisix.State {
	r := &apisix.Route{ID: "r1", URI: "/", UpstreamID: "u1", Labels: apisix.Labels(map[string]string{apisix.LabelManagedBy: ctrl})}
	if err := r.Plugins.Set(apisix.PluginLimitReq, apisix.LimitReq{Rate: apisix.Ptr(10.0), Burst: apisix.Ptr(5.0), Key: "remote_addr"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Plugins.Set(apisix.PluginForwardAuth, apisix.ForwardAuth{URI: "http://auth"}); err != nil {
		t.Fatal(err)
	}
	u := &apisix.Upstream{ID: "u1", Labels: apisix.Labels(map[string]string{apisix.LabelManagedBy: ctrl}),
		Nodes:  apisix.Nodes{{Host: "10.0.0.1", Port: 80, Weight: 1}},
		Checks: &apisix.HealthCheck{Active: &apisix.ActiveCheck{HTTPPath: "/healthz", Healthy: &apisix.ActiveHealthy{}, Unhealthy: &apisix.ActiveUnhealthy{}}}}
	s := &apisix.SSL{ID: "c1", Cert: "CERT", Key: "KEY", SNI: "a.example.com", Labels: apisix.Labels(map[string]string{apisix.LabelManagedBy: ctrl})}
	return apisix.NewState(r, u, s)
}

func TestDiffServerDefaultsNoChurn(t *testing.T) {
	var current apisix.State
	if err := json.Unmarshal([]byte(readBack), &current); err != nil {
		t.Fatal(err)
	}
	s, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	desired := desiredForReadBack(t)
	assertOps(t, apisix.Diff(desired, &current, apisix.DiffOptions{ControllerName: ctrl, Defaults: s}))
	// Core defaults alone cannot know plugin and health-check defaults.
	assertOps(t, apisix.Diff(desired, &current, apisix.DiffOptions{ControllerName: ctrl}),
		"PUT upstreams/u1", "PUT routes/r1")
	// A real change still shows.
	desired.Routes[0].Priority = 5
	assertOps(t, apisix.Diff(desired, &current, apisix.DiffOptions{ControllerName: ctrl, Defaults: s}), "PUT routes/r1")
}

func TestDiffCoreDefaultsNoChurn(t *testing.T) {
	current := `{"routes":[{"id":"r1","uri":"/r1","upstream_id":"u1","priority":0,"status":1,"create_time":1,"update_time":2,
	  "labels":{"managed-by":"apisix-ingress","k8s-name":"web"}}],
	  "upstreams":[{"id":"u1","type":"roundrobin","scheme":"http","pass_host":"pass","hash_on":"vars","create_time":1,
	  "nodes":[{"host":"10.0.0.1","port":80,"weight":1,"priority":0}],"labels":{"managed-by":"apisix-ingress","k8s-name":"web"}}]}`
	var cur apisix.State
	if err := json.Unmarshal([]byte(current), &cur); err != nil {
		t.Fatal(err)
	}
	assertOps(t, apisix.Diff(apisix.NewState(route("r1", "u1"), upstream("u1")), &cur, apisix.DiffOptions{ControllerName: ctrl}))
}

func BenchmarkDiff10k(b *testing.B) {
	desired, current := &apisix.State{}, &apisix.State{}
	for i := range 10000 {
		id := fmt.Sprintf("r%05d", i)
		uid := fmt.Sprintf("u%05d", i)
		r := route(id, uid)
		_ = r.Plugins.Set(apisix.PluginProxyRewrite, apisix.ProxyRewrite{URI: "/v2"})
		desired.Add(r)
		desired.Add(upstream(uid))
		cr := route(id, uid)
		cr.Plugins = r.Plugins
		cr.Status, cr.CreateTime, cr.UpdateTime = apisix.Ptr(1), 1700000000, 1700000000
		current.Add(cr)
		cu := upstream(uid)
		cu.Type, cu.Scheme, cu.PassHost, cu.HashOn = "roundrobin", "http", "pass", "vars"
		cu.CreateTime = 1700000000
		current.Add(cu)
	}
	// One change per kind and one stale object, so the diff has work to report.
	current.Upstreams[0].Nodes[0].Weight = 9
	current.Add(route("zz-stale", "u00000"))
	opts := apisix.DiffOptions{ControllerName: ctrl}
	b.ReportAllocs()
	for b.Loop() {
		if ops := apisix.Diff(desired, current, opts); len(ops) != 2 {
			b.Fatalf("ops = %q", opsText(ops))
		}
	}
}
