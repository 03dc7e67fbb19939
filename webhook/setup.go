package webhook

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Paths of the handlers on the webhook server.
const (
	PathValidateIngress = "/validate-networking-v1-ingress"
	PathMutateIngress   = "/mutate-networking-v1-ingress"
	pathValidateV2      = "/validate-apisix-apache-org-v2-"
	pathMutateV2        = "/mutate-apisix-apache-org-v2-"
)

// ValidatePath and MutatePath are the handler paths of a v2 kind, e.g.
// /validate-apisix-apache-org-v2-apisixroute.
func ValidatePath(kind string) string { return pathValidateV2 + lower(kind) }

// MutatePath: see ValidatePath.
func MutatePath(kind string) string { return pathMutateV2 + lower(kind) }

// Setup registers the cache field indexes and informers the webhook reads,
// and the validating and mutating handlers on mgr's webhook server. The
// manager's scheme must know networking/v1, core/v1 and apisix.apache.org/v2.
// Give the webhook server TLSOptions().
func Setup(mgr ctrl.Manager, opts Options) error {
	ctx := context.Background()
	// The index lookups read the informers' indexers directly when the
	// cache exposes them (see informerStore), else field indexes.
	var store Store = CacheStore{Reader: mgr.GetCache()}
	is, ok, err := newInformerStore(ctx, mgr.GetCache())
	switch {
	case err != nil:
		return err
	case ok:
		store = is
	default:
		for _, ix := range indexFuncs() {
			if err := mgr.GetFieldIndexer().IndexField(ctx, ix.obj, ix.name, ix.fn); err != nil {
				return fmt.Errorf("webhook: indexing %T by %s: %w", ix.obj, ix.name, err)
			}
		}
	}
	// Register the informers now, so they sync with the cache at start and
	// no admission waits for one: Namespaces (the policy label) and the
	// snapshot kinds admission reads.
	informers := []client.Object{&corev1.Namespace{}}
	for _, k := range translator.SnapshotKinds() {
		if k.Admission {
			informers = append(informers, k.New().(client.Object))
		}
	}
	for _, o := range informers {
		if _, err := mgr.GetCache().GetInformer(ctx, o); err != nil {
			return fmt.Errorf("webhook: informer for %T: %w", o, err)
		}
	}
	hs, err := Handlers(mgr.GetScheme(), NewValidator(store, opts), opts)
	if err != nil {
		return err
	}
	srv := mgr.GetWebhookServer()
	for path, h := range hs {
		srv.Register(path, h)
	}
	return nil
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
