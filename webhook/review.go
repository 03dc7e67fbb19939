package webhook

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// Limits of the request body handled by reviewHandler: controller-runtime's
// own read limit (bodies this large are left to it), and the largest buffer
// kept for reuse.
const (
	controllerRuntimeMaxBody = 7 << 20
	maxPooledBuffer          = 256 << 10
)

// typedReview is an admission.k8s.io AdmissionReview whose objects decode
// straight into *T, in the same pass as the review (controller-runtime
// decodes the review, then each embedded object again, each time twice).
type typedReview[T any] struct {
	APIVersion string           `json:"apiVersion"`
	Kind       string           `json:"kind"`
	Request    *typedRequest[T] `json:"request"`
}

// typedRequest shadows the raw object fields of AdmissionRequest with typed
// ones.
type typedRequest[T any] struct {
	admissionv1.AdmissionRequest
	Object    *T `json:"object"`
	OldObject *T `json:"oldObject"`
}

// reviewHandler serves a validating webhook path. The requests the API
// server sends (a v1 AdmissionReview of CREATE or UPDATE whose objects are
// of the path's kind) are decoded once into the typed objects and given to
// wh.Handle in RawExtension.Object; the answer is written as
// controller-runtime writes it. Every other request (and any request this
// decoding fails on) goes to wh.ServeHTTP unchanged, so odd and malformed
// requests get exactly controller-runtime's answers.
type reviewHandler[T any, PT interface {
	*T
	client.Object
}] struct {
	wh   *admission.Webhook
	gvk  schema.GroupVersionKind
	bufs sync.Pool // *bytes.Buffer
}

func newReviewHandler[T any, PT interface {
	*T
	client.Object
}](scheme *runtime.Scheme, wh *admission.Webhook) (*reviewHandler[T, PT], error) {
	gvks, _, err := scheme.ObjectKinds(PT(new(T)))
	if err != nil {
		return nil, err
	}
	return &reviewHandler[T, PT]{wh: wh, gvk: gvks[0]}, nil
}

func (h *reviewHandler[T, PT]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody || r.Header.Get("Content-Type") != "application/json" {
		h.wh.ServeHTTP(w, r)
		return
	}
	buf := h.buffer()
	defer h.release(buf)
	if r.ContentLength > 0 && r.ContentLength < controllerRuntimeMaxBody {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	lr := &io.LimitedReader{R: r.Body, N: controllerRuntimeMaxBody}
	_, err := buf.ReadFrom(lr)
	if err != nil || lr.N <= 0 {
		h.delegate(w, r, buf.Bytes(), err)
		return
	}
	var rv typedReview[T]
	if decodeReview(buf.Bytes(), &rv) != nil || !h.eligible(&rv) {
		h.delegate(w, r, buf.Bytes(), nil)
		return
	}
	req := admission.Request{AdmissionRequest: rv.Request.AdmissionRequest}
	req.Object = runtime.RawExtension{Object: PT(rv.Request.Object)}
	if rv.Request.OldObject != nil {
		req.OldObject = runtime.RawExtension{Object: PT(rv.Request.OldObject)}
	}
	resp := h.wh.Handle(r.Context(), req)
	buf.Reset()
	h.write(w, buf, &resp.AdmissionResponse)
}

// eligible reports whether the fast path answers rv as controller-runtime
// would: a v1 review of CREATE or UPDATE with every object it needs present
// and of the handler's kind.
func (h *reviewHandler[T, PT]) eligible(rv *typedReview[T]) bool {
	if rv.APIVersion != "admission.k8s.io/v1" || rv.Kind != "AdmissionReview" || rv.Request == nil {
		return false
	}
	switch rv.Request.Operation {
	case admissionv1.Create:
		return h.ofKind(rv.Request.Object)
	case admissionv1.Update:
		return h.ofKind(rv.Request.Object) && h.ofKind(rv.Request.OldObject)
	}
	return false
}

func (h *reviewHandler[T, PT]) ofKind(o *T) bool {
	return o != nil && PT(o).GetObjectKind().GroupVersionKind() == h.gvk
}

// delegate hands the request to controller-runtime with its body restored:
// the bytes already read, then the read error (or the rest of the body).
func (h *reviewHandler[T, PT]) delegate(w http.ResponseWriter, r *http.Request, read []byte, err error) {
	rest := io.Reader(r.Body)
	if err != nil {
		rest = errReader{err}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(read), rest), r.Body}
	h.wh.ServeHTTP(w, r)
}

// write writes the answer as controller-runtime's writeResponseTyped does
// (the same bytes: a v1 AdmissionReview encoded by encoding/json), with
// appendReview when it can.
func (h *reviewHandler[T, PT]) write(w http.ResponseWriter, buf *bytes.Buffer, resp *admissionv1.AdmissionResponse) {
	// controller-runtime sets no Content-Type, so net/http sniffs one from
	// the body: always this one for a JSON object. Setting it saves the
	// sniffing and sends the same header.
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	var err error
	buf.Grow(reviewSize(resp)) // kept with the buffer when it is pooled, unlike growth by append
	if out, ok := appendReview(buf.AvailableBuffer(), resp); ok {
		_, err = w.Write(out)
	} else {
		ar := admissionv1.AdmissionReview{Response: resp}
		ar.SetGroupVersionKind(admissionv1.SchemeGroupVersion.WithKind("AdmissionReview"))
		err = json.NewEncoder(buf).Encode(ar)
		if err == nil {
			_, err = w.Write(buf.Bytes())
		}
	}
	if err != nil {
		// As controller-runtime does: one attempt to say what failed.
		failed := admission.Errored(http.StatusInternalServerError, err)
		_ = json.NewEncoder(w).Encode(admissionv1.AdmissionReview{Response: &failed.AdmissionResponse})
	}
}

func (h *reviewHandler[T, PT]) buffer() *bytes.Buffer {
	if b, ok := h.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func (h *reviewHandler[T, PT]) release(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		h.bufs.Put(b)
	}
}

// errReader returns err on every read.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
