package controller

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Condition reasons written by the controller.
const (
	ReasonAccepted            = "Accepted"
	ReasonInvalid             = "Invalid"
	ReasonUnresolvedReference = "UnresolvedReference"
	ReasonSynced              = "Synced"
	ReasonSyncFailed          = "SyncFailed"
	ReasonNotApplied          = "NotApplied"
)

// maxMessage is the limit of metav1.Condition.Message.
const maxMessage = 32768

// condition is the part of a metav1.Condition the controller decides.
type condition struct {
	status  metav1.ConditionStatus
	reason  string
	message string
}

// desiredStatus is what one source's status should say.
type desiredStatus struct {
	ref        translator.ObjectRef
	generation int64
	accepted   condition
	synced     condition
	// gateway is the status a Gateway API object should show.
	gateway *translator.GatewayAPIStatus
}

// failure returns the first False condition, for events.
func (d desiredStatus) failure() (condition, bool) {
	if d.accepted.status == metav1.ConditionFalse {
		return d.accepted, true
	}
	if d.synced.status == metav1.ConditionFalse {
		return d.synced, true
	}
	return condition{}, false
}

// fingerprint identifies the decided content (not transition times).
func (d desiredStatus) fingerprint() string {
	var b strings.Builder
	for _, c := range []condition{d.accepted, d.synced} {
		b.WriteString(string(c.status) + "\x00" + c.reason + "\x00" + c.message + "\x00")
	}
	b.WriteString(gatewayFingerprint(d.gateway))
	return b.String()
}

// statusFor decides the conditions of one translated source.
func statusFor(s translator.Status, out *applyResult) desiredStatus {
	d := desiredStatus{ref: s.Ref, generation: s.Generation, gateway: s.GatewayAPI}
	switch {
	case len(s.Errors) == 0:
		d.accepted = condition{metav1.ConditionTrue, ReasonAccepted, "translated without error"}
	case s.Emitted:
		d.accepted = condition{metav1.ConditionFalse, ReasonUnresolvedReference, errorsMessage(s)}
	default:
		d.accepted = condition{metav1.ConditionFalse, ReasonInvalid, errorsMessage(s)}
	}
	msg, failed := out.failed[s.Ref]
	if !failed && out.failedGlobal != "" && s.Ref.Kind == apiv2.KindApisixGlobalRule {
		msg, failed = out.failedGlobal, true
	}
	switch {
	case !s.Emitted:
		d.synced = condition{metav1.ConditionFalse, ReasonNotApplied, "not applied because of the errors above; APISIX keeps what it served before, if anything"}
	case failed:
		d.synced = condition{metav1.ConditionFalse, ReasonSyncFailed, truncate("APISIX did not accept it: " + msg)}
	default:
		d.synced = condition{metav1.ConditionTrue, ReasonSynced, "APISIX accepted every object"}
	}
	return d
}

func errorsMessage(s translator.Status) string {
	parts := make([]string, 0, len(s.Errors))
	for _, e := range s.Errors {
		parts = append(parts, e.Error())
	}
	return truncate(strings.Join(parts, "; "))
}

func truncate(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	const ell = " ...(truncated)"
	cut := maxMessage - len(ell)
	for cut > 0 && (s[cut]&0xC0) == 0x80 { // keep UTF-8 whole
		cut--
	}
	return s[:cut] + ell
}

// postStatuses hands the decided statuses to the status writer and updates
// the per-state gauges: from all statuses when full, else from those given
// (the sources no longer translated leave the gauges too).
func (c *Controller) postStatuses(statuses []translator.Status, full bool, srcs sources, out *applyResult) {
	t := c.tracked
	changed := map[kindState]bool{}
	if full {
		t.states, t.counts = make(map[translator.ObjectRef]kindState, len(statuses)), map[kindState]int{}
	} else {
		for ref := range t.touched {
			if _, ok := t.statuses[ref]; !ok {
				t.count(ref, kindState{}, false, changed)
			}
		}
	}
	updates := make([]statusUpdate, 0, len(statuses))
	for _, s := range statuses {
		d := statusFor(s, out)
		state := "synced"
		switch {
		case !s.Emitted:
			state = "rejected"
		case d.synced.status == metav1.ConditionFalse:
			state = "failed"
		}
		t.count(s.Ref, kindState{s.Ref.Kind, state}, true, changed)
		obj, ok := srcs[s.Ref]
		if !ok || out.pending[s.Ref] || (out.pendingGlobal && s.Ref.Kind == apiv2.KindApisixGlobalRule) {
			continue
		}
		updates = append(updates, statusUpdate{desired: d, obj: obj})
	}
	if full {
		c.metrics.sources.Reset()
	}
	for ks := range changed {
		if n := t.counts[ks]; n > 0 {
			c.metrics.sources.WithLabelValues(ks.kind, ks.state).Set(float64(n))
		} else {
			c.metrics.sources.DeleteLabelValues(ks.kind, ks.state)
		}
	}
	if !c.opts.DisableStatus {
		c.status.post(updates)
	}
}
