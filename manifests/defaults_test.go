package manifests_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/manifests"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestIngressClassIsTheDefault: the IngressClass a cluster install creates
// is the one the controller serves by default (translator's defaults are
// the one place the class name and controller name are defined).
func TestIngressClassIsTheDefault(t *testing.T) {
	raw, err := manifests.FS.ReadFile("base/ingressclass.yaml")
	require.NoError(t, err)
	var c networkingv1.IngressClass
	require.NoError(t, yaml.Unmarshal(raw, &c))
	require.Equal(t, translator.DefaultIngressClass, c.Name)
	require.Equal(t, translator.DefaultControllerName, c.Spec.Controller)
}
