package controller

import (
	"maps"
	"slices"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestReferencesOfSplitsKinds: annotations name Secrets and ConfigMaps with
// the same reference type; each lands in its own set, and an Ingress naming
// neither adds to neither.
func TestReferencesOfSplitsKinds(t *testing.T) {
	ing := func(name string, ann map[string]string) *networkingv1.Ingress {
		return &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "team", Name: name, Annotations: ann}}
	}
	s := &translator.Snapshot{Ingresses: []*networkingv1.Ingress{
		ing("both", map[string]string{
			"nginx.ingress.kubernetes.io/auth-tls-secret":        "ca",
			"nginx.ingress.kubernetes.io/custom-headers":         "shared/response-headers",
			"nginx.ingress.kubernetes.io/auth-url":               "https://auth.example.com/check",
			"nginx.ingress.kubernetes.io/auth-proxy-set-headers": "auth-headers",
		}),
		ing("headers-only", map[string]string{"nginx.ingress.kubernetes.io/custom-headers": "local"}),
		ing("neither", map[string]string{"nginx.ingress.kubernetes.io/rewrite-target": "/"}),
	}}
	refs := referencesOf(s)
	wantSecrets := map[objectKey]bool{{"team", "ca"}: true}
	wantConfigMaps := map[objectKey]bool{
		{"shared", "response-headers"}: true,
		{"team", "auth-headers"}:       true,
		{"team", "local"}:              true,
	}
	if !maps.Equal(refs.secrets, wantSecrets) {
		t.Errorf("secrets = %v, want %v", refs.secrets, wantSecrets)
	}
	if !maps.Equal(refs.configMaps, wantConfigMaps) {
		t.Errorf("configMaps = %v, want %v", refs.configMaps, wantConfigMaps)
	}
}

// TestRefIndexCountsSources: a Secret stays referenced while any source
// references it; set reports it added when the first source names it and
// dropped when the last one stops (a source naming it twice counts once).
func TestRefIndexCountsSources(t *testing.T) {
	x := newRefIndex()
	ca := translator.ObjectRef{Kind: translator.KindSecret, Namespace: "team", Name: "ca"}
	hdr := translator.ObjectRef{Kind: translator.KindConfigMap, Namespace: "team", Name: "hdr"}
	svc := translator.ObjectRef{Kind: translator.KindService, Namespace: "team", Name: "web"}
	a := translator.ObjectRef{Kind: translator.KindIngress, Namespace: "team", Name: "a"}
	b := translator.ObjectRef{Kind: translator.KindIngress, Namespace: "team", Name: "b"}
	check := func(step string, gotAdded, gotDropped, wantAdded, wantDropped []translator.ObjectRef) {
		t.Helper()
		if !slices.Equal(gotAdded, wantAdded) || !slices.Equal(gotDropped, wantDropped) {
			t.Errorf("%s: added %v dropped %v, want added %v dropped %v", step, gotAdded, gotDropped, wantAdded, wantDropped)
		}
	}
	added, dropped := x.set(a, []translator.ObjectRef{ca, ca, svc})
	check("a names ca twice", added, dropped, []translator.ObjectRef{ca}, nil)
	added, dropped = x.set(b, []translator.ObjectRef{ca, hdr})
	check("b names ca and hdr", added, dropped, []translator.ObjectRef{hdr}, nil)
	added, dropped = x.set(a, nil)
	check("a gone", added, dropped, nil, nil)
	if !x.referenced(ca) || x.referenced(svc) {
		t.Errorf("referenced: ca %v svc %v, want true false", x.referenced(ca), x.referenced(svc))
	}
	added, dropped = x.set(b, []translator.ObjectRef{hdr})
	check("b drops ca", added, dropped, nil, []translator.ObjectRef{ca})
	added, dropped = x.set(b, nil)
	check("b gone", added, dropped, nil, []translator.ObjectRef{hdr})
	if len(x.count) != 0 || len(x.bySource) != 0 {
		t.Errorf("index not empty: %v %v", x.count, x.bySource)
	}
}
