package webhook

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
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

	// IngressesByHost, ApisixRoutesByHost and ApisixTlsesByHost return the
	// objects that can conflict on a host (IndexHost), given in the
	// translator's normal form (translator.HostKey).
	IngressesByHost(ctx context.Context, host string) ([]*networkingv1.Ingress, error)
	ApisixRoutesByHost(ctx context.Context, host string) ([]*apiv2.ApisixRoute, error)
	ApisixTlsesByHost(ctx context.Context, host string) ([]*apiv2.ApisixTls, error)
	// ApisixGlobalRules lists the ApisixGlobalRules (a handful per
	// cluster), which conflict on their plugins.
	ApisixGlobalRules(ctx context.Context) ([]*apiv2.ApisixGlobalRule, error)
	// Object returns the object ref names, of one of
	// translator.SnapshotKinds (nil when there is none): how the Gateway
	// API objects a route or Gateway names are found.
	Object(ctx context.Context, ref translator.ObjectRef) (client.Object, error)
	// ReferenceGrants lists the ReferenceGrants of a namespace: a Gateway
	// API object reaching into it reads them all
	// (translator.AllReferenceGrants).
	ReferenceGrants(ctx context.Context, ns string) ([]*gwv1.ReferenceGrant, error)
}
