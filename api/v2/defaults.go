package v2

// Defaults of fields left empty: the one place they are defined. The
// translator assumes them and the mutating webhook writes them out, so that
// `kubectl get -o yaml` shows them. The CRD schema's +kubebuilder:default
// markers (resolveGranularity of stream backends, a plugin's enable) must
// agree; TestCRDDefaultsAgree checks them.
const (
	// DefaultBackendWeight is the weight of a backend or referenced
	// ApisixUpstream among a rule's (traffic-split weighted_upstreams).
	DefaultBackendWeight = 100
	// DefaultResolveGranularity sends to pod IPs.
	DefaultResolveGranularity = ResolveGranularityEndpoint
	// DefaultPluginEnable: a listed plugin is on.
	DefaultPluginEnable = true
)

// WeightOr returns *w, or DefaultBackendWeight when w is nil.
func WeightOr(w *int) int {
	if w == nil {
		return DefaultBackendWeight
	}
	return *w
}

// ResolveGranularityOr returns g, or DefaultResolveGranularity when empty.
func ResolveGranularityOr(g string) string {
	if g == "" {
		return DefaultResolveGranularity
	}
	return g
}
