package migrate_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/apicheck"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/migrate"
)

// TestGatewayAPIExamplesCarried pins how many annotations of
// examples/ingress-nginx/ --to gateway-api carries into Gateway API
// objects, by form (docs/gateway-api-migration.md quotes these counts).
func TestGatewayAPIExamplesCarried(t *testing.T) {
	res := runExamples(t, migrate.ModeGateway)
	forms := res.Report.Totals.Forms
	carried := 0
	total := 0
	for f, n := range forms {
		total += n
		if f.Carried() {
			carried += n
		}
	}
	t.Logf("annotations: %d, carried into Gateway API objects: %d (%v)", total, carried, forms)
	require.Equal(t, 89, total)
	require.Equal(t, 43, carried)
	require.Equal(t, map[migrate.Form]int{
		migrate.FormCore: 7, migrate.FormExtended: 14, migrate.FormImplementation: 4, migrate.FormPluginConfig: 18,
		migrate.FormIngress: 11, migrate.FormNotCarried: 25, migrate.FormNone: 10,
	}, forms)
	// Every annotation of a migrated Ingress says what it became.
	for _, ir := range res.Report.Ingresses {
		for _, a := range ir.Annotations {
			require.NotEmpty(t, a.Form, "%s/%s %s", ir.Namespace, ir.Name, a.Key)
			require.NotEmpty(t, a.GatewayAPI, "%s/%s %s", ir.Namespace, ir.Name, a.Key)
		}
	}
}

// gatewayCRDs are the Gateway API v1.6.3 standard-channel CRDs, from the
// module cache.
func gatewayCRDs(t *testing.T) [][]byte {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/gateway-api")
	cmd.Dir = testutil.ModuleRoot()
	out, err := cmd.Output()
	require.NoError(t, err, "go list -m sigs.k8s.io/gateway-api")
	dir := filepath.Join(strings.TrimSpace(string(out)), "config", "crd", "standard")
	files, err := filepath.Glob(filepath.Join(dir, "gateway.networking.k8s.io_*.yaml"))
	require.NoError(t, err)
	var crds [][]byte
	for _, f := range files {
		if strings.Contains(f, "vap_") {
			continue // a ValidatingAdmissionPolicy, not a CRD
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		crds = append(crds, b)
	}
	require.NotEmpty(t, crds, "no CRDs in %s", dir)
	return crds
}

// outputObjects decodes the documents migrate wrote, by kind.
func outputObjects(t *testing.T, res *migrate.Result) map[string][]*unstructured.Unstructured {
	t.Helper()
	out := map[string][]*unstructured.Unstructured{}
	for _, o := range res.Outputs {
		if !o.Changed() {
			continue
		}
		for _, d := range o.Docs {
			js, err := yaml.YAMLToJSON(d)
			require.NoError(t, err)
			u := &unstructured.Unstructured{}
			require.NoError(t, u.UnmarshalJSON(js)) // integers as int64, as the API server reads them
			out[u.GetKind()] = append(out[u.GetKind()], u)
		}
	}
	return out
}

// checkGatewayOutput checks the objects against the API server's rules
// (the v1.6.3 CRDs' schemas and CEL, this project's CRDs) and the
// references between them: every ExtensionRef names an ApisixPluginConfig
// of the route's namespace, every parentRef a Gateway written and one of
// its listeners.
func checkGatewayOutput(t *testing.T, res *migrate.Result, gateway bool) map[string][]*unstructured.Unstructured {
	t.Helper()
	checker, err := apicheck.NewWithCRDs(gatewayCRDs(t)...)
	require.NoError(t, err)
	objs := outputObjects(t, res)
	for kind, list := range objs {
		for _, u := range list {
			if u.GetNamespace() == "" && kind != "GatewayClass" {
				u.SetNamespace("default")
			}
			errs := checker.Check(u.DeepCopy())
			require.Empty(t, errs, "%s %s/%s: %v", kind, u.GetNamespace(), u.GetName(), errs)
		}
	}
	pcs := map[string]bool{}
	for _, u := range objs["ApisixPluginConfig"] {
		pcs[u.GetNamespace()+"/"+u.GetName()] = true
	}
	listeners := map[string]bool{}
	for _, u := range objs["Gateway"] {
		ls, _, _ := unstructured.NestedSlice(u.Object, "spec", "listeners")
		for _, l := range ls {
			listeners[u.GetNamespace()+"/"+u.GetName()+"/"+l.(map[string]any)["name"].(string)] = true
		}
	}
	names := map[string]bool{}
	for _, u := range objs["HTTPRoute"] {
		key := u.GetNamespace() + "/" + u.GetName()
		require.False(t, names[key], "HTTPRoute %s written twice", key)
		names[key] = true
		rules, _, _ := unstructured.NestedSlice(u.Object, "spec", "rules")
		for _, r := range rules {
			fs, _, _ := unstructured.NestedSlice(r.(map[string]any), "filters")
			for _, f := range fs {
				if ref, ok := f.(map[string]any)["extensionRef"].(map[string]any); ok {
					require.True(t, pcs[u.GetNamespace()+"/"+ref["name"].(string)], "HTTPRoute %s: ExtensionRef %v not written", key, ref)
				}
			}
		}
		if !gateway {
			continue
		}
		parents, _, _ := unstructured.NestedSlice(u.Object, "spec", "parentRefs")
		require.NotEmpty(t, parents, "HTTPRoute %s", key)
		for _, p := range parents {
			pm := p.(map[string]any)
			ns, _ := pm["namespace"].(string)
			if ns == "" {
				ns = u.GetNamespace()
			}
			if sn, ok := pm["sectionName"].(string); ok {
				require.True(t, listeners[ns+"/"+pm["name"].(string)+"/"+sn], "HTTPRoute %s: parentRef %v names no listener", key, pm)
			}
		}
	}
	return objs
}

// TestGatewayAPIOutputValid: what --to gateway-api writes for the examples
// is what the API server accepts with the Gateway API v1.6.3 CRDs, and its
// references resolve.
func TestGatewayAPIOutputValid(t *testing.T) {
	res := runExamples(t, migrate.ModeGateway)
	objs := checkGatewayOutput(t, res, true)
	require.Len(t, objs["Gateway"], 1)
	require.Len(t, objs["GatewayClass"], 1)
	require.NotEmpty(t, objs["HTTPRoute"])
	require.NotEmpty(t, objs["ApisixPluginConfig"])
}

// TestGatewayAPIDeterministic: the same input gives the same bytes.
func TestGatewayAPIDeterministic(t *testing.T) {
	a := migrate.Files(runExamples(t, migrate.ModeGateway).Outputs, []string{examplesDir})
	for range 3 {
		b := migrate.Files(runExamples(t, migrate.ModeGateway).Outputs, []string{examplesDir})
		require.Equal(t, a, b)
	}
}

// manyPaths is an Ingress with TLS (so plain HTTP is redirected) on n
// hosts, with paths Prefix /p0../p<paths-1>.
func manyPaths(hosts, paths int) string {
	var b strings.Builder
	b.WriteString(`apiVersion: v1
kind: Service
metadata: {name: big, namespace: big}
spec:
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: big
  namespace: big
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "7"
spec:
  ingressClassName: nginx
  tls:
  - secretName: big-tls
    hosts: [`)
	for h := range hosts {
		if h > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "h%d.example.com", h)
	}
	b.WriteString("]\n  rules:\n")
	for h := range hosts {
		fmt.Fprintf(&b, "  - host: h%d.example.com\n    http:\n      paths:\n", h)
		for p := range paths {
			fmt.Fprintf(&b, "      - {path: /p%d, pathType: Prefix, backend: {service: {name: big, port: {number: 80}}}}\n", p)
		}
	}
	return b.String()
}

func runString(t *testing.T, in string, opts migrate.Options) *migrate.Result {
	t.Helper()
	docs, err := manifestio.Read("in.yaml", bytes.NewReader([]byte(in)))
	require.NoError(t, err)
	res, err := migrate.Run(docs, opts)
	require.NoError(t, err)
	return res
}

// TestGatewayAPISplitsToLimits: more than 16 rules or hostnames split an
// HTTPRoute into several, each within the CRD's limits.
func TestGatewayAPISplitsToLimits(t *testing.T) {
	res := runString(t, manyPaths(1, 20), migrate.Options{Mode: migrate.ModeGateway})
	objs := checkGatewayOutput(t, res, true)
	var names []string
	for _, u := range objs["HTTPRoute"] {
		rules, _, _ := unstructured.NestedSlice(u.Object, "spec", "rules")
		names = append(names, fmt.Sprintf("%s:%d", u.GetName(), len(rules)))
	}
	sort.Strings(names)
	require.Equal(t, []string{"big-2:4", "big-http-2:4", "big-http:16", "big:16"}, names)
	require.Len(t, objs["ApisixPluginConfig"], 1, "one ApisixPluginConfig for the routes' identical plugins")

	res = runString(t, manyPaths(20, 1), migrate.Options{Mode: migrate.ModeGateway})
	objs = checkGatewayOutput(t, res, true)
	names = nil
	for _, u := range objs["HTTPRoute"] {
		hosts, _, _ := unstructured.NestedStringSlice(u.Object, "spec", "hostnames")
		names = append(names, fmt.Sprintf("%s:%d", u.GetName(), len(hosts)))
	}
	sort.Strings(names)
	require.Len(t, names, 40, "20 hosts, each with its HTTPS and HTTP routes")
	listeners, _, _ := unstructured.NestedSlice(objs["Gateway"][0].Object, "spec", "listeners")
	require.Len(t, listeners, 21)
}

// TestGatewayAPIExistingGateway: with Options.Gateway the routes attach to
// that Gateway, by port where HTTPS and HTTP differ, and no Gateway is written.
func TestGatewayAPIExistingGateway(t *testing.T) {
	res := runString(t, manyPaths(1, 1), migrate.Options{Mode: migrate.ModeGateway, Gateway: "infra/public"})
	objs := checkGatewayOutput(t, res, false)
	require.Empty(t, objs["Gateway"])
	var parents []string
	for _, u := range objs["HTTPRoute"] {
		ps, _, _ := unstructured.NestedSlice(u.Object, "spec", "parentRefs")
		parents = append(parents, fmt.Sprintf("%s %v", u.GetName(), ps))
	}
	sort.Strings(parents)
	require.Equal(t, []string{
		"big [map[name:public namespace:infra port:443]]",
		"big-http [map[name:public namespace:infra port:80]]",
	}, parents)
	require.Contains(t, res.Report.Ingresses[0].Messages[len(res.Report.Ingresses[0].Messages)-1].Text, "Gateway infra/public needs an HTTPS listener")
}

// TestGatewayCRDCheckCatchesCEL: the check above does evaluate the
// HTTPRoute CRD's CEL rules (a RequestRedirect with backendRefs is refused).
func TestGatewayCRDCheckCatchesCEL(t *testing.T) {
	checker, err := apicheck.NewWithCRDs(gatewayCRDs(t)...)
	require.NoError(t, err)
	u := &unstructured.Unstructured{}
	require.NoError(t, u.UnmarshalJSON([]byte(`{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
	"metadata":{"name":"x","namespace":"default"},"spec":{"rules":[{"backendRefs":[{"name":"a","port":80}],
	"filters":[{"type":"RequestRedirect","requestRedirect":{"scheme":"https"}}]}]}}`)))
	errs := checker.Check(u)
	require.Len(t, errs, 1)
	require.Contains(t, errs[0].Error(), "RequestRedirect filter must not be used together with backendRefs")
}
