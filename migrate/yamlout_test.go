package migrate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// TestMarshalObjectsMatchesYAML checks the direct writer against
// sigs.k8s.io/yaml.Marshal on strings, keys and shapes that quote, sort or
// fold differently.
func TestMarshalObjectsMatchesYAML(t *testing.T) {
	strs := []string{
		"", "a", "_meta", "_", "_1", "y", "Yes", "NO", "on", "Off", "null", "~", "true", "False", "8m", "120", "-1", "0x1f", "1e3",
		"1.5", "10.0.0.0/8", "2001-12-14", "12:30", "https://app.example.com", "a: b", "a:", ":a", "-a", "- a",
		"#x", "a #b", "a#b", "*", "&a", "!x", "%x", "@x", "`x", "'q'", `"q"`, "[a]", "{a}", "a,b", "a b",
		" lead", "trail ", "tab\tx", "line\nbreak", "ünï", "more_set_headers \"X-Frame-Options: DENY\";",
		strings.Repeat("word ", 30), strings.Repeat("x", 200), "<script>&", "^/api(/|$)(.*)", "/$1", "$host",
		".inf", ".nan", "+1", "0", "00", "0o17", "1_000", "<<", "=", "?", "?a", "|", ">", "a|b",
	}
	var objs []any
	for _, s := range strs {
		objs = append(objs,
			map[string]any{"spec": map[string]any{"value": s, "list": []any{s, map[string]any{"k": s, "num": 1}}}},
			map[string]any{s: "v", "a" + s: []any{}, "b": map[string]any{}, "c": nil, "d": true},
			map[string]any{"deep": map[string]any{"deeper": map[string]any{"deepest": []any{map[string]any{"k": s}}}}},
		)
	}
	objs = append(objs,
		map[string]any{"a10": 1, "a9": 2, "a09": 3, "a-b": 4, "a.b": 5, "aB": 6, "ab": 7, "a/b": 8, "A": 9},
		map[string]any{"f": 1.5, "big": 1e21, "i": int64(-42), "z": 0.0, "two": 2.0, "neg": -7, "nz": math.Copysign(0, -1)},
		map[string]any{"i": int64(1) << 60, "j": 123456789012},
		map[string]any{"nested": []any{[]any{"scheme", "==", "http"}, []any{}, []any{[]any{"a", map[string]any{"k": "v", "l": []any{"x"}}}}}},
		map[string]any{"vars": []any{[]any{"cookie_X", "!", "~~", ".+"}}, "m": []any{map[string]any{"a": []any{[]any{"b"}}, "c": map[string]any{"d": 1}}}},
	)
	var c scalarCache
	direct := 0
	for _, o := range objs {
		got, err := marshalObjectsWith([]any{o}, &c)
		require.NoError(t, err)
		js, err := json.Marshal(o)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(js, &m))
		want, err := yaml.Marshal(m)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got[0]), "%s", js)
		if _, ok := writeObjectYAML(js, &c); ok {
			direct++
		}
	}
	require.Greater(t, direct, len(objs)/2, "objects written directly")
}
