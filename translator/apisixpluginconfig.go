package translator

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// pluginConfigID is the id of the plugin_config of an ApisixPluginConfig.
// The Ingress side uses the same id for the
// k8s.apisix.apache.org/plugin-config-name annotation.
func pluginConfigID(ns, name string) string { return makeID(tagApisixPC, "pc", ns, name) }

// apisixPluginConfig translates an ApisixPluginConfig into an APISIX
// plugin_config that routes reference by plugin_config_id.
//
// Why plugin_configs rather than inlining the plugins into each route (as
// the APISIX ingress controller 2.x does): a change to a plugin set shared by
// many routes is one Admin API write instead of one per route; the Ingress
// annotation k8s.apisix.apache.org/plugin-config-name already references the
// same id; and APISIX itself gives a route's own plugins precedence over its
// plugin_config's, which is the precedence users expect. The cost is an
// ordering constraint (the plugin_config must exist before a route that
// references it), which the controller's dependency-ordered writes meet.
//
// A plugin whose Secret is missing withholds the whole plugin_config (and a
// route that references it fails to sync rather than running without it).
func (t *translation) apisixPluginConfig(st *crdState, o *apiv2.ApisixPluginConfig) {
	ref := ObjectRef{Kind: kindApisixPluginConfig, Namespace: o.Namespace, Name: o.Name}
	e := t.newEmitter(ref, o.Generation)
	plugins, complete := t.crdPlugins(e, o.Namespace, o.Spec.Plugins, lazyPath{field.NewPath("spec"), "plugins", -1})
	if plugins == nil {
		plugins = apisix.Plugins{}
	}
	if complete {
		e.add(&apisix.PluginConfig{
			ID:      pluginConfigID(o.Namespace, o.Name),
			Name:    makeName(o.Namespace, o.Name),
			Labels:  e.labels,
			Plugins: plugins,
		})
	}
	st.pluginConfigs[nsName{o.Namespace, o.Name}] = complete && !e.blocking()
	t.commit(e)
}

// pluginConfigRef resolves an ApisixRoute rule's plugin_config_name. ok is
// false when the ApisixPluginConfig does not exist (or is not ours): the
// NotFound error is reported and the rule's route is withheld, since it
// would run without those plugins.
func (t *translation) pluginConfigRef(st *crdState, e *emitter, ns string, rule *apiv2.ApisixRouteHTTP, fp *field.Path) (id string, ok bool) {
	if rule.PluginConfigName == "" {
		return "", true
	}
	pcNS := ns
	if rule.PluginConfigNamespace != "" {
		pcNS = rule.PluginConfigNamespace
	}
	key := nsName{pcNS, rule.PluginConfigName}
	t.use(KindApisixPluginConfig, key.ns, key.name) // its translation: emitted or not
	emitted, owned := st.pluginConfigs[key]
	if !owned {
		what := fmt.Sprintf("ApisixPluginConfig %s/%s", pcNS, rule.PluginConfigName)
		if pc, exists := t.apisixPluginConfigObject(key.ns, key.name); exists {
			what += fmt.Sprintf(" (it belongs to ingress class %q)", pc.Spec.IngressClassName)
		}
		e.err(field.NotFound(fp.Child("plugin_config_name"), what))
		return "", false
	}
	if !emitted {
		e.warn(fp.Child("plugin_config_name"), fmt.Sprintf("ApisixPluginConfig %s/%s has errors; APISIX keeps serving its previous version", pcNS, rule.PluginConfigName))
	}
	return pluginConfigID(pcNS, rule.PluginConfigName), true
}
