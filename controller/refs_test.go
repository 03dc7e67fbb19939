package controller

import (
	"maps"
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
