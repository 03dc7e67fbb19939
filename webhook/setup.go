package webhook

import (
	"context"
	"errors"
	"fmt"

	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	corev1 "k8s.io/api/core/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Paths of the handlers on the webhook server.
const (
	PathValidateIngress = "/validate-networking-v1-ingress"
	PathMutateIngress   = "/mutate-networking-v1-ingress"
	pathValidateV2      = "/validate-apisix-apache-org-v2-"
	pathMutateV2        = "/mutate-apisix-apache-org-v2-"
	pathValidateGateway = "/validate-gateway-networking-k8s-io-v1-"
)

// ValidatePath and MutatePath are the handler paths of a v2 kind, e.g.
// /validate-apisix-apache-org-v2-apisixroute.
func ValidatePath(kind string) string { return pathValidateV2 + lower(kind) }

// MutatePath: see ValidatePath.
func MutatePath(kind string) string { return pathMutateV2 + lower(kind) }

// Setup registers the cache field indexes and informers the webhook reads,
// the validating and mutating handlers on mgr's webhook server, and, with
// Options.APISIX, the background refresh of APISIX's plugin schemas (and a
// readiness check that passes once the first refresh has ended). The
// manager's scheme must know networking/v1, core/v1 and apisix.apache.org/v2.
// Give the webhook server TLSOptions().
func Setup(mgr ctrl.Manager, opts Options) error {
	if opts.ConfigsValidate {
		return errors.New("webhook: Options.ConfigsValidate is for the offline validate command: admission never calls APISIX")
	}
	ctx := context.Background()
	for _, ix := range indexFuncs() {
		if err := mgr.GetFieldIndexer().IndexField(ctx, ix.obj, ix.name, ix.fn); err != nil {
			return fmt.Errorf("webhook: indexing %T by %s: %w", ix.obj, ix.name, err)
		}
	}
	// Register the informers now, so they sync with the cache at start and
	// no admission waits for one: Namespaces (the policy label) and the
	// snapshot kinds admission reads.
	informers := []client.Object{&corev1.Namespace{}}
	kinds, err := kubekinds.Served(mgr.GetRESTMapper(), opts.GatewayAPI)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	for _, k := range kinds {
		if k.Admission {
			informers = append(informers, k.New().(client.Object))
		}
	}
	for _, o := range informers {
		if _, err := mgr.GetCache().GetInformer(ctx, o); err != nil {
			return fmt.Errorf("webhook: informer for %T: %w", o, err)
		}
	}
	v := NewValidator(CacheStore{Reader: mgr.GetCache()}, opts)
	hs, err := Handlers(mgr.GetScheme(), v, opts)
	if err != nil {
		return err
	}
	if r := v.schemaRefresher(); r != nil {
		if err := mgr.Add(r); err != nil {
			return fmt.Errorf("webhook: plugin schema refresher: %w", err)
		}
		if err := mgr.AddReadyzCheck("webhook-plugin-schemas", r.cache.ready); err != nil {
			return fmt.Errorf("webhook: plugin schema readiness: %w", err)
		}
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
