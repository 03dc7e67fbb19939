package schema

import (
	"encoding/json"
	"sort"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// PluginNames returns the names of all plugins, sorted by name.
func (s *Schemas) PluginNames() []string {
	names := make([]string, 0, len(s.plugins))
	for n := range s.plugins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// PluginNamesByPriority returns the names of all plugins as APISIX's
// /apisix/admin/plugins/list orders them: highest priority first, then by
// name.
func (s *Schemas) PluginNamesByPriority() []string {
	names := s.PluginNames()
	sort.SliceStable(names, func(i, j int) bool {
		return s.plugins[names[i]].priority > s.plugins[names[j]].priority
	})
	return names
}

// HasPlugin reports whether name is a known plugin.
func (s *Schemas) HasPlugin(name string) bool { _, ok := s.plugins[name]; return ok }

// PluginSchema returns the schema of plugin name as
// GET /apisix/admin/plugins/{name} serves it (with the injected _meta
// property). A plugin whose file carries no schema gets {"type":"object"}.
func (s *Schemas) PluginSchema(name string) (json.RawMessage, bool) {
	p, ok := s.plugins[name]
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(p.schema.doc)
	return b, err == nil
}

// ConsumerSchema returns plugin name's consumer_schema, if it has one.
func (s *Schemas) ConsumerSchema(name string) (json.RawMessage, bool) {
	p, ok := s.plugins[name]
	if !ok || p.consumer == nil {
		return nil, false
	}
	b, err := json.Marshal(p.consumer.doc)
	return b, err == nil
}

// CoreSchema returns the (normalised) core schema of kind.
func (s *Schemas) CoreSchema(kind apisix.Kind) (json.RawMessage, bool) {
	c, ok := s.core[kind]
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(c.doc)
	return b, err == nil
}

// SkippedPatterns lists the PCRE patterns RE2 could not compile, which are
// therefore not checked.
func (s *Schemas) SkippedPatterns() []string { return append([]string(nil), s.skipped...) }

// HasPluginSchema reports whether plugin name is known and its file
// carries a schema of its own (else its configurations are checked only to
// be objects).
func (s *Schemas) HasPluginSchema(name string) bool {
	p, ok := s.plugins[name]
	return ok && p.hasOwn
}

// PluginsWithoutSchema lists the plugins whose file carries no schema; their
// configurations are checked only to be objects.
func (s *Schemas) PluginsWithoutSchema() []string {
	var out []string
	for _, n := range s.PluginNames() {
		if !s.plugins[n].hasOwn {
			out = append(out, n)
		}
	}
	return out
}
