package migrate_test

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/migrate"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// translateFiles decodes rewritten files and translates them as this
// controller would serve them: class "apisix" only, nothing taken over.
func translateFiles(t *testing.T, files []migrate.File) *translator.Result {
	t.Helper()
	var docs []manifestio.Document
	for _, f := range files {
		d, err := manifestio.Read(f.Path, bytesReader(f.Data))
		require.NoError(t, err)
		docs = append(docs, d...)
	}
	dec, err := snapshotio.Decode(docs, "default")
	require.NoError(t, err)
	return translator.Translate(dec.Snapshot, translator.Options{})
}

// originalState translates the input independently of migrate.Run's own
// notion of it: ingress-nginx's class "nginx" (and class-less Ingresses,
// nginx being the default class) taken over, the ingress-nginx IngressClass
// dropped, and without the Ingresses the report says are blocked: those
// stay with ingress-nginx, so APISIX must not serve them after the
// migration either.
func originalState(t *testing.T, rep *migrate.Report) *translator.Result {
	t.Helper()
	docs, err := manifestio.ReadPaths([]string{examplesDir}, nil)
	require.NoError(t, err)
	dec, err := snapshotio.Decode(docs, "default")
	require.NoError(t, err)
	blocked := map[string]bool{}
	for _, ir := range rep.Ingresses {
		if ir.Outcome == migrate.Blocked {
			blocked[ir.Namespace+"/"+ir.Name] = true
		}
	}
	require.NotEmpty(t, blocked, "the examples include blocked Ingresses")
	s := *dec.Snapshot
	s.IngressClasses = nil
	s.Ingresses = nil
	for _, ing := range dec.Snapshot.Ingresses {
		if !blocked[ing.Namespace+"/"+ing.Name] {
			s.Ingresses = append(s.Ingresses, ing)
		}
	}
	return translator.Translate(&s, translator.Options{ExtraIngressClasses: []string{"nginx"}, WatchIngressWithoutClass: true})
}

// requireServable fails on any error but an unresolved reference (the
// examples' TLS Secrets are issued by cert-manager, so they are not in the
// files).
func requireServable(t *testing.T, res *translator.Result) {
	t.Helper()
	for _, st := range res.Statuses {
		for _, e := range st.Errors {
			require.Equal(t, field.ErrorTypeNotFound, e.Type, "%s: %v", st.Ref, e)
		}
		require.True(t, st.Emitted, st.Ref.String())
	}
}

// TestRewrittenIngressTranslatesTheSame: --to ingress keeps every Ingress's
// namespace and name, so the translated states must be identical, ids and
// ownership labels included: no normalisation at all.
func TestRewrittenIngressTranslatesTheSame(t *testing.T) {
	res := runExamples(t, migrate.ModeIngress)
	got := translateFiles(t, migrate.Files(res.Outputs, []string{examplesDir}))
	requireServable(t, got)
	want := originalState(t, res.Report)
	require.NotEmpty(t, want.State.Routes)
	require.JSONEq(t, mustJSON(t, want.State), mustJSON(t, got.State))
}

// TestRewrittenCRDTranslatesTheSame: --to crd replaces Ingresses with
// ApisixRoutes, so what legitimately differs is the identity of the APISIX
// objects: ids, names and ownership labels are derived from the source
// object (kind, namespace, name, rule), and references between objects
// (route upstream_id, traffic-split upstream_id) carry those ids. The
// comparison drops id, name and labels and replaces each upstream reference
// by the referenced upstream's normalised content. One more field is
// normalised: an ApisixTls ssl states type "server", APISIX's default, which
// the Ingress translation leaves implicit. Everything else (matches,
// priorities, timeouts, plugins, nodes, load balancing) must be equal.
func TestRewrittenCRDTranslatesTheSame(t *testing.T) {
	res := runExamples(t, migrate.ModeCRD)
	files := migrate.Files(res.Outputs, []string{examplesDir})
	got := translateFiles(t, files)
	requireServable(t, got)
	want := originalState(t, res.Report)
	converted := 0
	for _, ir := range res.Report.Ingresses {
		if ir.Output == "ApisixRoute" {
			converted++
		}
	}
	require.Greater(t, converted, 20, "most examples become ApisixRoutes")
	require.NotEmpty(t, want.State.SSLs, "an example carries its certificate: ApisixTls is compared too")
	require.Equal(t, normalise(t, want.State), normalise(t, got.State))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// normalise returns, per kind, the sorted normalised objects of a state.
func normalise(t *testing.T, s *apisix.State) map[string][]string {
	t.Helper()
	ups := map[string]string{}
	for _, u := range s.Upstreams {
		ups[u.ID] = canonical(t, u, nil)
	}
	ref := func(m map[string]any) {
		if id, ok := m["upstream_id"].(string); ok {
			m["upstream_id"] = ups[id]
		}
	}
	out := map[string][]string{}
	add := func(kind string, o any, fix func(map[string]any)) {
		out[kind] = append(out[kind], canonical(t, o, fix))
	}
	for _, r := range s.Routes {
		add("routes", r, func(m map[string]any) {
			ref(m)
			splitRefs(m, ref)
		})
	}
	for _, id := range sortedKeys(ups) {
		out["upstreams"] = append(out["upstreams"], ups[id])
	}
	for _, x := range s.SSLs {
		add("ssls", x, func(m map[string]any) {
			if m["type"] == "server" {
				delete(m, "type")
			}
		})
	}
	for _, x := range s.StreamRoutes {
		add("stream_routes", x, ref)
	}
	for _, x := range s.PluginConfigs {
		add("plugin_configs", x, nil)
	}
	for _, x := range s.Consumers {
		add("consumers", x, nil)
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

// splitRefs applies ref to every weighted upstream of a traffic-split.
func splitRefs(route map[string]any, ref func(map[string]any)) {
	plugins, _ := route["plugins"].(map[string]any)
	ts, _ := plugins["traffic-split"].(map[string]any)
	rules, _ := ts["rules"].([]any)
	for _, r := range rules {
		rm, _ := r.(map[string]any)
		wus, _ := rm["weighted_upstreams"].([]any)
		for _, w := range wus {
			if wm, ok := w.(map[string]any); ok {
				ref(wm)
			}
		}
	}
}

// canonical is an object's JSON without id, name and labels, with fix
// applied, keys sorted.
func canonical(t *testing.T, o any, fix func(map[string]any)) string {
	t.Helper()
	b, err := json.Marshal(o)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	delete(m, "id")
	delete(m, "name")
	delete(m, "labels")
	if fix != nil {
		fix(m)
	}
	b, err = json.Marshal(m)
	require.NoError(t, err)
	return string(b)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
