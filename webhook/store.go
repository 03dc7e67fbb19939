package webhook

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// Store is what validation reads besides the object admitted. Every method
// costs the same whatever the number of objects stored: single-object gets
// and index lookups. Objects returned are shared and must not be modified.
// A missing object is nil with a nil error.
type Store interface {
	// IngressClasses lists the IngressClasses (a handful per cluster).
	IngressClasses(ctx context.Context) ([]*networkingv1.IngressClass, error)
	// NamespaceLabels returns the labels of a namespace (nil when unknown).
	NamespaceLabels(ctx context.Context, ns string) (map[string]string, error)
	Service(ctx context.Context, ns, name string) (*corev1.Service, error)
	ApisixUpstream(ctx context.Context, ns, name string) (*apiv2.ApisixUpstream, error)
	ApisixPluginConfig(ctx context.Context, ns, name string) (*apiv2.ApisixPluginConfig, error)

	// IngressesByHostPath and ApisixRoutesByHostPath return the objects
	// serving a host+path key (IndexHostPath).
	IngressesByHostPath(ctx context.Context, key string) ([]*networkingv1.Ingress, error)
	ApisixRoutesByHostPath(ctx context.Context, key string) ([]*apiv2.ApisixRoute, error)
	// IngressesByTLSHost and ApisixTlsesByHost return the objects with a
	// certificate for a lower-case host (IndexTLSHost).
	IngressesByTLSHost(ctx context.Context, host string) ([]*networkingv1.Ingress, error)
	ApisixTlsesByHost(ctx context.Context, host string) ([]*apiv2.ApisixTls, error)
}
