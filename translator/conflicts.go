package translator

import (
	"fmt"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// Conflicts between objects, whatever their kinds, are resolved here, oldest
// first (creationTimestamp, then namespace, name and kind), before any
// object is translated:
//
//   - host+path: two objects routing the same APISIX uri on the same host
//     (an Ingress path and an ApisixRoute path, or two ApisixRoutes; two
//     Ingresses are resolved by the Ingress pass itself, see
//     ingressBuilder.path). An Ingress path is keyed by the uris it becomes
//     (Exact "/a": "/a"; Prefix or ImplementationSpecific "/a": "/a" and
//     "/a/*"; "/": "/*"; on a regex host "/a": "/a*"), an ApisixRoute path
//     as written, for the rules that match on hosts and paths only (a rule
//     that also matches methods, addresses, expressions or a filter function
//     shares its path on purpose). Hosts compare case-insensitively.
//   - TLS SNI: two objects with a certificate for the same host (Ingress
//     spec.tls, ApisixTls) from different Secrets: APISIX would serve
//     either. Sharing one Secret is no conflict.
//   - host-wide regex: use-regex or rewrite-target on one Ingress makes
//     every path of its hosts a regex, as in ingress-nginx. An Ingress that
//     would turn an older Ingress's path into a regex that does not compile
//     loses (its annotation is the error, and it does not make the host a
//     regex host); a newer Ingress whose path does not compile on a regex
//     host loses to the Ingress that set it.
//   - ssl-passthrough SNI: an Ingress with ssl-passthrough and another such
//     Ingress, or an ApisixRoute TCP stream rule, on the passthrough port
//     with the same SNI (see conflicts_passthrough.go).
//
// The loser gets an error at the field of its claim naming the winner. Like
// any error other than an unresolved reference it withholds the loser's
// APISIX objects, all of them (as for two Ingresses with the same path):
// the controller keeps what APISIX already serves for it. A claim is made
// whatever the claimant's other errors, so that the winner of a key depends
// only on the objects claiming it. Every conflict is also listed in
// Result.Conflicts with both sides, so that admission can refuse an object
// that would make an existing one lose.

// Conflict is a host+path, SNI or host-wide effect claimed by two objects.
type Conflict struct {
	// Winner keeps the claim; WinnerField is the field of its claim.
	Winner      ObjectRef
	WinnerField string
	// WinnerValue is the value of that field.
	WinnerValue string
	// Loser is withheld; Error is what its status reports.
	Loser ObjectRef
	Error *field.Error
}

// HostKey is the normalised form of a host for conflicts: hosts compare
// case-insensitively. Admission indexes neighbours by it.
func HostKey(host string) string { return strings.ToLower(host) }

// IngressHostKeys returns the host keys an Ingress can conflict on: the
// hosts of its rules (the empty host for a rule without one) and of its
// spec.tls entries, without repeats.
func IngressHostKeys(ing *networkingv1.Ingress) []string {
	var keys []string
	for _, r := range ing.Spec.Rules {
		keys = appendKey(keys, r.Host)
	}
	for _, t := range ing.Spec.TLS {
		for _, h := range t.Hosts {
			keys = appendKey(keys, h)
		}
	}
	return keys
}

// ApisixRouteHostKeys returns the host keys of an ApisixRoute's HTTP rules
// (the empty host for a rule without hosts), and a key for the listener of
// each stream rule ("stream tcp 9100", which no host can be), whose port
// and SNI are claimed oldest first too (see claimStreams); without
// repeats.
func ApisixRouteHostKeys(ar *apiv2.ApisixRoute) []string {
	var keys []string
	for _, r := range ar.Spec.HTTP {
		if len(r.Match.Hosts) == 0 {
			keys = appendKey(keys, "")
		}
		for _, h := range r.Match.Hosts {
			keys = appendKey(keys, h)
		}
	}
	for _, r := range ar.Spec.Stream {
		keys = appendKey(keys, fmt.Sprintf("stream %s %d", r.Protocol, r.Match.IngressPort))
		if r.Match.Host != "" { // an SNI, which an ssl-passthrough Ingress may serve
			keys = appendKey(keys, r.Match.Host)
		}
	}
	return keys
}

// ApisixTlsHostKeys returns the host keys of an ApisixTls, without repeats.
func ApisixTlsHostKeys(o *apiv2.ApisixTls) []string {
	var keys []string
	for _, h := range o.Spec.Hosts {
		keys = appendKey(keys, string(h))
	}
	return keys
}

func appendKey(keys []string, host string) []string {
	k := HostKey(host)
	if slices.Contains(keys, k) {
		return keys
	}
	return append(keys, k)
}

// sortConflicts orders conflicts by loser, then error.
func sortConflicts(cs []Conflict) {
	slices.SortFunc(cs, func(a, b Conflict) int {
		if c := a.Loser.compare(b.Loser); c != 0 {
			return c
		}
		return strings.Compare(a.Error.Error(), b.Error.Error())
	})
}
