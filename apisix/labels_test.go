package apisix_test

import (
	"encoding/json"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestLabelsJSON: labels are written as one object, keys sorted; an object
// without labels has no labels member; null reads as none.
func TestLabelsJSON(t *testing.T) {
	l := apisix.Labels{"zone": "a", "app": "x<y", "managed-by": "apisix-ingress"}
	if b, err := json.Marshal(l); err != nil || string(b) != `{"app":"x\u003cy","managed-by":"apisix-ingress","zone":"a"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	for _, r := range []*apisix.Route{{ID: "r1", URI: "/"}, {ID: "r1", URI: "/", Labels: apisix.Labels{}}} {
		if b, err := json.Marshal(r); err != nil || string(b) != `{"id":"r1","uri":"/"}` {
			t.Errorf("a route without labels: %s %v", b, err)
		}
	}
	var r apisix.Route
	if err := json.Unmarshal([]byte(`{"id":"r1","labels":null}`), &r); err != nil || len(r.Labels) != 0 {
		t.Errorf("null labels: %+v %v", r.Labels, err)
	}
	if err := json.Unmarshal([]byte(`{"labels":{"a":1}}`), &r); err == nil {
		t.Error("a non-string label value was accepted")
	}
}
