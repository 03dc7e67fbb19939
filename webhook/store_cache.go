package webhook

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// CacheStore is a Store over controller-runtime's informer cache (the
// manager's client.Reader), with the field index IndexHost registered on
// the manager's field indexer (Setup does so when
// it cannot read the informers' indexers directly). Objects are read without
// copying.
type CacheStore struct {
	Reader client.Reader
}

var noCopy = client.UnsafeDisableDeepCopy

// IngressClasses implements Store.
func (s CacheStore) IngressClasses(ctx context.Context) ([]*networkingv1.IngressClass, error) {
	var l networkingv1.IngressClassList
	if err := s.Reader.List(ctx, &l, noCopy); err != nil {
		return nil, err
	}
	out := make([]*networkingv1.IngressClass, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

// NamespaceLabels implements Store.
func (s CacheStore) NamespaceLabels(ctx context.Context, ns string) (map[string]string, error) {
	var o corev1.Namespace
	if err := s.get(ctx, "", ns, &o); err != nil || o.Name == "" {
		return nil, err
	}
	return o.Labels, nil
}

// Service implements Store.
func (s CacheStore) Service(ctx context.Context, ns, name string) (*corev1.Service, error) {
	var o corev1.Service
	return orNil(&o, s.get(ctx, ns, name, &o))
}

// ApisixUpstream implements Store.
func (s CacheStore) ApisixUpstream(ctx context.Context, ns, name string) (*apiv2.ApisixUpstream, error) {
	var o apiv2.ApisixUpstream
	return orNil(&o, s.get(ctx, ns, name, &o))
}

// ApisixPluginConfig implements Store.
func (s CacheStore) ApisixPluginConfig(ctx context.Context, ns, name string) (*apiv2.ApisixPluginConfig, error) {
	var o apiv2.ApisixPluginConfig
	return orNil(&o, s.get(ctx, ns, name, &o))
}

// IngressesByHost implements Store.
func (s CacheStore) IngressesByHost(ctx context.Context, host string) ([]*networkingv1.Ingress, error) {
	return s.ingresses(ctx, IndexHost, host)
}

// ApisixRoutesByHost implements Store.
func (s CacheStore) ApisixRoutesByHost(ctx context.Context, host string) ([]*apiv2.ApisixRoute, error) {
	var l apiv2.ApisixRouteList
	if err := s.Reader.List(ctx, &l, client.MatchingFields{IndexHost: host}, noCopy); err != nil {
		return nil, err
	}
	out := make([]*apiv2.ApisixRoute, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

// ApisixTlsesByHost implements Store.
func (s CacheStore) ApisixTlsesByHost(ctx context.Context, host string) ([]*apiv2.ApisixTls, error) {
	var l apiv2.ApisixTlsList
	if err := s.Reader.List(ctx, &l, client.MatchingFields{IndexHost: host}, noCopy); err != nil {
		return nil, err
	}
	out := make([]*apiv2.ApisixTls, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

// ApisixGlobalRules implements Store.
func (s CacheStore) ApisixGlobalRules(ctx context.Context) ([]*apiv2.ApisixGlobalRule, error) {
	var l apiv2.ApisixGlobalRuleList
	if err := s.Reader.List(ctx, &l, noCopy); err != nil {
		return nil, err
	}
	out := make([]*apiv2.ApisixGlobalRule, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

func (s CacheStore) ingresses(ctx context.Context, index, key string) ([]*networkingv1.Ingress, error) {
	var l networkingv1.IngressList
	if err := s.Reader.List(ctx, &l, client.MatchingFields{index: key}, noCopy); err != nil {
		return nil, err
	}
	out := make([]*networkingv1.Ingress, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

// Object implements Store.
func (s CacheStore) Object(ctx context.Context, ref translator.ObjectRef) (client.Object, error) {
	k, ok := translator.SnapshotKindOf(ref.Kind)
	if !ok {
		return nil, fmt.Errorf("no kind %s", ref.Kind)
	}
	o := k.New().(client.Object)
	if err := s.get(ctx, ref.Namespace, ref.Name, o); err != nil || o.GetName() == "" {
		return nil, err
	}
	return o, nil
}

// ReferenceGrants implements Store.
func (s CacheStore) ReferenceGrants(ctx context.Context, ns string) ([]*gwv1.ReferenceGrant, error) {
	var l gwv1.ReferenceGrantList
	if err := s.Reader.List(ctx, &l, client.InNamespace(ns), noCopy); err != nil {
		return nil, err
	}
	out := make([]*gwv1.ReferenceGrant, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

func (s CacheStore) get(ctx context.Context, ns, name string, o client.Object) error {
	err := s.Reader.Get(ctx, types.NamespacedName{Namespace: ns, Name: name}, o, noCopy)
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func orNil[T any, P interface {
	*T
	GetName() string
}](o P, err error) (P, error) {
	if err != nil || o.GetName() == "" {
		return nil, err
	}
	return o, nil
}
