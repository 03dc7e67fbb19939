package v2_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func newObject(kind string) any {
	switch kind {
	case apiv2.KindApisixRoute:
		return &apiv2.ApisixRoute{}
	case apiv2.KindApisixUpstream:
		return &apiv2.ApisixUpstream{}
	case apiv2.KindApisixTls:
		return &apiv2.ApisixTls{}
	case apiv2.KindApisixPluginConfig:
		return &apiv2.ApisixPluginConfig{}
	case apiv2.KindApisixConsumer:
		return &apiv2.ApisixConsumer{}
	case apiv2.KindApisixGlobalRule:
		return &apiv2.ApisixGlobalRule{}
	}
	return nil
}

// TestSamplesRoundTrip decodes every sample (valid and invalid) strictly into
// its Go type and encodes it back: no field may be lost or changed.
func TestSamplesRoundTrip(t *testing.T) {
	root := filepath.Join(testutil.ModuleRoot(), "manifests", "samples")
	docs, err := manifestio.ReadPaths([]string{root}, nil)
	require.NoError(t, err)
	kinds := map[string]int{}
	for _, d := range docs {
		name := fmt.Sprintf("%s:%d %s/%s", filepath.Base(d.Path), d.Line, d.Head.Kind, d.Head.Metadata.Name)
		t.Run(name, func(t *testing.T) {
			obj := newObject(d.Head.Kind)
			require.NotNil(t, obj, "unexpected kind %q", d.Head.Kind)
			kinds[d.Head.Kind]++
			orig, err := yaml.YAMLToJSON(d.Raw)
			require.NoError(t, err)
			dec := json.NewDecoder(bytes.NewReader(orig))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(obj), "strict decode")
			back, err := json.Marshal(obj)
			require.NoError(t, err)
			var want, got map[string]any
			require.NoError(t, json.Unmarshal(orig, &want))
			require.NoError(t, json.Unmarshal(back, &got))
			dropServerFields(got)
			dropZero(want, true)
			dropZero(got, true)
			if !reflect.DeepEqual(want, got) {
				w, _ := json.MarshalIndent(want, "", "  ")
				g, _ := json.MarshalIndent(got, "", "  ")
				require.Equal(t, string(w), string(g))
			}
		})
	}
	for _, k := range []string{apiv2.KindApisixRoute, apiv2.KindApisixUpstream, apiv2.KindApisixTls,
		apiv2.KindApisixPluginConfig, apiv2.KindApisixConsumer, apiv2.KindApisixGlobalRule} {
		require.NotZero(t, kinds[k], "no sample of kind %s", k)
	}
}

// dropServerFields removes what encoding adds that no manifest carries: a
// null creationTimestamp and an empty status.
func dropServerFields(obj map[string]any) {
	if md, ok := obj["metadata"].(map[string]any); ok {
		if md["creationTimestamp"] == nil {
			delete(md, "creationTimestamp")
		}
	}
	if st, ok := obj["status"].(map[string]any); ok && len(st) == 0 {
		delete(obj, "status")
	}
	if sp, ok := obj["spec"].(map[string]any); ok && len(sp) == 0 {
		delete(obj, "spec")
	}
}

// dropZero removes false booleans (an explicit false and an absent optional
// boolean mean the same), and with emptyStrings also "" strings, which encoding
// adds for required fields a deliberately invalid sample leaves out.
func dropZero(v any, emptyStrings bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if b, ok := e.(bool); ok && !b {
				delete(x, k)
				continue
			}
			if s, ok := e.(string); ok && s == "" && emptyStrings {
				delete(x, k)
				continue
			}
			dropZero(e, emptyStrings)
		}
	case []any:
		for _, e := range x {
			dropZero(e, emptyStrings)
		}
	}
}
