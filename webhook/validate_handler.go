package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// validateHandler is the admission.Handler of a validating path. It answers
// exactly as controller-runtime's admission.WithValidator does, but takes
// the object already decoded when the request carries it in
// RawExtension.Object (the single-pass decoding of typedReview), and decodes
// RawExtension.Raw with controller-runtime's decoder otherwise.
type validateHandler[T client.Object] struct {
	v       validating[T]
	decoder admission.Decoder
	new     func() T
}

func newValidateHandler[T client.Object](scheme *runtime.Scheme, v *Validator, newT func() T) *validateHandler[T] {
	return &validateHandler[T]{v: validating[T]{v}, decoder: admission.NewDecoder(scheme), new: newT}
}

// object returns the decoded object of raw: the one already decoded, or
// raw.Raw decoded by controller-runtime.
func (h *validateHandler[T]) object(raw runtime.RawExtension) (T, error) {
	if o, ok := raw.Object.(T); ok {
		return o, nil
	}
	o := h.new()
	return o, h.decoder.DecodeRaw(raw, o)
}

// Handle implements admission.Handler.
func (h *validateHandler[T]) Handle(ctx context.Context, req admission.Request) admission.Response {
	ctx = admission.NewContextWithRequest(ctx, req)
	var err error
	var warnings []string
	switch req.Operation {
	case admissionv1.Connect:
	case admissionv1.Create:
		obj, derr := h.object(req.Object)
		if derr != nil {
			return admission.Errored(http.StatusBadRequest, derr)
		}
		warnings, err = h.v.ValidateCreate(ctx, obj)
	case admissionv1.Update:
		obj, derr := h.object(req.Object)
		if derr != nil {
			return admission.Errored(http.StatusBadRequest, derr)
		}
		old, derr := h.object(req.OldObject)
		if derr != nil {
			return admission.Errored(http.StatusBadRequest, derr)
		}
		warnings, err = h.v.ValidateUpdate(ctx, old, obj)
	case admissionv1.Delete:
		obj, derr := h.object(req.OldObject)
		if derr != nil {
			return admission.Errored(http.StatusBadRequest, derr)
		}
		warnings, err = h.v.ValidateDelete(ctx, obj)
	default:
		return admission.Errored(http.StatusBadRequest, fmt.Errorf("unknown operation %q", req.Operation))
	}
	if err != nil {
		var st apierrors.APIStatus
		if errors.As(err, &st) {
			status := st.Status()
			return admission.Response{AdmissionResponse: admissionv1.AdmissionResponse{Result: &status}}.WithWarnings(warnings...)
		}
		return admission.Denied(err.Error()).WithWarnings(warnings...)
	}
	return admission.Allowed("").WithWarnings(warnings...)
}
