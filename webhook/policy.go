package webhook

import (
	"fmt"
	"sort"
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
// to the translation, which reports them.
func annotationPolicy(ann map[string]string, p Policy, cc *canonicalCache, w *warnings) field.ErrorList {
	var errs field.ErrorList
	keys := make([]string, 0, len(ann))
	for k := range ann {
		if strings.HasPrefix(k, annotations.NginxPrefix) || strings.HasPrefix(k, annotations.APISIXPrefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b []byte // the warning being written, reused
	for _, k := range keys {
		e, known := annotations.Lookup(k)
		if !known || e.Stance == annotations.Reject || strings.HasSuffix(k, "-snippet") {
			continue // Parse reports unknown keys, snippets and rejected keys
		}
		val := ann[k]
		ck, cv, ok := cc.canonical(k, val)
		if !ok {
			continue // an invalid value: the translation reports it
		}
		legacy := strings.HasPrefix(k, annotations.NginxPrefix)
		switch {
		case legacy && p == PolicyReject:
			errs = append(errs, field.Forbidden(annotations.FieldPath(k), rejectMessage(e, ck, cv)))
		case legacy && p == PolicyWarn:
			w.add(shortKey(k) + ": legacy annotation; migrate to " + replacement(e, k, ck, cv))
		case legacy && (ck != k || cv != val):
			b = append(append(b[:0], shortKey(k)...), ": canonical "...)
			b = appendPair(b, ck, cv)
			b = append(append(append(b, " (APISIX "...), orDash(e.APISIX)...), ')')
			w.addBytes(b)
		case legacy:
			b = append(append(append(b[:0], shortKey(k)...), ": served by APISIX "...), orDash(e.APISIX)...)
			w.addBytes(b)
		case ck != k || cv != val:
			w.add(fmt.Sprintf("%s: %s is accepted; canonical form is %s", shortKey(k), strconv.Quote(val), pair(ck, cv)))
		}
	}
	return errs
}

// rewriteValues returns the canonical value of each annotation whose key
// stays the same but whose value is written non-canonically.
func rewriteValues(ann map[string]string, cc *canonicalCache) map[string]string {
	out := map[string]string{}
	for k, val := range ann {
		if !strings.HasPrefix(k, annotations.NginxPrefix) && !strings.HasPrefix(k, annotations.APISIXPrefix) {
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

// appendPair appends pair(k, v) to b.
func appendPair(b []byte, k, v string) []byte {
	return strconv.AppendQuote(append(append(b, k...), '='), v)
}

// shortKey is how a warning names an annotation: its whole key, which is
// what the user searches the manifest for.
func shortKey(k string) string { return k }

func orDash(s string) string {
	if s == "" {
		return "(no equivalent)"
	}
	return s
}
