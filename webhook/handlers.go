package webhook

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/go-logr/logr"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

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
	b := &builder{scheme: scheme, v: v, m: m, g: newGuard(opts), out: map[string]http.Handler{}}
	d := defaulter{v: v}
	errs := []error{
		addValidating[networkingv1.Ingress](b, PathValidateIngress, "Ingress"),
		addValidating[apiv2.ApisixRoute](b, ValidatePath(apiv2.KindApisixRoute), apiv2.KindApisixRoute),
		addValidating[apiv2.ApisixUpstream](b, ValidatePath(apiv2.KindApisixUpstream), apiv2.KindApisixUpstream),
		addValidating[apiv2.ApisixTls](b, ValidatePath(apiv2.KindApisixTls), apiv2.KindApisixTls),
		addValidating[apiv2.ApisixPluginConfig](b, ValidatePath(apiv2.KindApisixPluginConfig), apiv2.KindApisixPluginConfig),
		addValidating[apiv2.ApisixConsumer](b, ValidatePath(apiv2.KindApisixConsumer), apiv2.KindApisixConsumer),
		addValidating[apiv2.ApisixGlobalRule](b, ValidatePath(apiv2.KindApisixGlobalRule), apiv2.KindApisixGlobalRule),
	}
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("webhook: %w", err)
		}
	}
	b.add(PathMutateIngress, "Ingress", "mutate", admission.WithCustomDefaulter(scheme, &networkingv1.Ingress{}, d))
	for _, o := range []client.Object{&apiv2.ApisixRoute{}, &apiv2.ApisixPluginConfig{}, &apiv2.ApisixGlobalRule{}} {
		kind := kindOf(o)
		b.add(MutatePath(kind), kind, "mutate", admission.WithCustomDefaulter(scheme, o, d))
	}
	return b.out, nil
}

// builder assembles the handlers of Handlers.
type builder struct {
	scheme *runtime.Scheme
	v      *Validator
	m      *metrics
	g      *guard
	out    map[string]http.Handler
}

// instrument wraps the handler of wh with the metrics and recovers panics.
func (b *builder) instrument(kind, hook string, wh *admission.Webhook) {
	wh.Handler = instrumented{kind: kind, hook: hook, next: wh.Handler, m: b.m}
	wh.RecoverPanic = ptr(true)
}

// add serves wh at path through controller-runtime's HTTP handling.
func (b *builder) add(path, kind, hook string, wh *admission.Webhook) {
	b.instrument(kind, hook, wh)
	b.out[path] = b.g.wrap(wh)
}

// addValidating serves the validating webhook of *T at path, decoding the
// requests of the API server in one pass (see reviewHandler).
func addValidating[T any, PT interface {
	*T
	client.Object
}](b *builder, path, kind string) error {
	wh := &admission.Webhook{
		Handler: newValidateHandler(b.scheme, b.v, func() PT { return PT(new(T)) }),
		// controller-runtime's default adds six request values to a logger
		// for every admission; a validating handler never logs with it (it
		// would for a patch that fails to encode, or a panic not
		// recovered), so the allocations are saved.
		LogConstructor: func(base logr.Logger, _ *admission.Request) logr.Logger { return base },
	}
	b.instrument(kind, "validate", wh)
	rh, err := newReviewHandler[T, PT](b.scheme, wh)
	if err != nil {
		return fmt.Errorf("the scheme does not know %s: %w", kind, err)
	}
	b.out[path] = b.g.wrap(rh)
	return nil
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
