package translator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Global rule ids carry their ownership.
//
// APISIX's global_rule schema has no labels, name or desc, so the only place
// to record who wrote a global rule is its id:
//
//	agr-<8 hex digits of sha256(ManagedBy)>-<32 hex digits of sha256(namespace, name)>
//
// The first part is the same for every global rule a controller (with a
// given ManagedBy) writes, so the controller recognises its own global rules
// with OwnsGlobalRule and garbage-collects them like labelled objects, and
// never deletes a global rule written by hand or by another controller.
const globalRuleTag = tagApisixGlobal + "-"

// globalRulePrefix is the id prefix of every global rule written with managedBy.
func globalRulePrefix(managedBy string) string {
	sum := sha256.Sum256([]byte(managedBy))
	return globalRuleTag + hex.EncodeToString(sum[:4]) + "-"
}

// globalRuleID is the id of the global rule of an ApisixGlobalRule.
func globalRuleID(managedBy, ns, name string) string {
	sum := sha256.Sum256([]byte(ns + "\x00" + name + "\x00"))
	return globalRulePrefix(managedBy) + hex.EncodeToString(sum[:16])
}

// GlobalRuleID is the id of the APISIX global rule translated from the
// ApisixGlobalRule namespace/name with opts; the controller uses it to find
// what APISIX holds for a withheld one (global rules carry no labels).
func GlobalRuleID(opts Options, namespace, name string) string {
	return globalRuleID(opts.withDefaults().ManagedBy, namespace, name)
}

// OwnsGlobalRule reports whether the APISIX global rule with this id was
// written by a controller with opts (see the id format above); the
// controller uses it where labels cannot say.
func OwnsGlobalRule(opts Options, id string) bool {
	return strings.HasPrefix(id, globalRulePrefix(opts.withDefaults().ManagedBy))
}

// apisixGlobalRules translates ApisixGlobalRules, one APISIX global rule
// each. Since APISIX 3.15 a plugin may appear in only one global rule, so a
// plugin already configured by an older ApisixGlobalRule is a Duplicate
// error on the newer one, whose global rule is withheld.
func (t *translation) apisixGlobalRules() {
	claimed := map[string]ObjectRef{}
	for _, o := range oldestFirst(slices.Collect(maps.Values(t.ix.apisixGlobalRules))) {
		ref := ObjectRef{Kind: kindApisixGlobalRule, Namespace: o.Namespace, Name: o.Name}
		t.begin(ref)
		if !t.ownsCRD(o.Spec.IngressClassName) {
			continue
		}
		e := t.newEmitter(ref, o.Generation)
		fp := field.NewPath("spec", "plugins")
		plugins, complete := t.crdPlugins(e, o.Namespace, o.Spec.Plugins, lazyPath{fp.Root(), "plugins", -1})
		for i, p := range o.Spec.Plugins {
			if _, on := plugins[p.Name]; !on {
				continue
			}
			if prev, taken := claimed[p.Name]; taken {
				e.err(field.Duplicate(fp.Index(i).Child("name"), fmt.Sprintf("plugin %s is already a global plugin of %s; APISIX allows a plugin in one global rule only", p.Name, prev)))
			}
		}
		if complete && !e.blocking() {
			for name := range plugins {
				claimed[name] = ref
			}
			if plugins == nil {
				plugins = apisix.Plugins{}
			}
			e.add(&apisix.GlobalRule{ID: globalRuleID(t.opts.ManagedBy, o.Namespace, o.Name), Plugins: plugins})
		}
		t.commit(e)
	}
}
