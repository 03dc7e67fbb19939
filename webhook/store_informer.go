package webhook

import (
	"context"
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"
	toolscache "k8s.io/client-go/tools/cache"
	ctrlcache "sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// informerStore is a CacheStore whose lists (the IngressClasses and the
// host index lookups, several per admission) read the
// informers' indexers directly. controller-runtime's List answers the same
// objects (with UnsafeDisableDeepCopy, the cached pointers, TypeMeta as
// cached), but pays for a field selector, a list object and reflection
// copying every item into it: about a tenth of an admission. Gets, one or
// two per admission, go through the cache as in CacheStore, which also
// sets their TypeMeta.
type informerStore struct {
	CacheStore
	classes, ingresses, routes, tlses toolscache.Indexer
}

// indexerOf returns the indexer behind an informer of controller-runtime's
// cache: a client-go SharedIndexInformer for the default cache; other
// caches (multi-namespace, custom) may not expose one.
func indexerOf(inf ctrlcache.Informer) (toolscache.Indexer, bool) {
	si, ok := inf.(interface{ GetIndexer() toolscache.Indexer })
	if !ok {
		return nil, false
	}
	return si.GetIndexer(), true
}

// newInformerStore registers the indexes of indexFuncs on the informers of
// c and returns a store reading them, or ok false (and nothing registered)
// when c does not expose its informers' indexers.
func newInformerStore(ctx context.Context, c ctrlcache.Cache) (s *informerStore, ok bool, err error) {
	objs := map[string]client.Object{
		"classes": &networkingv1.IngressClass{}, "ingresses": &networkingv1.Ingress{},
		"routes": &apiv2.ApisixRoute{}, "tlses": &apiv2.ApisixTls{},
	}
	infs := map[string]ctrlcache.Informer{}
	ixs := map[string]toolscache.Indexer{}
	for name, o := range objs {
		inf, err := c.GetInformer(ctx, o)
		if err != nil {
			return nil, false, fmt.Errorf("webhook: informer for %T: %w", o, err)
		}
		ix, ok := indexerOf(inf)
		if !ok {
			return nil, false, nil
		}
		infs[name], ixs[name] = inf, ix
	}
	for name, ixf := range informerIndexers() {
		if err := infs[name].AddIndexers(ixf); err != nil {
			return nil, false, fmt.Errorf("webhook: indexing %s: %w", name, err)
		}
	}
	return &informerStore{
		CacheStore: CacheStore{Reader: c},
		classes:    ixs["classes"], ingresses: ixs["ingresses"], routes: ixs["routes"], tlses: ixs["tlses"],
	}, true, nil
}

// informerIndexers are the indexes of indexFuncs, by informer: "ingresses",
// "routes" or "tlses".
func informerIndexers() map[string]toolscache.Indexers {
	out := map[string]toolscache.Indexers{}
	for _, f := range indexFuncs() {
		var name string
		switch f.obj.(type) {
		case *networkingv1.Ingress:
			name = "ingresses"
		case *apiv2.ApisixRoute:
			name = "routes"
		case *apiv2.ApisixTls:
			name = "tlses"
		}
		if out[name] == nil {
			out[name] = toolscache.Indexers{}
		}
		out[name][f.name] = toolsIndexFunc(f.fn)
	}
	return out
}

// toolsIndexFunc adapts an index function to client-go's indexer, whose
// keys are the values themselves (the index lookups are cluster-wide).
func toolsIndexFunc(fn client.IndexerFunc) toolscache.IndexFunc {
	return func(obj any) ([]string, error) {
		o, ok := obj.(client.Object)
		if !ok {
			return nil, nil
		}
		return fn(o), nil
	}
}

// IngressClasses implements Store.
func (s *informerStore) IngressClasses(context.Context) ([]*networkingv1.IngressClass, error) {
	return typed[*networkingv1.IngressClass](s.classes.List()), nil
}

// IngressesByHost implements Store.
func (s *informerStore) IngressesByHost(_ context.Context, host string) ([]*networkingv1.Ingress, error) {
	return byIndex[*networkingv1.Ingress](s.ingresses, IndexHost, host)
}

// ApisixRoutesByHost implements Store.
func (s *informerStore) ApisixRoutesByHost(_ context.Context, host string) ([]*apiv2.ApisixRoute, error) {
	return byIndex[*apiv2.ApisixRoute](s.routes, IndexHost, host)
}

// ApisixTlsesByHost implements Store.
func (s *informerStore) ApisixTlsesByHost(_ context.Context, host string) ([]*apiv2.ApisixTls, error) {
	return byIndex[*apiv2.ApisixTls](s.tlses, IndexHost, host)
}

func byIndex[T any](ix toolscache.Indexer, index, key string) ([]T, error) {
	objs, err := ix.ByIndex(index, key)
	if err != nil {
		return nil, err
	}
	return typed[T](objs), nil
}

// typed returns the objects of type T in objs.
func typed[T any](objs []any) []T {
	out := make([]T, 0, len(objs))
	for _, o := range objs {
		if t, ok := o.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
