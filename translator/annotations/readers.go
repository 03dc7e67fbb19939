package annotations

import "strings"

// Annotation keys Kubernetes itself defines for Ingress classes. Like every
// other annotation key, they are read only in this package.
const (
	// LegacyClassKey named an Ingress's class before spec.ingressClassName.
	LegacyClassKey = "kubernetes.io/ingress.class"
	// DefaultClassKey marks the IngressClass of Ingresses without a class.
	DefaultClassKey = "ingressclass.kubernetes.io/is-default-class"
)

// PolicyLabel is the default namespace label that sets the policy for
// legacy ingress-nginx annotations of the namespace's objects.
const PolicyLabel = APISIXPrefix + "legacy-annotations"

// Ours reports whether key is an annotation this package speaks for (an
// ingress-nginx key or a canonical one), known or not.
func Ours(key string) bool {
	return strings.HasPrefix(key, NginxPrefix) || strings.HasPrefix(key, APISIXPrefix)
}

// IsLegacy reports whether key is an ingress-nginx annotation key.
func IsLegacy(key string) bool { return strings.HasPrefix(key, NginxPrefix) }

// LegacyClass returns the class the kubernetes.io/ingress.class annotation
// names, and whether it is set.
func LegacyClass(a map[string]string) (string, bool) {
	v, ok := a[LegacyClassKey]
	return v, ok
}

// IsDefaultClass reports whether an IngressClass's annotations make it the
// cluster's default, as Kubernetes decides it (exactly "true").
func IsDefaultClass(a map[string]string) bool { return a[DefaultClassKey] == "true" }

// value returns the normalised value that applies for key as Parse applies
// it: that of the canonical key or alias that wins over key when set, else
// key's own, parsed by its table entry. ok is false when none is set or the
// value is invalid (Parse reports it).
func value(a map[string]string, key string) (string, bool) {
	e, known := Lookup(key)
	if !known {
		return "", false
	}
	for _, k := range []string{e.Canonical, e.AliasOf} {
		if k != "" && strings.TrimSpace(a[k]) != "" {
			if w, ok := Lookup(k); ok {
				key, e = k, w
			}
			break
		}
	}
	raw := strings.TrimSpace(a[key])
	if raw == "" || hasControl(raw) || e.run == nil {
		return "", false
	}
	norm, msg := e.run(raw, nil)
	return norm, msg == ""
}

// IsCanary reports whether annotations make an Ingress the canary of the
// Ingresses serving its hosts and paths (canary: "true", read as Parse reads
// it).
func IsCanary(a map[string]string) bool {
	v, _ := value(a, NginxPrefix+"canary")
	return v == "true"
}

// CanaryRouting returns what routes traffic to a canary, in the order
// ingress-nginx tries them: "header", "cookie", "weight".
func CanaryRouting(a map[string]string) []string {
	var by []string
	for _, k := range [...][2]string{{"header", "canary-by-header"}, {"cookie", "canary-by-cookie"}, {"weight", "canary-weight"}} {
		if _, ok := value(a, NginxPrefix+k[1]); ok {
			by = append(by, k[0])
		}
	}
	return by
}

// AffinityCookie returns the session cookie of cookie affinity, and whether
// the annotations turn cookie affinity on.
func AffinityCookie(a map[string]string) (string, bool) {
	if v, _ := value(a, NginxPrefix+"affinity"); v != "cookie" {
		return "", false
	}
	if c, ok := value(a, NginxPrefix+"session-cookie-name"); ok {
		return c, true
	}
	return DefaultSessionCookieName, true
}

// HasDefaultBackend reports whether the default-backend annotation names a
// Service.
func HasDefaultBackend(a map[string]string) bool {
	_, ok := value(a, NginxPrefix+"default-backend")
	return ok
}

// ServiceUpstream reports whether service-upstream sends to the Services'
// cluster IPs.
func ServiceUpstream(a map[string]string) bool {
	v, _ := value(a, NginxPrefix+"service-upstream")
	return v == "true"
}

// SetsRegex reports whether the annotations turn the Ingress's paths into
// regexes (use-regex "true", or a rewrite-target), which ingress-nginx
// applies to every path of the host.
func SetsRegex(a map[string]string) bool {
	if v, _ := value(a, NginxPrefix+"use-regex"); v == "true" {
		return true
	}
	_, ok := value(a, NginxPrefix+"rewrite-target")
	return ok
}

// Name returns key without the ingress-nginx or canonical prefix.
func Name(key string) string {
	if n, ok := strings.CutPrefix(key, NginxPrefix); ok {
		return n
	}
	n, _ := strings.CutPrefix(key, APISIXPrefix)
	return n
}

// NamesObjects reports whether the annotations may name an object that a
// translation looks up (a Secret, ConfigMap or ApisixPluginConfig: keys of
// type object-ref; a Service or the Services' namespace: default-backend,
// svc-namespace), sparing callers the Parse of every other set.
func NamesObjects(a map[string]string) bool {
	for k := range a {
		e, ok := Lookup(k)
		if !ok {
			continue
		}
		if e.Type == TypeObjectRef {
			return true
		}
		for _, n := range [...]string{e.Key, e.Canonical, e.AliasOf} {
			if n == APISIXPrefix+"svc-namespace" || n == NginxPrefix+"default-backend" {
				return true
			}
		}
	}
	return false
}
