package translator

import (
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ruleTimeout is the APISIX route timeout of an HTTPRoute rule's timeouts
// (extended features RequestTimeout and BackendTimeout): APISIX bounds each
// attempt at the upstream (connect, send, read; 504 when one runs out), so
// backendRequest is that bound, and request, when it is the only one (or
// the shorter), bounds the single attempt too. It is not an end-to-end
// deadline: with APISIX's upstream retries a request can take longer. "0s"
// disables a timeout: APISIX's own (60 s) then applies. nil when neither
// is set. A value time.ParseDuration refuses is an error at its field
// (the CRD's pattern lets none through).
func ruleTimeout(t *gwv1.HTTPRouteTimeouts, fp *field.Path, e *emitter) *apisix.Timeout {
	if t == nil {
		return nil
	}
	parse := func(d *gwv1.Duration, name string) time.Duration {
		if d == nil {
			return 0
		}
		v, err := time.ParseDuration(string(*d))
		if err != nil || v < 0 {
			e.err(field.Invalid(fp.Child(name), string(*d), fmt.Sprintf("not a duration (like 500ms or 1m30s): %v", err)))
			return 0
		}
		return v
	}
	d := parse(t.BackendRequest, "backendRequest")
	if r := parse(t.Request, "request"); r > 0 && (d == 0 || r < d) {
		d = r
	}
	if d <= 0 {
		return nil
	}
	s := d.Seconds()
	return &apisix.Timeout{Connect: s, Send: s, Read: s}
}
