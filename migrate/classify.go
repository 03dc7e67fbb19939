package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// canaryOwnGroups are the annotation groups a canary Ingress still uses;
// everything else comes from its primary, as in ingress-nginx.
func canaryOwnGroups() []string {
	return []string{"Canary", "Session affinity and load balancing", "Backend protocol and upstream"}
}

// classifyAll builds the report of every ingress-nginx Ingress from the
// translation of the input (concurrently: classify only reads the run),
// and decides which are blocked.
func (r *run) classifyAll() {
	notices := make(map[translator.ObjectRef][]translator.Notice, len(r.nginx))
	for _, n := range r.orig.Notices {
		if _, ok := r.nginx[n.Ref]; ok {
			notices[n.Ref] = append(notices[n.Ref], n)
		}
	}
	refs := make([]translator.ObjectRef, 0, len(r.nginx))
	for ref := range r.nginx {
		refs = append(refs, ref)
	}
	reps := make([]*IngressReport, len(refs))
	parallel(len(refs), func(i int) {
		ref := refs[i]
		st, _ := r.orig.StatusOf(ref)
		reps[i] = r.classify(r.nginx[ref], st, notices[ref])
		reps[i].Source = r.source(ref)
	})
	for i, ref := range refs {
		r.reports[ref] = reps[i]
		if reps[i].Outcome == Blocked {
			r.blocked[ref] = true
		}
	}
}

// classify reports on one Ingress: each annotation, then what belongs to
// no annotation.
func (r *run) classify(ing *networkingv1.Ingress, st translator.Status, notices []translator.Notice) *IngressReport {
	rep := &IngressReport{Namespace: ing.Namespace, Name: ing.Name}
	errsAt := map[string][]*field.Error{}
	for _, e := range st.Errors {
		errsAt[e.Field] = append(errsAt[e.Field], e)
	}
	noticesAt := map[string][]translator.Notice{}
	for _, n := range notices {
		noticesAt[n.Field] = append(noticesAt[n.Field], n)
	}
	canary := isCanary(ing)
	keys := annotationKeys(ing.Annotations)
	for _, k := range keys {
		fp := annotations.FieldPath(k).String()
		a := classifyKey(k, ing.Annotations[k], errsAt[fp], noticesAt[fp], canary)
		delete(errsAt, fp)
		delete(noticesAt, fp)
		rep.Annotations = append(rep.Annotations, a)
	}
	if v, ok := annotations.LegacyClass(ing.Annotations); ok {
		rep.Annotations = append(rep.Annotations, AnnotationReport{
			Key: legacyClassAnnotation, Value: v, Outcome: Translated,
			Reason: "deprecated; replaced by spec.ingressClassName",
		})
	}
	rep.Messages = messages(errsAt, noticesAt)
	rep.Outcome = worst(rep)
	return rep
}

// annotationKeys are the keys the annotations table speaks for, sorted.
func annotationKeys(ann map[string]string) []string {
	keys := make([]string, 0, len(ann))
	for k := range ann {
		if annotations.Ours(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func isCanary(ing *networkingv1.Ingress) bool {
	return annotations.IsCanary(ing.Annotations)
}

// classifyKey decides the outcome of one annotation from the table entry
// and what translating the Ingress said about it.
func classifyKey(key, value string, errs []*field.Error, notices []translator.Notice, canary bool) AnnotationReport {
	a := AnnotationReport{Key: key, Value: value}
	e, known := annotations.Lookup(key)
	var blocking []string
	for _, x := range errs {
		if x.Type == field.ErrorTypeNotFound {
			notices = append(notices, translator.Notice{Severity: translator.SeverityInfo, Message: missing(x) + " not found in the input"})
			continue
		}
		blocking = append(blocking, x.Detail)
	}
	switch {
	case len(blocking) > 0:
		a.Outcome = Blocked
		if (known && e.Stance == annotations.Reject) || strings.HasSuffix(key, "-snippet") {
			a.Reason = "no safe APISIX equivalent"
			if known {
				a.Reason = strings.TrimSuffix(e.Description, ".") + ": no safe APISIX equivalent"
			}
			a.Instead = strings.Join(blocking, "; ")
		} else {
			a.Reason = "invalid: " + strings.Join(blocking, "; ")
			if known {
				a.Instead = "fix the value; it becomes APISIX " + e.APISIX
			}
		}
		return a
	case !known:
		a.Outcome, a.Reason = Ignored, "unknown annotation: neither ingress-nginx nor APISIX reads it"
		return a
	case canary && !containsString(canaryOwnGroups(), e.Group):
		a.Outcome, a.Reason = Ignored, "a canary Ingress uses its primary's settings for this, as in ingress-nginx"
		return a
	}
	a.Outcome, a.Reason = Translated, "APISIX "+e.APISIX
	switch e.Stance {
	case annotations.TranslateWithWarning:
		// Changed where the translation said the difference applies (some
		// keys differ only with some values of others).
		if slices.ContainsFunc(notices, func(n translator.Notice) bool { return n.Message == e.Note }) {
			a.Outcome, a.Reason = Changed, e.Note
		}
	case annotations.IgnoreWithWarning:
		a.Outcome, a.Reason = Ignored, strings.TrimPrefix(e.Note, "ignored: ")
	}
	for _, n := range notices {
		msg := n.Message
		switch {
		case strings.HasPrefix(msg, "ignored: ") || strings.Contains(msg, "has no effect") || strings.HasPrefix(msg, "empty value"):
			a.Outcome, a.Reason = Ignored, strings.TrimPrefix(msg, "ignored: ")
		case msg == e.Note || strings.HasPrefix(msg, "deprecated alias"):
			// already said by the stance, or said by the rewrite
		case n.Severity == translator.SeverityWarning && a.Outcome == Translated:
			a.Outcome, a.Reason = Changed, msg
		default:
			a.Reason += "; " + msg
		}
	}
	return a
}

// messages turns what was said about no annotation into messages, sorted by
// field.
func messages(errsAt map[string][]*field.Error, noticesAt map[string][]translator.Notice) []Message {
	var out []Message
	for f, errs := range errsAt {
		for _, e := range errs {
			m := Message{Severity: SeverityError, Field: f, Text: errorText(e)}
			if e.Type == field.ErrorTypeNotFound {
				m.Severity, m.Text = SeverityInfo, missing(e)+" is not in the input: served once it exists"
			}
			out = append(out, m)
		}
	}
	for f, ns := range noticesAt {
		for _, n := range ns {
			sev := SeverityInfo
			if n.Severity == translator.SeverityWarning {
				sev = SeverityWarning
			}
			out = append(out, Message{Severity: sev, Field: f, Text: n.Message})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Field != out[j].Field {
			return out[i].Field < out[j].Field
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// errorText is a field error without its field path (shown separately).
func errorText(e *field.Error) string {
	s := e.ErrorBody()
	return s
}

// worst is the outcome of an Ingress: blocked when anything is blocked,
// changed when anything differs or is ignored, else translated.
func worst(rep *IngressReport) Outcome {
	rank := 0
	for _, a := range rep.Annotations {
		rank = max(rank, a.Outcome.rank())
	}
	for _, m := range rep.Messages {
		switch m.Severity {
		case SeverityError:
			rank = max(rank, Blocked.rank())
		case SeverityWarning:
			rank = max(rank, Changed.rank())
		}
	}
	switch {
	case rank >= Blocked.rank():
		return Blocked
	case rank > 0:
		return Changed
	}
	return Translated
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// missing names the object a NotFound error is about ("Secret ns/name"):
// field.NotFound carries it as the bad value.
func missing(e *field.Error) string {
	if e.Detail != "" {
		return e.Detail
	}
	return fmt.Sprint(e.BadValue)
}
