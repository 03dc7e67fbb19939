package webhook

import (
	"encoding/json"
	"sort"
	"testing"

	"time"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// route returns an ApisixRoute with one rule and one plugin.
func route(name, plugin, conf string) *apiv2.ApisixRoute {
	return &apiv2.ApisixRoute{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apisix.apache.org/v2", Kind: "ApisixRoute"},
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
		Spec: apiv2.ApisixRouteSpec{IngressClassName: "apisix", HTTP: []apiv2.ApisixRouteHTTP{{
			Name:     "r",
			Match:    apiv2.ApisixRouteHTTPMatch{Hosts: []string{"api.example.com"}, Paths: []string{"/api/*"}},
			Backends: []apiv2.ApisixRouteHTTPBackend{{ServiceName: "web", ServicePort: intstr.FromInt32(80)}},
			Plugins:  []apiv2.ApisixRoutePlugin{{Name: plugin, Config: &apiextensionsv1.JSON{Raw: []byte(conf)}}},
		}}},
	}
}

// apisixHarness is a harness whose plugin schemas come from an in-memory
// Admin API, not fetched yet (the timeout only bounds the test's refreshes,
// which may be slow under the race detector).
func apisixHarness(t *testing.T) (*harness, *apisixtest.Server) {
	srv := apisixtest.NewServer(apisixtest.Options{SchemasDir: testutil.SchemasDir(t), APIKey: "k"})
	t.Cleanup(srv.Close)
	cl, err := apisix.NewClient(apisix.Config{BaseURLs: []string{srv.URL}, APIKey: "k", MaxRetries: -1})
	require.NoError(t, err)
	snap := &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}
	return newHarness(t, snap, nil, Options{APISIX: cl, APISIXTimeout: 10 * time.Second}), srv
}

func TestPluginSchemaFromAPISIX(t *testing.T) {
	h, srv := apisixHarness(t)
	require.NoError(t, h.v.RefreshSchemas(t.Context()))
	vpath := ValidatePath(apiv2.KindApisixRoute)
	before := len(srv.Requests())

	r := h.review(vpath, admissionv1.Create, route("bad", "uri-blocker", `{"block_rules":"x"}`), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.http[0].plugins[0].config (uri-blocker): Invalid value: "{\"block_rules\":\"x\"}": property "block_rules" validation failed: wrong type: expected array, got string`}, causes(r))

	r = h.review(vpath, admissionv1.Create, route("unknown", "no-such-plugin", `{}`), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.http[0].plugins[0].name: Unsupported value: "no-such-plugin": APISIX has no plugin of that name`}, causes(r))

	r = h.review(vpath, admissionv1.Create, route("good", "limit-count", `{"count":10,"time_window":60}`), nil)
	require.True(t, r.Allowed, causes(r))

	// The schemas were fetched before: no admission asks APISIX.
	require.Len(t, srv.Requests(), before)
}

func TestAPISIXDownAdmitsWithWarning(t *testing.T) {
	h, srv := apisixHarness(t)
	require.NoError(t, srv.SetDown(true))
	require.Error(t, h.v.RefreshSchemas(t.Context()))
	start := time.Now()
	r := h.review(ValidatePath(apiv2.KindApisixRoute), admissionv1.Create, route("r", "echo", `{"body":"x"}`), nil)
	require.Less(t, time.Since(start), time.Second)
	require.True(t, r.Allowed, causes(r))
	require.Contains(t, r.Warnings, "spec.http[0].plugins[0]: plugin echo not checked: APISIX did not answer, so its schema was not checked")
	// A typed plugin is still checked while APISIX is down.
	r = h.review(ValidatePath(apiv2.KindApisixRoute), admissionv1.Create, route("r", "limit-count", `{"count":0,"time_window":60}`), nil)
	require.False(t, r.Allowed)
}

func TestLocalSchemas(t *testing.T) {
	s, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	require.NoError(t, err)
	h := newHarness(t, nil, nil, Options{Schemas: s})
	r := h.review(ValidatePath(apiv2.KindApisixRoute), admissionv1.Create, route("r", "uri-blocker", `{"block_rules":"x"}`), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.http[0].plugins[0].config (uri-blocker): Invalid value: "{\"block_rules\":\"x\"}": property "block_rules" validation failed: wrong type: expected array, got string`}, causes(r))
}

func TestCRDClassIsImmutableAndDefaultsAreAdded(t *testing.T) {
	h := newHarness(t, &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}, nil, Options{})
	old := route("r", "cors", `{}`)
	moved := old.DeepCopy()
	moved.Spec.IngressClassName = "other"
	r := h.review(ValidatePath(apiv2.KindApisixRoute), admissionv1.Update, moved, old)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.ingressClassName: Invalid value: "other": is immutable (was "apisix"): delete the object and create it with the new class`}, causes(r))

	r = h.review(MutatePath(apiv2.KindApisixRoute), admissionv1.Create, old, nil)
	require.True(t, r.Allowed)
	var ops []map[string]any
	require.NoError(t, json.Unmarshal(r.Patch, &ops))
	sort.Slice(ops, func(i, j int) bool { return ops[i]["path"].(string) < ops[j]["path"].(string) })
	require.Equal(t, []map[string]any{
		{"op": "add", "path": "/spec/http/0/backends/0/resolveGranularity", "value": "endpoint"},
		{"op": "add", "path": "/spec/http/0/backends/0/weight", "value": float64(100)},
		{"op": "add", "path": "/spec/http/0/plugins/0/enable", "value": true},
	}, ops)
	// The defaulted object gets no patch the second time.
	var again apiv2.ApisixRoute
	require.NoError(t, json.Unmarshal(applyPatch(t, mustJSON(t, old), r.Patch), &again))
	r = h.review(MutatePath(apiv2.KindApisixRoute), admissionv1.Update, &again, &again)
	require.Nil(t, r.PatchType, string(r.Patch))
}

func applyPatch(t *testing.T, doc, patch []byte) []byte {
	p, err := jsonpatch.DecodePatch(patch)
	require.NoError(t, err)
	out, err := p.Apply(doc)
	require.NoError(t, err)
	return out
}
