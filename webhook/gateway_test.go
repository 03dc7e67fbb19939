package webhook

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// gatewaySnapshot holds a served GatewayClass and Gateway, a class and
// Gateway of another controller, Service web and ApisixPluginConfig auth.
func gatewaySnapshot() *translator.Snapshot {
	class := func(name, ctrl string) *gwv1.GatewayClass {
		return &gwv1.GatewayClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: gwv1.GatewayClassSpec{ControllerName: gwv1.GatewayController(ctrl)}}
	}
	gateway := func(name, class string) *gwv1.Gateway {
		return &gwv1.Gateway{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name}, Spec: gwv1.GatewaySpec{
			GatewayClassName: gwv1.ObjectName(class),
			Listeners:        []gwv1.Listener{{Name: "http", Port: 80, Protocol: gwv1.HTTPProtocolType}},
		}}
	}
	return &translator.Snapshot{
		GatewayClasses: []*gwv1.GatewayClass{class("apisix", translator.DefaultGatewayControllerName), class("other", "example.com/other")},
		Gateways:       []*gwv1.Gateway{gateway("gw", "apisix"), gateway("theirs", "other")},
		Services:       []*corev1.Service{service("default", "web")},
		ApisixPluginConfigs: []*apiv2.ApisixPluginConfig{{
			ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "auth"},
			Spec:       apiv2.ApisixPluginConfigSpec{Plugins: []apiv2.ApisixRoutePlugin{{Name: "key-auth", Enable: new(true)}}},
		}},
	}
}

// httpRoute is an HTTPRoute of the default namespace on Gateway parent
// whose one rule sends to backend with filters.
func httpRoute(name, parent, backend string, filters ...gwv1.HTTPRouteFilter) *gwv1.HTTPRoute {
	return &gwv1.HTTPRoute{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name}, Spec: gwv1.HTTPRouteSpec{
		CommonRouteSpec: gwv1.CommonRouteSpec{ParentRefs: []gwv1.ParentReference{{Name: gwv1.ObjectName(parent)}}},
		Rules: []gwv1.HTTPRouteRule{{
			Filters:     filters,
			BackendRefs: []gwv1.HTTPBackendRef{{BackendRef: gwv1.BackendRef{BackendObjectReference: gwv1.BackendObjectReference{Name: gwv1.ObjectName(backend), Port: new(gwv1.PortNumber(80))}}}},
		}},
	}}
}

func extensionRef(name string) gwv1.HTTPRouteFilter {
	return gwv1.HTTPRouteFilter{Type: gwv1.HTTPRouteFilterExtensionRef, ExtensionRef: &gwv1.LocalObjectReference{
		Group: "apisix.apache.org", Kind: "ApisixPluginConfig", Name: gwv1.ObjectName(name)}}
}

// TestGatewayAPIAdmission: the webhook refuses what the translator would
// not serve (an ExtensionRef to a missing ApisixPluginConfig: the rule
// would run without its plugins), and admits what the spec reports in
// status instead (a backend that does not exist), and every route of a
// Gateway this controller does not serve.
func TestGatewayAPIAdmission(t *testing.T) {
	h := newHarness(t, gatewaySnapshot(), nil, Options{})
	path := pathValidateGateway + "httproute"

	r := h.review(path, admissionv1.Create, httpRoute("good", "gw", "web", extensionRef("auth")), nil)
	require.True(t, r.Allowed, causes(r))

	r = h.review(path, admissionv1.Create, httpRoute("no-backend", "gw", "nosuch"), nil)
	require.True(t, r.Allowed, "a missing backend is reported in status (ResolvedRefs BackendNotFound), not refused: %v", causes(r))

	r = h.review(path, admissionv1.Create, httpRoute("missing-config", "gw", "web", extensionRef("nosuch")), nil)
	require.False(t, r.Allowed)
	require.Equal(t, []string{`spec.rules[0].filters[0].extensionRef.name: Invalid value: "nosuch": no ApisixPluginConfig default/nosuch of this controller's class: create it first; the rule is not served without its plugins`}, causes(r))

	r = h.review(path, admissionv1.Create, httpRoute("theirs", "theirs", "web", extensionRef("nosuch")), nil)
	require.True(t, r.Allowed, "a route of another controller's Gateway is not ours to check: %v", causes(r))
}

// TestGatewayAPIFinder: the admission's finder lists every ReferenceGrant
// of a namespace for translator.AllReferenceGrants (a cross-namespace
// backend or certificate) and returns a Namespace with its labels (a
// listener's namespace selector), as the controller's snapshot has them,
// so the admission translates a route as the controller does.
func TestGatewayAPIFinder(t *testing.T) {
	grant := func(ns, name string) *gwv1.ReferenceGrant {
		return &gwv1.ReferenceGrant{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	}
	snap := gatewaySnapshot()
	snap.ReferenceGrants = []*gwv1.ReferenceGrant{grant("backend", "b"), grant("backend", "a"), grant("other", "c")}
	h := newHarness(t, snap, map[string]map[string]string{"team-a": {"team": "a"}}, Options{})
	c := &check{v: h.v, ctx: context.Background()}
	names := func(ref translator.ObjectRef) []string {
		got, err := c.find(ref)
		require.NoError(t, err)
		var out []string
		for _, o := range got {
			m := o.(metav1.Object)
			out = append(out, m.GetNamespace()+"/"+m.GetName())
		}
		return out
	}
	require.Equal(t, []string{"backend/a", "backend/b"}, names(translator.ObjectRef{Kind: translator.KindReferenceGrant, Namespace: "backend", Name: translator.AllReferenceGrants}))
	require.Equal(t, []string{"backend/b"}, names(translator.ObjectRef{Kind: translator.KindReferenceGrant, Namespace: "backend", Name: "b"}))
	require.Empty(t, names(translator.ObjectRef{Kind: translator.KindReferenceGrant, Namespace: "none", Name: translator.AllReferenceGrants}))

	got, err := c.find(translator.ObjectRef{Kind: translator.KindNamespace, Name: "team-a"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	ns := got[0].(*corev1.Namespace)
	require.Equal(t, "team-a", ns.Name)
	require.Equal(t, map[string]string{"team": "a"}, ns.Labels)
	require.Empty(t, names(translator.ObjectRef{Kind: translator.KindNamespace, Name: "unknown"}))
	require.Empty(t, c.warn, "no lookup failed")
}
