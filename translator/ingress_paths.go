package translator

import (
	"fmt"
	"regexp"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// routeMatch is the APISIX form of an Ingress host+path: one uri, or uris.
type routeMatch struct {
	uri      string
	uris     []string
	vars     []any
	priority int
}

// matchFor translates an Ingress path following the Ingress spec:
//
//   - Exact "/foo" matches only "/foo".
//   - Prefix "/foo" matches element-wise: "/foo", "/foo/" and "/foo/bar",
//     never "/foobar"; a trailing slash in the path is ignored.
//   - ImplementationSpecific is Prefix, as ingress-nginx makes it (it sets
//     every ImplementationSpecific path's type to Prefix).
//   - On a host where any Ingress sets use-regex or rewrite-target, every
//     path is a case-insensitive regex anchored at the start, as ingress-nginx
//     renders `location ~* "^<path>"` for the whole host.
//
// Priorities make precedence explicit: longer paths first, and Exact before
// Prefix for the same path.
func matchFor(path string, pt networkingv1.PathType, regex bool, fp fieldRef) (routeMatch, *field.Error) {
	if path == "" {
		path = "/"
	}
	if regex {
		if _, err := regexp.Compile("(?i)^" + path); err != nil {
			return routeMatch{}, field.Invalid(fp.fp().Child("path"), path, fmt.Sprintf("use-regex makes this path a regular expression, and it does not compile: %v", err))
		}
		return routeMatch{uri: "/*", vars: []any{[]any{"uri", "~*", "^" + path}}, priority: pathPriority(path, false)}, nil
	}
	if !strings.HasPrefix(path, "/") {
		return routeMatch{}, field.Invalid(fp.fp().Child("path"), path, "must start with /")
	}
	if strings.ContainsAny(path, "*{}") {
		if pt == networkingv1.PathTypeImplementationSpecific {
			return routeMatch{}, field.Invalid(fp.fp().Child("path"), path, "without use-regex an ImplementationSpecific path is a prefix and must not contain '*', '{' or '}'; set use-regex for a regular expression")
		}
		return routeMatch{}, field.Invalid(fp.fp().Child("path"), path, "must not contain '*', '{' or '}' (use pathType Prefix, or the use-regex annotation for a regular expression)")
	}
	if pt == networkingv1.PathTypeExact {
		return routeMatch{uri: path, priority: pathPriority(path, true)}, nil
	}
	// Prefix; ImplementationSpecific, or unset on an old object.
	trimmed := strings.TrimRight(path, "/")
	if trimmed == "" {
		return routeMatch{uri: "/*", priority: pathPriority("/", false)}, nil
	}
	return routeMatch{uris: []string{trimmed, trimmed + "/*"}, priority: pathPriority(trimmed, false)}, nil
}

// pathPriority orders routes: longer paths first; an exact path before a
// prefix of the same length.
func pathPriority(path string, exact bool) int {
	p := len(path) * 2
	if exact {
		p++
	}
	return p
}

// normalizedPathKey is the host+path identity used for conflicts and canaries.
func normalizedPathKey(host, path string, pt networkingv1.PathType) pathKey {
	return lowerHostPathKey(strings.ToLower(host), path, pt)
}

// lowerHostPathKey is normalizedPathKey for a host already in lower case.
func lowerHostPathKey(host, path string, pt networkingv1.PathType) pathKey {
	if path == "" {
		path = "/"
	}
	if pt == "" {
		pt = networkingv1.PathTypeImplementationSpecific
	}
	if pt == networkingv1.PathTypePrefix && path != "/" {
		path = strings.TrimRight(path, "/")
	}
	return pathKey{host: host, path: path, pathType: pt}
}

func applyMatch(r *apisix.Route, m routeMatch) {
	r.URI = m.uri
	r.URIs = m.uris
	r.Vars = m.vars
	r.Priority = m.priority
}
