package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Options tune Load.
type Options struct {
	// Logger receives one warning per pattern that had to be skipped.
	// Nil means slog.Default().
	Logger *slog.Logger
}

// Schemas is a loaded, compiled set of APISIX schemas. It is immutable and
// safe for concurrent use.
type Schemas struct {
	core    map[apisix.Kind]*compiled
	plugins map[string]*plugin
	skipped []string
}

type compiled struct {
	url string
	doc any // normalised document, for defaults and anyOf messages
	sch *jsonschema.Schema
}

type plugin struct {
	name     string
	priority int64
	schema   *compiled // never nil: {"type":"object"} when the file has none
	consumer *compiled // nil when the plugin has no consumer_schema
	hasOwn   bool      // the file carries a schema of its own
}

// coreFile names the core schema file of a kind.
func coreFile(k apisix.Kind) string {
	if k == apisix.KindSSL {
		return "core.ssl.json"
	}
	return "core." + strings.TrimSuffix(string(k), "s") + ".json"
}

// Load reads and compiles every core.*.json of the kinds in apisix.Kinds and
// every plugin.*.json in dir.
func Load(dir string, opts Options) (*Schemas, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	var skipped []string
	c := newCompiler(&skipped)
	s := &Schemas{core: map[apisix.Kind]*compiled{}, plugins: map[string]*plugin{}}
	var injected any
	if doc, err := readJSON(filepath.Join(dir, "core.plugin_injected_schema.json")); err == nil {
		if m, ok := doc.(map[string]any); ok {
			injected = m["_meta"]
		}
	}
	for _, k := range apisix.Kinds {
		doc, err := readJSON(filepath.Join(dir, coreFile(k)))
		if err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		cs, err := compile(c, "file:///apisix/"+coreFile(k), doc)
		if err != nil {
			return nil, err
		}
		s.core[k] = cs
	}
	files, err := filepath.Glob(filepath.Join(dir, "plugin.*.json"))
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	for _, f := range files {
		p, err := loadPlugin(c, f, injected)
		if err != nil {
			return nil, err
		}
		s.plugins[p.name] = p
	}
	sort.Strings(skipped)
	s.skipped = dedupe(skipped)
	for _, pat := range s.skipped {
		log.Warn("apisix schema: PCRE pattern not supported, skipped (matches everything)", "pattern", pat)
	}
	return s, nil
}

// newCompiler reads schemas as APISIX's Lua validator does (draft 7, formats
// asserted); patterns that no engine can compile (see compilePattern) match
// everything and are recorded in skipped.
func newCompiler(skipped *[]string) *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		if re, ok := compilePattern(s); ok {
			return re, nil
		}
		*skipped = append(*skipped, s)
		return matchAll(s), nil
	})
	return c
}

// CompilePlugin returns Schemas that know the one plugin name, from the
// schema APISIX serves for it (GET /apisix/admin/plugins/{name}, the plugin's
// own schema with _meta injected). Its CheckPlugin words failures exactly as
// for schemas loaded from a directory.
func CompilePlugin(name string, raw []byte) (*Schemas, error) {
	doc, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("schema: plugin %s: %w", name, err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema: plugin %s: the schema is not a JSON object", name)
	}
	if props, ok := m["properties"].(map[string]any); ok {
		if _, has := props["_meta"]; !has {
			props["_meta"] = map[string]any{"type": "object"}
		}
	} else if m["additionalProperties"] == false {
		m["properties"] = map[string]any{"_meta": map[string]any{"type": "object"}}
	}
	var skipped []string
	p := &plugin{name: name, hasOwn: true}
	if p.schema, err = compile(newCompiler(&skipped), "file:///apisix/plugins/"+name+"/schema.json", m); err != nil {
		return nil, err
	}
	return &Schemas{core: map[apisix.Kind]*compiled{}, plugins: map[string]*plugin{name: p}, skipped: dedupe(skipped)}, nil
}

func loadPlugin(c *jsonschema.Compiler, file string, injected any) (*plugin, error) {
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "plugin."), ".json")
	doc, err := readJSON(file)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	m, _ := doc.(map[string]any)
	p := &plugin{name: name}
	if n, ok := m["priority"].(json.Number); ok {
		p.priority, _ = n.Int64()
	}
	sch, ok := m["schema"].(map[string]any)
	p.hasOwn = ok
	if !ok {
		sch = map[string]any{"type": "object"}
	}
	if injected != nil {
		props, ok := sch["properties"].(map[string]any)
		if !ok {
			props = map[string]any{}
			sch["properties"] = props
		}
		props["_meta"] = deepCopy(injected)
	}
	if p.schema, err = compile(c, "file:///apisix/plugins/"+name+"/schema.json", sch); err != nil {
		return nil, err
	}
	if cs, ok := m["consumer_schema"].(map[string]any); ok {
		if p.consumer, err = compile(c, "file:///apisix/plugins/"+name+"/consumer_schema.json", cs); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func compile(c *jsonschema.Compiler, url string, doc any) (*compiled, error) {
	normalizeSchema(doc)
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("schema: %s: %w", url, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema: %s: %w", url, err)
	}
	return &compiled{url: url, doc: doc, sch: sch}, nil
}

func readJSON(path string) (any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return doc, nil
}

// decode reads one JSON value, numbers as json.Number.
func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

// matchAll stands in for a pattern RE2 cannot compile.
type matchAll string

func (matchAll) MatchString(string) bool { return true }
func (m matchAll) String() string        { return string(m) }

func dedupe(sorted []string) []string {
	var out []string
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
