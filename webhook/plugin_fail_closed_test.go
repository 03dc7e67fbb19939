package webhook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// schemasWithout copies the schema directory with the "schema" member
// removed from the files of the given plugins.
func schemasWithout(t *testing.T, plugins ...string) string {
	t.Helper()
	src, dst := testutil.SchemasDir(t), t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		for _, p := range plugins {
			if e.Name() == "plugin."+p+".json" {
				var m map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(b, &m))
				delete(m, "schema")
				b, err = json.Marshal(m)
				require.NoError(t, err)
			}
		}
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
	}
	return dst
}

// TestSchemaSourcesNeverRemoveTypedChecks: a plugin whose schema document
// has no "schema" member (from --schemas or from APISIX) is still checked by
// its typed configuration, as without any schema source; a plugin the
// project does not model is admitted with a warning that it was not checked.
// Messages about a configuration name the plugin.
func TestSchemaSourcesNeverRemoveTypedChecks(t *testing.T) {
	dir := schemasWithout(t, "limit-count", "uri-blocker")
	local, err := schema.Load(dir, schema.Options{})
	require.NoError(t, err)
	srv := apisixtest.NewServer(apisixtest.Options{SchemasDir: dir, APIKey: "k"})
	t.Cleanup(srv.Close)
	cl, err := apisix.NewClient(apisix.Config{BaseURLs: []string{srv.URL}, APIKey: "k", MaxRetries: -1})
	require.NoError(t, err)
	snap := &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}
	sources := map[string]Options{
		"none":   {},
		"local":  {Schemas: local},
		"remote": {APISIX: cl, APISIXTimeout: 10 * time.Second},
	}
	vpath := ValidatePath(apiv2.KindApisixRoute)
	for name, opts := range sources {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, snap, nil, opts)
			require.NoError(t, h.v.RefreshSchemas(t.Context()))
			r := h.review(vpath, admissionv1.Create, route("bad", "limit-count", `{"count":-5,"time_window":60}`), nil)
			require.False(t, r.Allowed)
			require.Equal(t, []string{`spec.http[0].plugins[0].config (limit-count): Invalid value: "{\"count\":-5,\"time_window\":60}": property "count" validation failed: expected -5 to be greater than 0`}, causes(r))

			r = h.review(vpath, admissionv1.Create, route("good", "limit-count", `{"count":5,"time_window":60}`), nil)
			require.True(t, r.Allowed, causes(r))
		})
	}
	h := newHarness(t, snap, nil, Options{Schemas: local})
	r := h.review(vpath, admissionv1.Create, route("unmodelled", "uri-blocker", `{"block_rules":"x"}`), nil)
	require.True(t, r.Allowed, causes(r))
	require.Contains(t, r.Warnings, `spec.http[0].plugins[0]: plugin uri-blocker not checked: its file in --schemas has no "schema" member`)
}
