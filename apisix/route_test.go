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
	plain.SetExtra().FilterFunc = "function(vars) return true end"
	if out, _ := json.Marshal(&plain); string(out) != `{"id":"r2","uris":["/a"],"priority":3,"filter_func":"function(vars) return true end"}` {
		t.Fatalf("encoded %s", out)
	}
}
