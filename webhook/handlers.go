package webhook

import (
	"context"
	"fmt"
	"net/http"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// admittedKind is one kind the webhook admits: where the API server sends
// it and the controller-runtime webhooks that answer there.
type admittedKind struct {
	kind     string // "Ingress", "ApisixRoute", ...
	group    string
	resource string // plural, as in the webhook configurations' rules
	// validatePath serves validating; mutatePath, when set, defaulting.
	validatePath, mutatePath string
	// validating and defaulting are controller-runtime's stock webhooks of
	// the kind's object type over a Validator (defaulting nil: no defaults).
	validating, defaulting func(*runtime.Scheme, *Validator) *admission.Webhook
	// object is a new object of the kind, to check the scheme knows it.
	object func() client.Object
}

// admittedKinds is the table of every kind the webhook admits: it drives
// Handlers and Configurations.
func admittedKinds() []admittedKind {
	ingress := admitted[networkingv1.Ingress]("Ingress", true)
	ingress.group, ingress.resource = networkingv1.GroupName, "ingresses"
	ingress.validatePath, ingress.mutatePath = PathValidateIngress, PathMutateIngress
	return []admittedKind{
		ingress,
		admittedV2[apiv2.ApisixRoute](apiv2.KindApisixRoute, "apisixroutes", true),
		admittedV2[apiv2.ApisixUpstream](apiv2.KindApisixUpstream, "apisixupstreams", false),
		admittedV2[apiv2.ApisixTls](apiv2.KindApisixTls, "apisixtlses", false),
		admittedV2[apiv2.ApisixPluginConfig](apiv2.KindApisixPluginConfig, "apisixpluginconfigs", true),
		admittedV2[apiv2.ApisixConsumer](apiv2.KindApisixConsumer, "apisixconsumers", false),
		admittedV2[apiv2.ApisixGlobalRule](apiv2.KindApisixGlobalRule, "apisixglobalrules", true),
		admittedGateway[gwv1.GatewayClass](translator.KindGatewayClass, "gatewayclasses"),
		admittedGateway[gwv1.Gateway](translator.KindGateway, "gateways"),
		admittedGateway[gwv1.HTTPRoute](translator.KindHTTPRoute, "httproutes"),
		admittedGateway[gwv1.GRPCRoute](translator.KindGRPCRoute, "grpcroutes"),
		admittedGateway[gwv1.TLSRoute](translator.KindTLSRoute, "tlsroutes"),
		admittedGateway[gwv1.TCPRoute](translator.KindTCPRoute, "tcproutes"),
		admittedGateway[gwv1.UDPRoute](translator.KindUDPRoute, "udproutes"),
	}
}

// admittedGateway is the entry of a gateway.networking.k8s.io/v1 kind,
// validated only (the Gateway API CRDs default their own fields).
func admittedGateway[T any, PT interface {
	*T
	client.Object
}](kind, resource string) admittedKind {
	k := admitted[T, PT](kind, false)
	k.group, k.resource, k.validatePath = gwv1.GroupName, resource, pathValidateGateway+lower(kind)
	return k
}

// admitted is the entry of object type *T, validated by Validator.Validate
// and, with defaults, defaulted by defaulter.
func admitted[T any, PT interface {
	*T
	client.Object
}](kind string, defaults bool) admittedKind {
	k := admittedKind{
		kind:   kind,
		object: func() client.Object { return PT(new(T)) },
		validating: func(s *runtime.Scheme, v *Validator) *admission.Webhook {
			return admission.WithValidator[PT](s, validating[PT]{v})
		},
	}
	if defaults {
		k.defaulting = func(s *runtime.Scheme, v *Validator) *admission.Webhook {
			return admission.WithCustomDefaulter(s, PT(new(T)), defaulter{v})
		}
	}
	return k
}

// admittedV2 is the entry of an apisix.apache.org/v2 kind, at ValidatePath
// and MutatePath.
func admittedV2[T any, PT interface {
	*T
	client.Object
}](kind, resource string, defaults bool) admittedKind {
	k := admitted[T, PT](kind, defaults)
	k.group, k.resource, k.validatePath = apiv2.GroupVersion.Group, resource, ValidatePath(kind)
	if defaults {
		k.mutatePath = MutatePath(kind)
	}
	return k
}

// Handlers returns the HTTP handlers of every webhook path, each guarded
// (body cap, concurrency bound, deadline) and instrumented.
func Handlers(scheme *runtime.Scheme, v *Validator, opts Options) (map[string]http.Handler, error) {
	opts = opts.withDefaults()
	reg := opts.Registerer
	if reg == nil {
		reg = ctrlmetrics.Registry
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("webhook: metrics: %w", err)
	}
	if c := v.plugins.remote; c != nil {
		if err := registerSchemaGauge(reg, c.count); err != nil {
			return nil, fmt.Errorf("webhook: metrics: %w", err)
		}
	}
	g := newGuard(opts)
	out := map[string]http.Handler{}
	serve := func(path, kind, hook string, wh *admission.Webhook) {
		wh.Handler = instrumented{kind: kind, hook: hook, next: wh.Handler, m: m}
		out[path] = g.wrap(wh)
	}
	for _, k := range admittedKinds() {
		if _, _, err := scheme.ObjectKinds(k.object()); err != nil {
			return nil, fmt.Errorf("webhook: the scheme does not know %s: %w", k.kind, err)
		}
		serve(k.validatePath, k.kind, "validate", k.validating(scheme, v))
		if k.defaulting != nil {
			serve(k.mutatePath, k.kind, "mutate", k.defaulting(scheme, v))
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
