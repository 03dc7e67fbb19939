package translator

import (
	"encoding/binary"
	"maps"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// rulePlugins is crdPlugins for the plugins[] of an ApisixRoute HTTP rule.
// Rules often list the same plugins with the same configs; when a list
// reads no Secret and translates without error, its plugin map is built
// once per translation and shared by every rule with an identical list.
// The map is shared: a caller that adds to it must call ownPlugins first.
func (t *translation) rulePlugins(e *emitter, ns string, list []apiv2.ApisixRoutePlugin, at lazyPath) (apisix.Plugins, bool) {
	key, ok := appendPluginsKey(t.pluginsKey[:0], list)
	t.pluginsKey = key
	if !ok {
		return t.crdPlugins(e, ns, list, at)
	}
	if ps, hit := t.rulePluginMaps[string(key)]; hit { // no allocation on a hit
		return ps, true
	}
	errs := len(e.errs)
	ps, complete := t.crdPlugins(e, ns, list, at)
	if complete && len(e.errs) == errs { // errors name fields of this rule: not shared
		if t.rulePluginMaps == nil {
			t.rulePluginMaps = map[string]apisix.Plugins{}
		}
		t.rulePluginMaps[string(key)] = ps
	}
	return ps, complete
}

// appendPluginsKey appends an unambiguous encoding of everything
// crdPlugins reads from list (every field is length-prefixed). It reports
// false for an empty list, or one that reads a Secret.
func appendPluginsKey(key []byte, list []apiv2.ApisixRoutePlugin) ([]byte, bool) {
	if len(list) == 0 {
		return key, false
	}
	for i := range list {
		p := &list[i]
		if p.SecretRef != "" {
			return key, false
		}
		key = binary.AppendUvarint(key, uint64(len(p.Name)))
		key = append(key, p.Name...)
		switch {
		case !p.IsEnabled():
			key = append(key, 0)
		case p.Config == nil:
			key = append(key, 1)
		default:
			key = append(key, 2)
			key = binary.AppendUvarint(key, uint64(len(p.Config.Raw)))
			key = append(key, p.Config.Raw...)
		}
	}
	return key, true
}

// ownPlugins returns a copy of a route's plugin map that the route can add
// to (nil stays nil: adding allocates a map).
func ownPlugins(ps apisix.Plugins) apisix.Plugins { return maps.Clone(ps) }
