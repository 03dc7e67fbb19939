package webhook

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// appendReview appends to b the bytes json.NewEncoder(w).Encode writes for
// a v1 AdmissionReview carrying r, without reflection, for the answers of a
// validating handler: a status without details and no patch or audit
// annotations. ok is false for any other answer, left to encoding/json.
// TestAppendReview pins the equality.
func appendReview(b []byte, r *admissionv1.AdmissionResponse) (out []byte, ok bool) {
	st := r.Result
	if st == nil || st.Details != nil || st.TypeMeta != (metav1.TypeMeta{}) || st.ListMeta != (metav1.ListMeta{}) ||
		r.Patch != nil || r.PatchType != nil || r.AuditAnnotations != nil {
		return b, false
	}
	b = append(b, `{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","response":{"uid":`...)
	b = appendJSONString(b, string(r.UID))
	b = append(b, `,"allowed":`...)
	b = strconv.AppendBool(b, r.Allowed)
	b = append(b, `,"status":{"metadata":{}`...)
	for _, f := range [...]struct{ name, v string }{{`,"status":`, st.Status}, {`,"message":`, st.Message}, {`,"reason":`, string(st.Reason)}} {
		if f.v != "" {
			b = appendJSONString(append(b, f.name...), f.v)
		}
	}
	if st.Code != 0 {
		b = strconv.AppendInt(append(b, `,"code":`...), int64(st.Code), 10)
	}
	b = append(b, '}')
	if len(r.Warnings) > 0 {
		b = append(b, `,"warnings":[`...)
		for i, w := range r.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, w)
		}
		b = append(b, ']')
	}
	return append(b, "}}\n"...), true
}

// reviewSize is about the size appendReview writes for r, escapes aside.
func reviewSize(r *admissionv1.AdmissionResponse) int {
	n := 192 + len(r.UID)
	if st := r.Result; st != nil {
		n += len(st.Status) + len(st.Message) + len(st.Reason)
	}
	for _, w := range r.Warnings {
		n += len(w) + 3
	}
	return n + n/16
}

// appendJSONString appends s quoted as encoding/json quotes it (with its
// default HTML escaping). ASCII is escaped here as encoding/json escapes it;
// a string with non-ASCII bytes (which may be U+2028, U+2029 or invalid
// UTF-8) is left to encoding/json.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b0 := len(b)
	b = append(b, '"')
	start := 0
	for i := range len(s) {
		c := s[i]
		if c >= ' ' && c < utf8.RuneSelf && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c >= utf8.RuneSelf {
				q, _ := json.Marshal(s) // a string always encodes
				return append(b[:b0], q...)
			}
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
	}
	return append(append(b, s[start:]...), '"')
}
