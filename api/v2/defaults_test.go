package v2

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// TestCRDDefaultsAgree: the defaults the CRD schemas declare (from the
// +kubebuilder:default markers, which cannot name a constant) are the
// constants the translator and the webhook use.
func TestCRDDefaultsAgree(t *testing.T) {
	want := map[string]any{
		"enable":             DefaultPluginEnable,
		"resolveGranularity": DefaultResolveGranularity,
		"weight":             float64(DefaultBackendWeight),
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "manifests", "crds", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	seen := map[string]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc any
		require.NoError(t, yaml.Unmarshal(raw, &doc))
		walkDefaults(doc, func(prop string, def any) {
			if w, ok := want[prop]; ok {
				seen[prop] = true
				require.Equal(t, fmt.Sprint(w), fmt.Sprint(def), "%s: default of %s", f, prop)
			}
		})
	}
	require.True(t, seen["enable"] && seen["resolveGranularity"], "defaults found: %v", seen)
}

// walkDefaults calls fn for every property of the schemas in v that declares
// a default.
func walkDefaults(v any, fn func(prop string, def any)) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			for name, s := range props {
				if m, ok := s.(map[string]any); ok {
					if d, has := m["default"]; has {
						fn(name, d)
					}
				}
			}
		}
		for _, c := range x {
			walkDefaults(c, fn)
		}
	case []any:
		for _, c := range x {
			walkDefaults(c, fn)
		}
	}
}
