package apisixtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// pluginInfo is one plugin.<name>.json file.
type pluginInfo struct {
	name     string
	priority int64
	schema   json.RawMessage // nil when the file carries none
	consumer json.RawMessage // consumer_schema, nil when absent
	decoded  object          // schema decoded for default filling
	decodedC object          // consumer_schema decoded
}

// schemaSet is the raw material of a schemas directory that the server uses
// for defaults and for the plugin and schema endpoints. Validation itself
// goes through a Checker.
type schemaSet struct {
	core     map[string]json.RawMessage // by resource name, e.g. "route"
	plugins  map[string]*pluginInfo
	injected object // core.plugin_injected_schema.json (_meta)
}

// coreName maps a kind to its core schema name (core.<name>.json).
func coreName(k apisix.Kind) string {
	if k == apisix.KindSSL {
		return "ssl"
	}
	return strings.TrimSuffix(string(k), "s")
}

// loadSchemaSet reads every core.*.json and plugin.*.json file of dir.
func loadSchemaSet(dir string) (*schemaSet, error) {
	ss := &schemaSet{core: map[string]json.RawMessage{}, plugins: map[string]*pluginInfo{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		switch {
		case strings.HasPrefix(base, "core."):
			ss.core[strings.TrimPrefix(base, "core.")] = data
		case strings.HasPrefix(base, "plugin."):
			pi, err := parsePluginFile(strings.TrimPrefix(base, "plugin."), data)
			if err != nil {
				return nil, fmt.Errorf("schemas: %s: %w", filepath.Base(f), err)
			}
			ss.plugins[pi.name] = pi
		}
	}
	if _, ok := ss.core["route"]; !ok {
		return nil, fmt.Errorf("schemas: %s holds no core.route.json", dir)
	}
	if raw, ok := ss.core["plugin_injected_schema"]; ok {
		if o, err := decodeObject(raw); err == nil {
			ss.injected = o
		}
	}
	return ss, nil
}

// parsePluginFile reads {name, priority, schema, consumer_schema}.
func parsePluginFile(name string, data []byte) (*pluginInfo, error) {
	var f struct {
		Priority int64           `json:"priority"`
		Schema   json.RawMessage `json:"schema"`
		Consumer json.RawMessage `json:"consumer_schema"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	pi := &pluginInfo{name: name, priority: f.Priority, schema: f.Schema, consumer: f.Consumer}
	if len(f.Schema) > 0 {
		pi.decoded, _ = decodeObject(f.Schema)
	}
	if len(f.Consumer) > 0 {
		pi.decodedC, _ = decodeObject(f.Consumer)
	}
	return pi, nil
}

// pluginNames returns the plugin names sorted like APISIX's /plugins/list:
// by priority, highest first, then by name.
func (ss *schemaSet) pluginNames() []string {
	names := make([]string, 0, len(ss.plugins))
	for n := range ss.plugins {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := ss.plugins[names[i]], ss.plugins[names[j]]
		if a.priority != b.priority {
			return a.priority > b.priority
		}
		return a.name < b.name
	})
	return names
}

// pluginSchema returns the schema GET /apisix/admin/plugins/{name} answers:
// the plugin's schema (or consumer schema) with APISIX's injected _meta
// property.
func (ss *schemaSet) pluginSchema(name string, consumer bool) (object, bool) {
	pi, ok := ss.plugins[name]
	if !ok {
		return nil, false
	}
	src := pi.decoded
	if consumer {
		src = pi.decodedC
	}
	out, _ := deepCopy(src).(object)
	if out == nil {
		out = object{"type": "object"}
	}
	if !consumer && ss.injected != nil {
		props, _ := out["properties"].(object)
		if props == nil {
			props = object{}
			out["properties"] = props
		}
		if meta, ok := ss.injected["_meta"]; ok {
			props["_meta"] = deepCopy(meta)
		}
	}
	return out, true
}
