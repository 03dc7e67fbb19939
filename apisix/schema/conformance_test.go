package schema_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func load(t testing.TB) *schema.Schemas {
	t.Helper()
	s, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformanceResources(t *testing.T) {
	s := load(t)
	objs := resources()
	names := make([]string, 0, len(objs))
	for n := range objs {
		names = append(names, n)
	}
	sort.Strings(names)
	kinds := map[apisix.Kind]bool{}
	for _, n := range names {
		o := objs[n]
		kinds[o.Kind()] = true
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if err := s.CheckResource(o.Kind(), b); err != nil {
			t.Errorf("%s: %s\n%s", n, err, b)
		}
	}
	for _, k := range apisix.Kinds {
		if !kinds[k] {
			t.Errorf("no fixture of kind %s", k)
		}
	}
}

func TestConformanceTypedPlugins(t *testing.T) {
	s := load(t)
	cfgs := typedConfigs()
	for _, name := range apisix.TypedPluginNames() {
		forms, ok := cfgs[name]
		if !ok {
			t.Errorf("%s: no fixture", name)
			continue
		}
		for i, cfg := range forms {
			b, err := json.Marshal(cfg)
			if err != nil {
				t.Fatalf("%s[%d]: %v", name, i, err)
			}
			if err := s.CheckPlugin(name, b); err != nil {
				t.Errorf("%s[%d]: schema: %s\n%s", name, i, err, b)
			}
			if known, err := apisix.CheckTypedPlugin(name, b); !known || err != nil {
				t.Errorf("%s[%d]: typed: known=%v %v\n%s", name, i, known, err, b)
			}
			route := &apisix.Route{ID: "r1", URI: "/", Plugins: apisix.Plugins{name: b}}
			rb, _ := json.Marshal(route)
			if err := s.CheckResource(apisix.KindRoute, rb); err != nil {
				t.Errorf("%s[%d]: in a route: %s", name, i, err)
			}
		}
	}
	ccfgs := typedConsumerConfigs()
	for _, name := range apisix.TypedConsumerPluginNames() {
		for i, cfg := range ccfgs[name] {
			b, _ := json.Marshal(cfg)
			if err := s.CheckConsumerPlugin(name, b); err != nil {
				t.Errorf("%s[%d]: consumer schema: %s\n%s", name, i, err, b)
			}
			if known, err := apisix.CheckTypedConsumerPlugin(name, b); !known || err != nil {
				t.Errorf("%s[%d]: typed consumer: known=%v %v", name, i, known, err)
			}
		}
	}
}

func TestTypedPluginNames(t *testing.T) {
	want := []string{"api-breaker", "basic-auth", "client-control", "cors", "csrf", "fault-injection", "forward-auth",
		"hmac-auth", "ip-restriction", "jwt-auth", "key-auth", "ldap-auth", "limit-conn", "limit-count", "limit-req",
		"proxy-mirror", "proxy-rewrite", "real-ip", "redirect", "request-id", "response-rewrite", "traffic-split", "wolf-rbac"}
	got := apisix.TypedPluginNames()
	if len(got) != len(want) {
		t.Fatalf("TypedPluginNames() = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("TypedPluginNames() = %v", got)
		}
	}
	s := load(t)
	for _, n := range got {
		if !s.HasPlugin(n) {
			t.Errorf("typed plugin %s is not an APISIX plugin", n)
		}
	}
}
