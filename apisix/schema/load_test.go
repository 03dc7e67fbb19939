package schema_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestLoadTolerant loads a directory whose schemas carry Lua artefacts: an
// empty `required: {}`, a draft-4 boolean exclusiveMinimum, and a PCRE
// lookahead RE2 cannot compile (checked by the backtracking engine), and a
// PCRE recursion no engine here compiles (skipped, logged once, matches
// everything).
func TestLoadTolerant(t *testing.T) {
	dir := t.TempDir()
	src := testSchemasCopy(t)
	for _, k := range apisix.Kinds {
		name := "core." + strings.TrimSuffix(string(k), "s") + ".json"
		if k == apisix.KindSSL {
			name = "core.ssl.json"
		}
		copyFile(t, filepath.Join(src, name), filepath.Join(dir, name))
	}
	write(t, filepath.Join(dir, "plugin.odd.json"), `{"name":"odd","priority":1,"schema":{"type":"object",
		"required":{},"properties":{"n":{"type":"number","minimum":0,"exclusiveMinimum":true},
		"p":{"type":"string","pattern":"^(a(?R)?b)$"},"q":{"type":"string","pattern":"^(a(?R)?b)$"},
		"r":{"type":"string","pattern":"^(?!admin).*$"}}}}`)
	var logs bytes.Buffer
	s, err := schema.Load(dir, schema.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.SkippedPatterns(); len(got) != 1 || got[0] != "^(a(?R)?b)$" {
		t.Errorf("SkippedPatterns() = %q", got)
	}
	if n := strings.Count(logs.String(), "PCRE pattern not supported"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
	if err := s.CheckPlugin("odd", []byte(`{"n":0}`)); err == nil ||
		err.Error() != `failed to check the configuration of plugin odd err: property "n" validation failed: expected 0 to be greater than 0` {
		t.Errorf("CheckPlugin(n=0) = %v", err)
	}
	if err := s.CheckPlugin("odd", []byte(`{"n":1,"p":"administrator"}`)); err != nil {
		t.Errorf("skipped pattern should accept: %v", err)
	}
	if err := s.CheckPlugin("odd", []byte(`{"n":1,"r":"administrator"}`)); err == nil ||
		err.Error() != `failed to check the configuration of plugin odd err: property "r" validation failed: failed to match pattern "^(?!admin).*$" with "administrator"` {
		t.Errorf("CheckPlugin(r=administrator) = %v, want the lookahead enforced", err)
	}
	if err := s.CheckPlugin("odd", []byte(`{"n":1,"r":"user"}`)); err != nil {
		t.Errorf("CheckPlugin(r=user) = %v", err)
	}
	if err := s.CheckPlugin("nope", []byte(`{}`)); err == nil || err.Error() != "unknown plugin [nope]" {
		t.Errorf("CheckPlugin(nope) = %v", err)
	}
}

func TestRealSchemasNeedNoSkips(t *testing.T) {
	s := load(t)
	if got := s.SkippedPatterns(); len(got) != 0 {
		t.Errorf("SkippedPatterns() = %q", got)
	}
	if got := len(s.PluginNames()); got != 120 {
		t.Errorf("len(PluginNames()) = %d, want 120", got)
	}
	b, ok := s.PluginSchema("limit-req")
	if !ok || !bytes.Contains(b, []byte(`"_meta"`)) || !bytes.Contains(b, []byte(`"required":["rate","burst","key"]`)) {
		t.Errorf("PluginSchema(limit-req) = %s", b)
	}
	if b, ok := s.PluginSchema("limit-count"); !ok || !bytes.Contains(b, []byte(`"required":["redis_host"]`)) {
		t.Errorf("PluginSchema(limit-count) = %s", b)
	}
	if _, ok := s.ConsumerSchema("key-auth"); !ok {
		t.Error("ConsumerSchema(key-auth) missing")
	}
	if got := s.PluginNamesByPriority()[0]; got != "real-ip" {
		t.Errorf("highest priority plugin = %s, want real-ip", got)
	}
}

// TestTypedStricterThanMissingSchema: APISIX's limit-count schema takes a
// string count (a variable reference); the typed config the translator emits
// takes only integers, and a schema source never removes its checks.
func TestTypedStricterThanMissingSchema(t *testing.T) {
	s := load(t)
	body := []byte(`{"count":"ten","time_window":60}`)
	if err := s.CheckPlugin("limit-count", body); err != nil {
		t.Errorf("schema: %v", err)
	}
	_, err := apisix.CheckTypedPlugin("limit-count", body)
	want := `failed to check the configuration of plugin limit-count err: property "count" validation failed: wrong type: expected integer, got string`
	if err == nil || err.Error() != want {
		t.Errorf("typed: %v", err)
	}
}

func testSchemasCopy(t *testing.T) string { return testutil.SchemasDir(t) }

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, string(b))
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
