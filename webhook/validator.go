package webhook

import (
	"context"
	"fmt"
	"reflect"

	admissionv1 "k8s.io/api/admission/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Operation is an admission operation.
type Operation = admissionv1.Operation

// Operations validated.
const (
	Create = admissionv1.Create
	Update = admissionv1.Update
)

// Verdict is the outcome of validating one object.
type Verdict struct {
	// Errors are the reasons to reject, with field paths; empty admits.
	Errors field.ErrorList
	// Warnings are at most 120 characters each.
	Warnings []string
	// Ignored is set when the object belongs to another controller.
	Ignored bool
}

// Err returns the rejection as apierrors.NewInvalid with every cause, or nil.
func (v Verdict) Err(obj client.Object) error {
	if len(v.Errors) == 0 {
		return nil
	}
	return apierrors.NewInvalid(groupKind(obj), obj.GetName(), v.Errors)
}

// Validator decides admissions. It is safe for concurrent use.
type Validator struct {
	store     Store
	opts      Options
	plugins   *pluginChecker
	canonical *canonicalCache
}

// NewValidator returns a Validator reading references from store.
func NewValidator(store Store, opts Options) *Validator {
	opts = opts.withDefaults()
	if opts.Translator.AnnotationCache == nil {
		// Each admission translates one object (and the Ingresses it is
		// checked against): without a cache every one parses its
		// annotations again, a third of the translation, while a cluster
		// has few distinct annotation sets.
		opts.Translator.AnnotationCache = translator.NewAnnotationCache(0)
	}
	return &Validator{store: store, opts: opts, plugins: newPluginChecker(opts), canonical: newCanonicalCache()}
}

// Validate checks obj (and, on UPDATE, what changed since old). It never
// returns an error: a failed lookup is a warning, and the object is
// checked with what could be read.
func (v *Validator) Validate(ctx context.Context, op Operation, obj, old client.Object) Verdict {
	c := &check{v: v, ctx: ctx, op: op}
	if op == Update && old != nil && !reflect.ValueOf(old).IsNil() {
		c.old = old
	}
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		oldIng, _ := old.(*networkingv1.Ingress)
		c.ingress(o, oldIng)
	case *apiv2.ApisixRoute:
		c.apisixRoute(o, asType[*apiv2.ApisixRoute](old))
	case *apiv2.ApisixUpstream:
		c.apisixUpstream(o, asType[*apiv2.ApisixUpstream](old))
	case *apiv2.ApisixTls:
		c.apisixTls(o, asType[*apiv2.ApisixTls](old))
	case *apiv2.ApisixPluginConfig:
		c.apisixPluginConfig(o, asType[*apiv2.ApisixPluginConfig](old))
	case *apiv2.ApisixConsumer:
		c.apisixConsumer(o, asType[*apiv2.ApisixConsumer](old))
	case *apiv2.ApisixGlobalRule:
		c.apisixGlobalRule(o, asType[*apiv2.ApisixGlobalRule](old))
	case *gwv1.GatewayClass, *gwv1.Gateway, *gwv1.HTTPRoute, *gwv1.GRPCRoute, *gwv1.TLSRoute, *gwv1.TCPRoute, *gwv1.UDPRoute:
		c.gatewayAPI(obj)
	default:
		c.errs = append(c.errs, field.InternalError(nil, fmt.Errorf("kind %T is not handled by this webhook", obj)))
	}
	return Verdict{Errors: c.errs, Warnings: c.warn.list, Ignored: c.ignored}
}

func asType[T client.Object](o client.Object) T {
	var zero T
	if o == nil {
		return zero
	}
	t, _ := o.(T)
	return t
}

// check is the state of one validation.
type check struct {
	v       *Validator
	ctx     context.Context
	op      Operation
	old     client.Object // the object before an UPDATE, or nil
	errs    field.ErrorList
	warn    warnings
	ignored bool
}

func (c *check) fail(errs ...*field.Error) {
	for _, e := range errs {
		if e != nil {
			c.errs = append(c.errs, e)
		}
	}
}

// lookupFailed reports a store error as a warning: the check that needed
// it is skipped, never the admission.
func (c *check) lookupFailed(what string, err error) {
	c.warn.add(fmt.Sprintf("not checked (%s): %v", what, err))
}

// classes returns the IngressClasses, or nil after a warning.
func (c *check) classes() []*networkingv1.IngressClass {
	cl, err := c.v.store.IngressClasses(c.ctx)
	if err != nil {
		c.lookupFailed("IngressClasses", err)
	}
	return cl
}

// ownsClassName reports whether a CRD's spec.ingressClassName belongs to
// this controller: empty does, as in the APISIX ingress controller.
func (c *check) ownsClassName(name string, classes []*networkingv1.IngressClass) bool {
	if name == "" {
		return true
	}
	ing := &networkingv1.Ingress{Spec: networkingv1.IngressSpec{IngressClassName: &name}}
	return translator.OwnsIngress(ing, classes, c.v.opts.Translator)
}

// translate runs the translator on snap and reports the status of ref:
// unresolved references become warnings, other errors rejections, and the
// object's warning notices warnings; a conflict it would win over a
// neighbour in snap is a rejection too (see conflictsWon). It returns the
// result for the checks of the translated objects.
func (c *check) translate(snap *translator.Snapshot, ref translator.ObjectRef) *translator.Result {
	res := translator.Translate(snap, c.v.opts.Translator)
	c.conflictsWon(snap, res, ref)
	if st, ok := res.StatusOf(ref); ok {
		for _, e := range st.Errors {
			if e.Type == field.ErrorTypeNotFound {
				c.warn.notFound(e)
				continue
			}
			c.fail(e)
		}
	}
	for _, n := range res.Notices {
		if n.Ref == ref && n.Severity == translator.SeverityWarning {
			c.warn.addField(n.Field, n.Message)
		}
	}
	return res
}

func groupKind(obj client.Object) schema.GroupKind {
	switch obj.(type) {
	case *networkingv1.Ingress:
		return schema.GroupKind{Group: networkingv1.GroupName, Kind: "Ingress"}
	}
	gk := obj.GetObjectKind().GroupVersionKind().GroupKind()
	if gk.Kind == "" {
		gk = schema.GroupKind{Group: apiv2.GroupVersion.Group, Kind: kindOf(obj)}
	}
	return gk
}

func kindOf(obj client.Object) string {
	switch obj.(type) {
	case *networkingv1.Ingress:
		return "Ingress"
	case *apiv2.ApisixRoute:
		return apiv2.KindApisixRoute
	case *apiv2.ApisixUpstream:
		return apiv2.KindApisixUpstream
	case *apiv2.ApisixTls:
		return apiv2.KindApisixTls
	case *apiv2.ApisixPluginConfig:
		return apiv2.KindApisixPluginConfig
	case *apiv2.ApisixConsumer:
		return apiv2.KindApisixConsumer
	case *apiv2.ApisixGlobalRule:
		return apiv2.KindApisixGlobalRule
	}
	return fmt.Sprintf("%T", obj)
}
