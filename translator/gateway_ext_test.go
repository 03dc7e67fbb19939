package translator

import (
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestRuleTimeout: backendRequest bounds each attempt, request too when it
// is shorter or alone; "0s" (or nothing) leaves APISIX's default.
func TestRuleTimeout(t *testing.T) {
	d := func(s string) *gwv1.Duration { v := gwv1.Duration(s); return &v }
	for _, c := range []struct {
		req, backend *gwv1.Duration
		want         float64 // 0: no timeout
	}{
		{req: d("500ms"), want: 0.5},
		{backend: d("2s"), want: 2},
		{req: d("10s"), backend: d("2500ms"), want: 2.5},
		{req: d("1s"), backend: d("0s"), want: 1},
		{req: d("0s"), want: 0},
		{req: d("1m"), backend: d("1h"), want: 60},
	} {
		e := &emitter{}
		got := ruleTimeout(&gwv1.HTTPRouteTimeouts{Request: c.req, BackendRequest: c.backend}, field.NewPath("timeouts"), e)
		switch {
		case len(e.errs) > 0:
			t.Errorf("%+v: errors %v", c, e.errs)
		case c.want == 0 && got != nil, c.want != 0 && (got == nil || *got != apisix.Timeout{Connect: c.want, Send: c.want, Read: c.want}):
			t.Errorf("request %v backendRequest %v: got %+v, want %v s", c.req, c.backend, got, c.want)
		}
	}
}

// TestMoreSpecificHostname: which listeners a listener's routes leave
// their requests to (GatewayHTTPListenerIsolation).
func TestMoreSpecificHostname(t *testing.T) {
	for _, c := range []struct {
		h, m string
		want bool
	}{
		{"", "*.example.com", true},
		{"", "abc.example.com", true},
		{"*.example.com", "*.foo.example.com", true},
		{"*.example.com", "abc.example.com", true},
		{"*.foo.example.com", "*.example.com", false},
		{"*.example.com", "*.example.com", false},
		{"abc.example.com", "", false},
		{"abc.example.com", "x.abc.example.com", false},
		{"*.example.com", "example.com", false},
	} {
		if got := moreSpecificHostname(c.h, c.m); got != c.want {
			t.Errorf("moreSpecificHostname(%q, %q) = %v, want %v", c.h, c.m, got, c.want)
		}
	}
}

// TestMergeHeaderOps: a backend's header filter applies after the rule's:
// its set replaces the rule's set and add of that name (case-insensitive)
// and undoes the rule's removal.
func TestMergeHeaderOps(t *testing.T) {
	rule := &apisix.HeaderOps{Set: map[string]apisix.HeaderValue{"X-A": "rule"}, Add: map[string]apisix.HeaderValue{"x-b": "rule"}, Remove: []string{"X-C", "X-D"}}
	backend := &apisix.HeaderOps{Set: map[string]apisix.HeaderValue{"X-B": "backend", "x-c": "backend"}, Remove: []string{"X-E"}}
	got := mergeHeaderOps(rule, backend)
	want := apisix.HeaderOps{
		Set:    map[string]apisix.HeaderValue{"X-A": "rule", "X-B": "backend", "x-c": "backend"},
		Add:    map[string]apisix.HeaderValue{},
		Remove: []string{"X-D", "X-E"},
	}
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}
