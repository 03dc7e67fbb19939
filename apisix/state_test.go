package apisix_test

import (
	"encoding/json"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

func TestStateJSON(t *testing.T) {
	s := apisix.NewState(route("r2", "u1"), route("r1", "u1"), &apisix.Upstream{ID: "u1"},
		&apisix.GlobalRule{ID: "g1", Plugins: apisix.Plugins{}})
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"routes":[{"id":"r1","labels":{"k8s-name":"web","managed-by":"apisix-ingress"},"uri":"/r1","upstream_id":"u1"},` +
		`{"id":"r2","labels":{"k8s-name":"web","managed-by":"apisix-ingress"},"uri":"/r2","upstream_id":"u1"}],` +
		`"upstreams":[{"id":"u1","nodes":[]}],"ssls":[],"consumers":[],"plugin_configs":[],` +
		`"global_rules":[{"id":"g1","plugins":{}}],"stream_routes":[],"services":[],"consumer_groups":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if s.Routes[0].ID != "r2" {
		t.Error("MarshalJSON reordered the receiver")
	}
}

func TestNodes(t *testing.T) {
	b, _ := json.Marshal(apisix.Upstream{ID: "u1"})
	if string(b) != `{"id":"u1","nodes":[]}` {
		t.Errorf("empty nodes: %s", b)
	}
	b, _ = json.Marshal(apisix.Upstream{ID: "u1", ServiceName: "a/b", DiscoveryType: "kubernetes"})
	if string(b) != `{"id":"u1","service_name":"a/b","discovery_type":"kubernetes"}` {
		t.Errorf("discovery: %s", b)
	}
	var u apisix.Upstream
	if err := json.Unmarshal([]byte(`{"nodes":{"10.0.0.2:81":2,"10.0.0.1:80":1,"[::1]:82":3,"host":4}}`), &u); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(u.Nodes)
	want := `[{"host":"10.0.0.1","port":80,"weight":1},{"host":"10.0.0.2","port":81,"weight":2},` +
		`{"host":"[::1]","port":82,"weight":3},{"host":"host","weight":4}]`
	if string(b) != want {
		t.Errorf("map form: %s", b)
	}
}

func TestValidIDAndLabels(t *testing.T) {
	for id, want := range map[string]bool{"a": true, "default_web-1.x": true, "": false, "a b": false, "a/b": false,
		"0123456789012345678901234567890123456789012345678901234567890123":  true,
		"01234567890123456789012345678901234567890123456789012345678901234": false} {
		if got := apisix.ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
	err := apisix.CheckLabels(apisix.Labels(map[string]string{"a": "ok", "b": "x y"}))
	want := `property "labels" validation failed: failed to validate b (matching ".*"): failed to match pattern "^\\S+$" with "x y"`
	if err == nil || err.Error() != want {
		t.Errorf("CheckLabels = %v", err)
	}
	err = apisix.CheckLabels(apisix.Labels(map[string]string{"a": ""}))
	if err == nil || err.Error() != `property "labels" validation failed: failed to validate a (matching ".*"): string too short, expected at least 1, got 0` {
		t.Errorf("CheckLabels(empty) = %v", err)
	}
	if apisix.CheckLabels(apisix.Labels(map[string]string{"managed-by": "apisix-ingress"})) != nil {
		t.Error("valid labels rejected")
	}
}

func TestCheckTypedPluginUnknown(t *testing.T) {
	known, err := apisix.CheckTypedPlugin("prometheus", json.RawMessage(`{}`))
	if known || err != nil {
		t.Errorf("CheckTypedPlugin(prometheus) = %v, %v", known, err)
	}
	_, err = apisix.CheckTypedPlugin("limit-req", json.RawMessage(`"x"`))
	if err == nil || err.Error() != "failed to check the configuration of plugin limit-req err: wrong type: expected object, got string" {
		t.Errorf("non-object: %v", err)
	}
}

func TestLuaNumber(t *testing.T) {
	for f, want := range map[float64]string{0: "0", 0.5: "0.5", 1e-05: "1e-05", 60000: "60000", -1: "-1", 10.25: "10.25"} {
		if got := apisix.LuaNumber(f); got != want {
			t.Errorf("LuaNumber(%v) = %s, want %s", f, got, want)
		}
	}
}
