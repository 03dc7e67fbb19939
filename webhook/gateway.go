package webhook

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// gatewayAPI checks a Gateway API object: it is translated with what it
// references (its Gateways and their classes, ReferenceGrants, Services,
// ApisixPluginConfigs named by ExtensionRef filters) and refused for the
// errors the translator finds (an unsupported filter, an ExtensionRef to a
// missing or invalid ApisixPluginConfig, a regular expression APISIX cannot
// compile). What the spec reports in status instead (a route no listener
// accepts, a backend not found or not permitted) is admitted: the
// controller writes it to the object's status. An object of a class this
// controller does not serve is not translated, so it is admitted as is.
func (c *check) gatewayAPI(obj client.Object) {
	k, ok := translator.SnapshotKindFor(obj)
	if !ok {
		return
	}
	snap := c.snapshotOf(obj, nil)
	asNewest(snap, obj)
	ref := translator.ObjectRef{Kind: k.GVK.Kind, Namespace: obj.GetNamespace(), Name: obj.GetName()}
	res := c.translate(snap, ref)
	if _, ok := res.StatusOf(ref); !ok {
		c.ignored = true
		return
	}
	if len(c.errs) == 0 {
		c.translated(res, ref, field.NewPath("spec"), false)
	}
}
