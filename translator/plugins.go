package translator

import (
	"encoding/json"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// setPlugin stores a typed plugin config on a plugin map.
func setPlugin(p *apisix.Plugins, name string, conf any) {
	if err := p.Set(name, conf); err != nil {
		// Typed configs always marshal; a failure here is a programming error.
		panic(err)
	}
}

// pluginMeta is APISIX's per-plugin _meta member.
type pluginMeta struct {
	Filter   []any `json:"filter,omitempty"`
	Priority *int  `json:"priority,omitempty"`
}

// setPluginWithMeta stores conf with a _meta member (e.g. a filter that
// runs the plugin only for some requests).
func setPluginWithMeta(p *apisix.Plugins, name string, conf any, meta pluginMeta) {
	raw, err := json.Marshal(conf)
	if err != nil {
		panic(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	mb, err := json.Marshal(meta)
	if err != nil {
		panic(err)
	}
	m["_meta"] = mb
	setPlugin(p, name, m)
}
