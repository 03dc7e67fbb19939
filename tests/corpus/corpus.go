// Package corpus is a generated corpus of Kubernetes objects for the
// parity tests (tests/apicheck, tests/webhook): a valid Ingress and a valid
// ApisixRoute, and one mutation of each per API server rule (host forms,
// path forms, enums, ranges, patterns, CEL rules, unknown fields, names),
// plus every manifest of manifests/samples and manifests/samples/invalid.
package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// baseIngress is valid; each mutation breaks one rule of the API server's
// Ingress validation.
const baseIngress = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: default, annotations: {"nginx.ingress.kubernetes.io/ssl-redirect": "false"}}
spec:
  ingressClassName: apisix
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`

// baseRoute is a valid ApisixRoute.
const baseRoute = `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: web, namespace: default}
spec:
  ingressClassName: apisix
  http:
  - name: r1
    match: {hosts: [shop.example.com], paths: [/api/*], methods: [GET]}
    backends: [{serviceName: web, servicePort: 80, weight: 100}]
`

// mutation sets value at a path of the base object (a nil value deletes).
type mutation struct {
	name  string
	path  []any // string keys and int indexes
	value any
}

var ingressMutations = []mutation{
	{"host uppercase", []any{"spec", "rules", 0, "host"}, "Shop.Example.com"},
	{"host placeholder", []any{"spec", "rules", 0, "host"}, "registry.<your domain>"},
	{"host with port", []any{"spec", "rules", 0, "host"}, "shop.example.com:8080"},
	{"host IP address", []any{"spec", "rules", 0, "host"}, "10.0.0.1"},
	{"host inner wildcard", []any{"spec", "rules", 0, "host"}, "foo.*.example.com"},
	{"host wildcard ok", []any{"spec", "rules", 0, "host"}, "*.example.com"},
	{"tls host uppercase", []any{"spec", "tls", 0, "hosts", 0}, "Shop.example.com"},
	{"tls secret name", []any{"spec", "tls", 0, "secretName"}, "Shop_TLS"},
	{"no pathType", []any{"spec", "rules", 0, "http", "paths", 0, "pathType"}, nil},
	{"pathType enum", []any{"spec", "rules", 0, "http", "paths", 0, "pathType"}, "Regex"},
	{"prefix dotdot", []any{"spec", "rules", 0, "http", "paths", 0, "path"}, "/a/../b"},
	{"prefix double slash", []any{"spec", "rules", 0, "http", "paths", 0, "path"}, "/a//b"},
	{"prefix ends dot", []any{"spec", "rules", 0, "http", "paths", 0, "path"}, "/a/."},
	{"prefix encoded slash", []any{"spec", "rules", 0, "http", "paths", 0, "path"}, "/a%2fb"},
	{"prefix relative", []any{"spec", "rules", 0, "http", "paths", 0, "path"}, "a"},
	{"impl specific relative", []any{"spec", "rules", 0, "http", "paths", 0, "pathType"}, "ImplementationSpecific"},
	{"port name and number", []any{"spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name"}, "http"},
	{"port out of range", []any{"spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "number"}, 70000},
	{"port name invalid", []any{"spec", "rules", 0, "http", "paths", 0, "backend", "service", "port"}, map[string]any{"name": "HTTP_PORT"}},
	{"no port", []any{"spec", "rules", 0, "http", "paths", 0, "backend", "service", "port"}, map[string]any{}},
	{"service name invalid", []any{"spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"}, "Web.svc"},
	{"no backend", []any{"spec", "rules", 0, "http", "paths", 0, "backend"}, map[string]any{}},
	{"no paths", []any{"spec", "rules", 0, "http", "paths"}, []any{}},
	{"no rules nor default backend", []any{"spec", "rules"}, nil},
	{"class name invalid", []any{"spec", "ingressClassName"}, "APISIX"},
	{"name invalid", []any{"metadata", "name"}, "Web_1"},
	{"annotation key invalid", []any{"metadata", "annotations"}, map[string]any{"nginx.ingress.kubernetes.io/a b": "x"}},
	{"legacy class mismatch", []any{"metadata", "annotations"}, map[string]any{"kubernetes.io/ingress.class": "nginx"}},
	{"unknown field", []any{"spec", "rules", 0, "http", "paths", 0, "regex"}, true},
}

// baseSlice is a valid EndpointSlice.
const baseSlice = `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
`

var sliceMutations = []mutation{
	{"loopback address", []any{"endpoints", 0, "addresses", 0}, "127.0.0.1"},
	{"link-local address", []any{"endpoints", 0, "addresses", 0}, "169.254.1.1"},
	{"unspecified address", []any{"endpoints", 0, "addresses", 0}, "0.0.0.0"},
	{"not an address", []any{"endpoints", 0, "addresses", 0}, "10.0.0"},
	{"IPv6 in an IPv4 slice", []any{"endpoints", 0, "addresses", 0}, "fd00::1"},
	{"no addresses", []any{"endpoints", 0, "addresses"}, []any{}},
	{"port out of range (accepted)", []any{"ports", 0, "port"}, 70000},
	{"duplicate port names", []any{"ports"}, []any{map[string]any{"name": "http", "port": 80}, map[string]any{"name": "http", "port": 81}}},
	{"port name invalid", []any{"ports", 0, "name"}, "HTTP_PORT"},
}

// baseSecret, baseConfigMap and baseService are valid.
const (
	baseSecret    = "apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: default}\ntype: kubernetes.io/tls\nstringData: {tls.crt: \"x\", tls.key: \"y\"}\n"
	baseConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: headers, namespace: default}\ndata: {X-Team: shop}\n"
	baseService   = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec:\n  ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: https}]\n"
)

var secretMutations = []mutation{
	{"tls without key", []any{"stringData"}, map[string]any{"tls.crt": "x"}},
	{"basic-auth without user or password", []any{"type"}, "kubernetes.io/basic-auth"},
	{"bad data key", []any{"stringData"}, map[string]any{"tls.crt": "x", "tls.key": "y", "a b": "z"}},
}

var configMapMutations = []mutation{
	{"bad key", []any{"data"}, map[string]any{"a/b": "x"}},
}

var serviceMutations = []mutation{
	{"port out of range", []any{"spec", "ports", 0, "port"}, 70000},
	{"unnamed port among several", []any{"spec", "ports", 1, "name"}, nil},
	{"duplicate port names", []any{"spec", "ports", 1, "name"}, "http"},
	{"protocol enum", []any{"spec", "ports", 0, "protocol"}, "HTTP"},
	{"target port name invalid", []any{"spec", "ports", 1, "targetPort"}, "HTTPS_PORT"},
	{"target port out of range", []any{"spec", "ports", 0, "targetPort"}, 70000},
	{"no ports", []any{"spec", "ports"}, []any{}},
}

var routeMutations = []mutation{
	{"method enum", []any{"spec", "http", 0, "match", "methods", 0}, "FETCH"},
	{"path without slash", []any{"spec", "http", 0, "match", "paths", 0}, "api"},
	{"host pattern", []any{"spec", "http", 0, "match", "hosts", 0}, "Shop_example"},
	{"negative weight", []any{"spec", "http", 0, "backends", 0, "weight"}, -1},
	{"port range", []any{"spec", "http", 0, "backends", 0, "servicePort"}, 70000},
	{"no backends", []any{"spec", "http", 0, "backends"}, nil},
	{"unknown field", []any{"spec", "http", 0, "match", "regex"}, true},
	{"name invalid", []any{"metadata", "name"}, "Web_1"},
	{"expr op enum", []any{"spec", "http", 0, "match", "exprs"}, []any{map[string]any{"subject": map[string]any{"scope": "Header", "name": "x"}, "op": "Like", "value": "a"}}},
	{"expr In without set", []any{"spec", "http", 0, "match", "exprs"}, []any{map[string]any{"subject": map[string]any{"scope": "Header", "name": "x"}, "op": "In", "value": "a"}}},
	{"expr no name", []any{"spec", "http", 0, "match", "exprs"}, []any{map[string]any{"subject": map[string]any{"scope": "Header"}, "op": "Equal", "value": "a"}}},
	{"duplicate plugins", []any{"spec", "http", 0, "plugins"}, []any{map[string]any{"name": "cors", "enable": true}, map[string]any{"name": "cors", "enable": true}}},
}

// Generated returns the mutations of the base objects, valid bases first.
func Generated(t testing.TB) []Doc {
	var out []Doc
	for _, set := range []struct {
		base string
		ms   []mutation
	}{{baseIngress, ingressMutations}, {baseRoute, routeMutations}, {baseSlice, sliceMutations},
		{baseSecret, secretMutations}, {baseConfigMap, configMapMutations}, {baseService, serviceMutations}} {
		base := parse(t, set.base)
		out = append(out, Doc{Name: base.GetKind() + "/valid", Obj: base})
		for _, m := range set.ms {
			obj := base.DeepCopy()
			if err := setPath(obj.Object, m.path, m.value); err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
			// JSON numbers as unstructured objects hold them (int64).
			raw, _ := json.Marshal(obj.Object)
			obj = &unstructured.Unstructured{}
			if err := obj.UnmarshalJSON(raw); err != nil {
				t.Fatalf("%s: %v", m.name, err)
			}
			out = append(out, Doc{Name: base.GetKind() + "/" + m.name, Obj: obj})
		}
	}
	return out
}

func parse(t testing.TB, s string) *unstructured.Unstructured {
	raw, err := yaml.YAMLToJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	return obj
}

func setPath(v any, path []any, value any) error {
	for i, p := range path {
		last := i == len(path)-1
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("%v: not an object", path[:i+1])
			}
			if last {
				if value == nil {
					delete(m, k)
				} else {
					m[k] = value
				}
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return fmt.Errorf("%v: not a list or too short", path[:i+1])
			}
			if last {
				l[k] = value
				return nil
			}
			v = l[k]
		}
	}
	return nil
}

// Doc is one object of the corpus.
type Doc struct {
	Name string
	Obj  *unstructured.Unstructured
}

// Samples returns the objects of manifests/samples and manifests/samples/invalid.
func Samples(t testing.TB) []Doc {
	var out []Doc
	for _, pattern := range []string{"manifests/samples/*.yaml", "manifests/samples/invalid/*.yaml"} {
		files, err := filepath.Glob(filepath.Join(testutil.ModuleRoot(), pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, part := range strings.Split(string(raw), "\n---") {
				js, err := yaml.YAMLToJSON([]byte(part))
				if err != nil || strings.TrimSpace(string(js)) == "null" {
					continue
				}
				obj := &unstructured.Unstructured{}
				if err := obj.UnmarshalJSON(js); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				out = append(out, Doc{Name: fmt.Sprintf("%s#%d", filepath.Base(f), i), Obj: obj})
			}
		}
	}
	return out
}
