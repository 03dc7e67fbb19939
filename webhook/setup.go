package webhook

import (
	"context"
	"fmt"
	"net/http"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
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
	for _, ix := range indexFuncs() {
		if err := mgr.GetFieldIndexer().IndexField(ctx, ix.obj, ix.name, ix.fn); err != nil {
			return fmt.Errorf("webhook: indexing %T by %s: %w", ix.obj, ix.name, err)
		}
	}
	// Register the informers now, so they sync with the cache at start and
	// no admission waits for one.
	for _, o := range []client.Object{&networkingv1.IngressClass{}, &corev1.Namespace{}, &corev1.Service{},
		&networkingv1.Ingress{}, &apiv2.ApisixRoute{}, &apiv2.ApisixTls{}, &apiv2.ApisixUpstream{}, &apiv2.ApisixPluginConfig{}} {
		if _, err := mgr.GetCache().GetInformer(ctx, o); err != nil {
			return fmt.Errorf("webhook: informer for %T: %w", o, err)
		}
	}
	hs, err := Handlers(mgr.GetScheme(), NewValidator(CacheStore{Reader: mgr.GetCache()}, opts), opts)
	if err != nil {
		return err
	}
	srv := mgr.GetWebhookServer()
	for path, h := range hs {
		srv.Register(path, h)
	}
	return nil
}

// Handlers returns the HTTP handlers of every webhook path, each guarded
// (body cap, concurrency bound, deadline) and instrumented.
func Handlers(scheme *runtime.Scheme, v *Validator, opts Options) (map[string]http.Handler, error) {
	opts = opts.withDefaults()
	for _, o := range []runtime.Object{&networkingv1.Ingress{}, &apiv2.ApisixRoute{}} {
		if _, _, err := scheme.ObjectKinds(o); err != nil {
			return nil, fmt.Errorf("webhook: the scheme does not know %T: %w", o, err)
		}
	}
	reg := opts.Registerer
	if reg == nil {
		reg = ctrlmetrics.Registry
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("webhook: metrics: %w", err)
	}
	g := newGuard(opts)
	out := map[string]http.Handler{}
	add := func(path, kind, hook string, wh *admission.Webhook) {
		wh.Handler = instrumented{kind: kind, hook: hook, next: wh.Handler, m: m}
		wh.RecoverPanic = ptr(true)
		out[path] = g.wrap(wh)
	}
	d := defaulter{v: v}
	add(PathValidateIngress, "Ingress", "validate", admission.WithValidator[*networkingv1.Ingress](scheme, validating[*networkingv1.Ingress]{v}))
	add(PathMutateIngress, "Ingress", "mutate", admission.WithCustomDefaulter(scheme, &networkingv1.Ingress{}, d))
	for _, k := range []struct {
		kind    string
		hook    *admission.Webhook
		mutates runtime.Object
	}{
		{apiv2.KindApisixRoute, admission.WithValidator[*apiv2.ApisixRoute](scheme, validating[*apiv2.ApisixRoute]{v}), &apiv2.ApisixRoute{}},
		{apiv2.KindApisixUpstream, admission.WithValidator[*apiv2.ApisixUpstream](scheme, validating[*apiv2.ApisixUpstream]{v}), nil},
		{apiv2.KindApisixTls, admission.WithValidator[*apiv2.ApisixTls](scheme, validating[*apiv2.ApisixTls]{v}), nil},
		{apiv2.KindApisixPluginConfig, admission.WithValidator[*apiv2.ApisixPluginConfig](scheme, validating[*apiv2.ApisixPluginConfig]{v}), &apiv2.ApisixPluginConfig{}},
		{apiv2.KindApisixConsumer, admission.WithValidator[*apiv2.ApisixConsumer](scheme, validating[*apiv2.ApisixConsumer]{v}), nil},
		{apiv2.KindApisixGlobalRule, admission.WithValidator[*apiv2.ApisixGlobalRule](scheme, validating[*apiv2.ApisixGlobalRule]{v}), &apiv2.ApisixGlobalRule{}},
	} {
		add(ValidatePath(k.kind), k.kind, "validate", k.hook)
		if k.mutates != nil {
			add(MutatePath(k.kind), k.kind, "mutate", admission.WithCustomDefaulter(scheme, k.mutates, d))
		}
	}
	return out, nil
}

// validating adapts the Validator to controller-runtime's admission.Validator.
type validating[T client.Object] struct{ v *Validator }

func (a validating[T]) ValidateCreate(ctx context.Context, obj T) (admission.Warnings, error) {
	vd := a.v.Validate(ctx, Create, obj, nil)
	return vd.Warnings, vd.Err(obj)
}

func (a validating[T]) ValidateUpdate(ctx context.Context, old, obj T) (admission.Warnings, error) {
	vd := a.v.Validate(ctx, Update, obj, old)
	return vd.Warnings, vd.Err(obj)
}

func (a validating[T]) ValidateDelete(context.Context, T) (admission.Warnings, error) {
	return nil, nil
}

// instrumented records the latency and verdict of each admission.
type instrumented struct {
	kind, hook string
	next       admission.Handler
	m          *metrics
}

func (h instrumented) Handle(ctx context.Context, req admission.Request) admission.Response {
	start := time.Now()
	resp := h.next.Handle(ctx, req)
	h.m.observe(h.kind, h.hook, req.Operation, start, &resp.AdmissionResponse)
	return resp
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
