package annotations

import "strings"

// Canonical returns the preferred key and the normalised form of an
// annotation's value: the k8s.apisix.apache.org key when one has the same
// meaning for this value, else the key ingress-nginx prefers (for aliases),
// else the key itself. ok is false for unknown or rejected keys and for
// values Parse would reject.
//
// For example ("nginx.ingress.kubernetes.io/proxy-read-timeout", "30")
// gives ("k8s.apisix.apache.org/upstream-read-timeout", "30s", true).
func Canonical(key, value string) (canonicalKey, canonicalValue string, ok bool) {
	e, found := Lookup(key)
	if !found || e.Stance == Reject || hasControl(value) {
		return "", "", false
	}
	v := strings.TrimSpace(value)
	if v == "" {
		return "", "", false
	}
	norm, msg := e.run(v, nil)
	if msg != "" {
		return "", "", false
	}
	if e.Canonical != "" && e.toCanonical != nil {
		if cv, convertible := e.toCanonical(norm); convertible {
			return e.Canonical, cv, true
		}
	}
	if e.AliasOf != "" {
		return e.AliasOf, norm, true
	}
	return key, norm, true
}
