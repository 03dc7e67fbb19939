package translator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// crdPlugins translates a plugins[] list (of an ApisixRoute rule, an
// ApisixPluginConfig or an ApisixGlobalRule) into APISIX plugins. Disabled
// plugins are left out. A plugin's config must be a JSON object; with
// secretRef, every key of the Secret (in the object's namespace) is merged
// into it as a string, a dotted key ("auth.password") setting a nested
// member.
//
// complete is false when a Secret could not be read: the NotFound error is
// reported, and the caller withholds the object that would otherwise run
// without the plugin's credentials (fail closed: a plugin that protects a
// route must not silently disappear).
//
// With Options.SkipSecretContents (admission), Secret data is not read; a
// plugin with secretRef is left out of the result, so that checking the
// output against APISIX's schemas never rejects a configuration because
// values the Secret supplies are missing.
func (t *translation) crdPlugins(e *emitter, ns string, list []apiv2.ApisixRoutePlugin, at lazyPath) (out apisix.Plugins, complete bool) {
	complete = true
	for i := range list {
		p := &list[i]
		if _, dup := out[p.Name]; dup {
			e.err(field.Duplicate(at.path().Index(i).Child("name"), p.Name))
			continue
		}
		if !p.IsEnabled() {
			continue
		}
		conf, ferr := pluginConfigObject(p, at, i)
		if ferr != nil {
			e.err(ferr)
			continue
		}
		if p.SecretRef != "" {
			var ok bool
			conf, ok = t.mergePluginSecret(e, ns, p.SecretRef, conf, at.path().Index(i).Child("secretRef"))
			if !ok {
				complete = false
				continue
			}
			if conf == nil { // contents not read (admission)
				continue
			}
		}
		if out == nil {
			out = make(apisix.Plugins, len(list))
		}
		out[p.Name] = conf
	}
	return out, complete
}

// emptyObject is the config of a plugin given without one.
func emptyObject() json.RawMessage { return json.RawMessage("{}") }

// pluginConfigObject returns the plugin's config, which must be a JSON
// object ({} when absent).
func pluginConfigObject(p *apiv2.ApisixRoutePlugin, at lazyPath, i int) (json.RawMessage, *field.Error) {
	if p.Config == nil || len(p.Config.Raw) == 0 {
		return emptyObject(), nil
	}
	raw := bytes.TrimSpace(p.Config.Raw)
	if bytes.Equal(raw, []byte("null")) {
		return emptyObject(), nil
	}
	if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
		return nil, field.Invalid(at.path().Index(i).Child("config"), string(raw), "must be a JSON object (the plugin's configuration)")
	}
	return json.RawMessage(raw), nil
}

// mergePluginSecret merges the Secret's keys into conf. It returns nil and
// true when Secret contents are not read.
func (t *translation) mergePluginSecret(e *emitter, ns, name string, conf json.RawMessage, fp *field.Path) (json.RawMessage, bool) {
	sec, ok := t.secret(ns, name)
	if t.opts.SkipSecretContents {
		return nil, true
	}
	if !ok {
		e.err(field.NotFound(fp, fmt.Sprintf("Secret %s/%s", ns, name)))
		return nil, false
	}
	var m map[string]any
	if err := json.Unmarshal(conf, &m); err != nil {
		e.err(field.Invalid(fp, name, err.Error()))
		return nil, false
	}
	if m == nil {
		m = map[string]any{}
	}
	keys := make([]string, 0, len(sec.Data))
	for k := range sec.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if msg := setDotted(m, k, string(sec.Data[k])); msg != "" {
			e.err(field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s key %q: %s", ns, name, k, msg)))
			return nil, false
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // a map of JSON values always marshals
	}
	return b, true
}

// setDotted sets m[a][b]... = v for the key "a.b", creating objects on the
// way; it returns a problem when a member on the way is not an object.
func setDotted(m map[string]any, key, v string) string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		if p == "" {
			return "empty member name"
		}
		if i == len(parts)-1 {
			m[p] = v
			return ""
		}
		next, ok := m[p]
		if !ok {
			child := map[string]any{}
			m[p] = child
			m = child
			continue
		}
		child, ok := next.(map[string]any)
		if !ok {
			return fmt.Sprintf("config member %q is not an object", strings.Join(parts[:i+1], "."))
		}
		m = child
	}
	return ""
}
