package apisix_test

import (
	"encoding/json"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestRouteExtraIsFlatInJSON: the members in RouteExtra read and write as
// members of the route itself, and a route without them has no RouteExtra.
func TestRouteExtraIsFlatInJSON(t *testing.T) {
	var r apisix.Route
	in := `{"id":"r1","uri":"/","desc":"d","status":0,"create_time":5,"update_time":6}`
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	e := r.Extra()
	if r.RouteExtra == nil || e.Desc != "d" || e.Status == nil || *e.Status != 0 || e.CreateTime != 5 || e.UpdateTime != 6 {
		t.Fatalf("decoded %+v", e)
	}
	out, err := json.Marshal(&r)
	if err != nil || string(out) != `{"id":"r1","uri":"/","desc":"d","status":0,"create_time":5,"update_time":6}` {
		t.Fatalf("encoded %s %v", out, err)
	}

	var plain apisix.Route
	if err := json.Unmarshal([]byte(`{"id":"r2","uris":["/a"],"priority":3}`), &plain); err != nil {
		t.Fatal(err)
	}
	if plain.RouteExtra != nil || plain.Extra() != (apisix.RouteExtra{}) {
		t.Fatalf("a route without extra members got %+v", plain.RouteExtra)
	}
	// filter_func, the one extra member a translation sets, stays between
	// vars and priority, as before it moved to RouteExtra.
	plain.Vars = []any{[]any{"arg_a", "==", "1"}}
	plain.SetExtra().FilterFunc = "function(vars) return true end"
	if out, _ := json.Marshal(&plain); string(out) != `{"id":"r2","uris":["/a"],"vars":[["arg_a","==","1"]],"filter_func":"function(vars) return true end","priority":3}` {
		t.Fatalf("encoded %s", out)
	}
}

// TestUpstreamExtraIsFlatInJSON: the same for UpstreamExtra, and an upstream
// read back with timestamps equals the one that was written.
func TestUpstreamExtraIsFlatInJSON(t *testing.T) {
	var u apisix.Upstream
	in := `{"id":"u1","type":"roundrobin","nodes":[],"service_name":"a/b","create_time":5}`
	if err := json.Unmarshal([]byte(in), &u); err != nil {
		t.Fatal(err)
	}
	if e := u.Extra(); e.ServiceName != "a/b" || e.CreateTime != 5 {
		t.Fatalf("decoded %+v", e)
	}
	if out, _ := json.Marshal(&u); string(out) != `{"id":"u1","type":"roundrobin","nodes":[],"service_name":"a/b","create_time":5}` {
		t.Fatalf("encoded %s", out)
	}
	written := &apisix.Upstream{ID: "u2", Nodes: apisix.Nodes{{Host: "10.0.0.1", Port: 80, Weight: 1}}}
	var read apisix.Upstream
	if err := json.Unmarshal([]byte(`{"id":"u2","type":"roundrobin","scheme":"http","pass_host":"pass","hash_on":"vars",`+
		`"nodes":[{"host":"10.0.0.1","port":80,"weight":1}],"create_time":1,"update_time":2}`), &read); err != nil {
		t.Fatal(err)
	}
	if !apisix.Equal(apisix.KindUpstream, written, &read, nil) {
		t.Error("an upstream read back with defaults and timestamps differs from the one written")
	}
	if read.UpstreamExtra == nil || read.CreateTime != 1 {
		t.Error("comparing modified the upstream read back")
	}
}
