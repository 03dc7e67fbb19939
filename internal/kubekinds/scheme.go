package kubekinds

import (
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// AddToScheme registers the kinds a translator.Snapshot can hold (see
// translator.SnapshotKinds) in s: Kubernetes' built-in kinds, apisix.apache.org/v2 and
// gateway.networking.k8s.io/v1. Every scheme that decodes or caches those
// objects (the controller's, the manifest decoder's, the tests') is built
// with it.
func AddToScheme(s *runtime.Scheme) error {
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, apiv2.AddToScheme, gwv1.Install} {
		if err := add(s); err != nil {
			return err
		}
	}
	return nil
}
