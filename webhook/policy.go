package webhook

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// Policy says what admission does with legacy nginx.ingress.kubernetes.io
// annotations. Snippets and other keys whose stance is Reject are rejected
// under every policy.
type Policy string

// Policies.
const (
	// PolicyConvert admits and translates legacy annotations, with one
	// warning per annotation naming its APISIX equivalent.
	PolicyConvert Policy = "convert"
	// PolicyWarn admits and translates them, with one warning per
	// annotation asking to migrate to the canonical key.
	PolicyWarn Policy = "warn"
	// PolicyReject rejects every legacy annotation, naming the canonical
	// replacement (for teams that finished migrating).
	PolicyReject Policy = "reject"
)

// ParsePolicy reads a policy name.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(strings.ToLower(strings.TrimSpace(s))); p {
	case PolicyConvert, PolicyWarn, PolicyReject:
		return p, nil
	}
	return "", fmt.Errorf("unknown legacy annotation policy %q: want convert, warn or reject", s)
}

// policyFor returns the policy of a namespace: its label when valid, else
// the cluster-wide one. A bad label value is reported as a warning.
func (v *Validator) policyFor(nsLabels map[string]string, w *warnings) Policy {
	raw, ok := nsLabels[v.opts.PolicyLabel]
	if !ok {
		return v.opts.Policy
	}
	p, err := ParsePolicy(raw)
	if err != nil {
		w.add(fmt.Sprintf("namespace label %s=%q is not convert, warn or reject; using %s", v.opts.PolicyLabel, raw, v.opts.Policy))
		return v.opts.Policy
	}
	return p
}

// annotationPolicy applies the legacy annotation policy and the canonical
// form checks to the annotations of an object. Values Parse rejects are left
// to the translation, which reports them. The warnings come from cc, which
// words each annotation once (see canonicalForm).
func annotationPolicy(ann map[string]string, p Policy, cc *canonicalCache, w *warnings) field.ErrorList {
	var errs field.ErrorList
	var buf [32]string // the keys of an object with up to 32 annotations, on the stack
	keys := buf[:0]
	for k := range ann {
		if annotations.Ours(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		f := cc.form(k, ann[k])
		if !f.checked {
			continue // unknown, rejected or snippet keys and invalid values: Parse and the translation report them
		}
		switch {
		case f.legacy && p == PolicyReject:
			errs = append(errs, field.Forbidden(annotations.FieldPath(k), rejectMessage(f.entry, f.key, f.value)))
		case f.legacy && p == PolicyWarn:
			w.insert(f.warnWarning)
		default:
			w.insert(f.warning)
		}
	}
	return errs
}

// policyWarnings words the warnings of annotation k=val, whose canonical
// form is ck=cv, under PolicyWarn and under the other policies (for a
// legacy annotation PolicyReject gives an error instead), as warningText
// words them; "" for none.
func policyWarnings(e annotations.Entry, k, val, ck, cv string) (warn, other string) {
	legacy := annotations.IsLegacy(k)
	var msg string
	switch {
	case legacy && (ck != k || cv != val):
		msg = shortKey(k) + ": canonical " + pair(ck, cv) + " (APISIX " + orDash(e.APISIX) + ")"
	case legacy:
		msg = shortKey(k) + ": served by APISIX " + orDash(e.APISIX)
	case ck != k || cv != val:
		msg = fmt.Sprintf("%s: %s is accepted; canonical form is %s", shortKey(k), strconv.Quote(val), pair(ck, cv))
	}
	msg = warningText(msg)
	if !legacy {
		return msg, msg
	}
	return warningText(shortKey(k) + ": legacy annotation; migrate to " + replacement(e, k, ck, cv)), msg
}

// rewriteValues returns the canonical value of each annotation whose key
// stays the same but whose value is written non-canonically.
func rewriteValues(ann map[string]string, cc *canonicalCache) map[string]string {
	out := map[string]string{}
	for k, val := range ann {
		if !annotations.Ours(k) {
			continue
		}
		if ck, cv, ok := cc.canonical(k, val); ok && ck == k && cv != val {
			out[k] = cv
		}
	}
	return out
}

func rejectMessage(e annotations.Entry, ck, cv string) string {
	return "legacy annotations are rejected in this namespace; use " + replacement(e, e.Key, ck, cv)
}

func replacement(e annotations.Entry, k, ck, cv string) string {
	if ck != k {
		return pair(ck, cv)
	}
	if e.APISIX != "" {
		return "APISIX " + e.APISIX + " (ApisixRoute plugins)"
	}
	return "an ApisixRoute"
}

func pair(k, v string) string { return k + "=" + strconv.Quote(v) }

// shortKey is how a warning names an annotation: its whole key, which is
// what the user searches the manifest for.
func shortKey(k string) string { return k }

func orDash(s string) string {
	if s == "" {
		return "(no equivalent)"
	}
	return s
}
