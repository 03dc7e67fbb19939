package gatewayconformance

import (
	"slices"
	"testing"

	"sigs.k8s.io/gateway-api/conformance/tests"
	"sigs.k8s.io/gateway-api/pkg/features"
)

// claimedExtendedFeatures are the GATEWAY-HTTP extended features the
// product claims (the profile's core features are always claimed). Add one
// only when all its tests pass here; docs/conformance/README.md lists them.
// Each of these passed every one of its tests in a run of the whole
// profile (docs/conformance/standard-dev-default-report.yaml). They are the
// extended features of translator's gatewaySupportedFeatures (the
// GatewayClass's status.supportedFeatures), plus GatewayPort8080,
// GatewayAddressEmpty and HTTPRouteDestinationPortMatching, which depend on
// how APISIX is deployed (ports, address pool).
// Not claimed (docs/conformance/README.md says why): HTTPRouteRetry,
// GatewayHTTPSListenerDetectMisdirectedRequests.
var claimedExtendedFeatures = []features.FeatureName{
	features.SupportGatewayPort8080,
	features.SupportGatewayAddressEmpty,
	features.SupportHTTPRoute303RedirectStatusCode,
	features.SupportHTTPRoute307RedirectStatusCode,
	features.SupportHTTPRoute308RedirectStatusCode,
	features.SupportHTTPRouteDestinationPortMatching,
	features.SupportHTTPRouteHostRewrite,
	features.SupportHTTPRoutePathRewrite,
	features.SupportHTTPRouteMethodMatching,
	features.SupportHTTPRouteQueryParamMatching,
	features.SupportHTTPRouteNamedRouteRule,
	features.SupportHTTPRouteParentRefPort,
	features.SupportHTTPRoutePathRedirect,
	features.SupportHTTPRoutePortRedirect,
	features.SupportHTTPRouteBackendRequestHeaderModification,
	features.SupportHTTPRouteRequestTimeout,
	features.SupportHTTPRouteBackendTimeout,
	features.SupportGatewayHTTPListenerIsolation,
	features.SupportHTTPRouteCORS,
	features.SupportHTTPRouteBackendProtocolWebSocket,
	features.SupportHTTPRouteRequestMultipleMirrors,
	features.SupportHTTPRouteRequestMirror,
	features.SupportHTTPRouteRequestPercentageMirror,
	features.SupportHTTPRouteResponseHeaderModification,
	features.SupportHTTPRouteSchemeRedirect,
}

// skipTests are the tests that must not run here, each with the reason
// (published in docs/conformance/README.md). The suite reports a listed test
// as skipped only when every feature it needs is claimed; a test of an
// unclaimed feature is not run and not counted at all, so this list also
// records extended tests that cannot pass on this machine whatever the
// product does, for whoever claims their feature.
var skipTests = map[string]string{
	"HTTPRouteBackendProtocolH2C": "nginx proxies plain HTTP to upstreams over HTTP/1.x only (h2 only through grpc_pass, for gRPC), " +
		"so APISIX cannot reach an h2c backend; and port 80 must speak HTTP/1.1 in the GATEWAY-HTTP run",
	"GatewayTLSBackendClientCertificate": "upstream client certificates need APISIX's own nginx module (resty.apisix.upstream), " +
		"which the runtime used here lacks",
}

// skipList is skipTests' names, sorted.
func skipList() []string {
	out := make([]string, 0, len(skipTests))
	for name := range skipTests {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// TestSkipListNamesSuiteTests: every skipped name is a test of the suite
// (a renamed test would otherwise run silently) and has a reason; every
// claimed feature is a known one.
func TestSkipListNamesSuiteTests(t *testing.T) {
	known := map[string]bool{}
	for _, ct := range tests.ConformanceTests {
		known[ct.ShortName] = true
	}
	for name, why := range skipTests {
		if !known[name] {
			t.Errorf("skipTests: %s is not a test of the conformance suite v1.6.3", name)
		}
		if why == "" {
			t.Errorf("skipTests: %s has no reason", name)
		}
	}
	all := features.SetsToNamesSet(features.AllFeatures)
	for _, f := range claimedExtendedFeatures {
		if !all.Has(f) {
			t.Errorf("claimedExtendedFeatures: %s is not a Gateway API feature", f)
		}
	}
}
