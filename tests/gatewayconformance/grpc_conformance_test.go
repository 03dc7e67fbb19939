package gatewayconformance

import (
	"context"
	"path/filepath"
	"testing"

	confsuite "sigs.k8s.io/gateway-api/conformance/utils/suite"
	"sigs.k8s.io/gateway-api/pkg/features"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// grpcReportPath is the GATEWAY-GRPC profile's report, beside the
// GATEWAY-HTTP one (the suite's naming convention, with "-grpc" added so the
// two runs do not overwrite each other).
func grpcReportPath() string {
	return filepath.Join(testutil.ModuleRoot(), "docs", "conformance", "standard-"+implementation.Version+"-default-grpc-report.yaml")
}

// claimedGRPCFeatures are the features claimed in the GATEWAY-GRPC run: the
// profile's core ones (Gateway, ReferenceGrant, GRPCRoute), GRPCRoute's one
// extended feature, and GatewayAddressEmpty (claimed in the GATEWAY-HTTP
// run too), the one claimed Gateway extended feature whose test needs no
// HTTPRoute. HTTPRoute is not claimed in this run: the Gateway addresses'
// plain ports speak h2c only while it runs (below), so HTTP/1.1 tests could
// not pass; they run in TestGatewayAPIConformance.
var claimedGRPCFeatures = []features.FeatureName{
	features.SupportGateway, features.SupportReferenceGrant, features.SupportGRPCRoute,
	features.SupportGRPCRouteNamedRouteRule, features.SupportGatewayAddressEmpty,
}

// TestGatewayAPIConformanceGRPC runs the upstream suite, profile
// GATEWAY-GRPC, and writes its own report. gRPC needs HTTP/2 from the client
// to APISIX: for the run, APISIX's listeners on the Gateway addresses are
// switched to HTTP/2 (apisixrt SetHTTP2: plain ports then take h2c with
// prior knowledge only, as the suite's gRPC client speaks), and switched
// back to HTTP/1.1 when it ends, so the order of the package's tests does
// not matter. APISIX proxies to the backends over h2c (upstream scheme
// grpc). The suite's flags work after -args, as for
// TestGatewayAPIConformance.
func TestGatewayAPIConformanceGRPC(t *testing.T) {
	if !gatewayAPIWired {
		t.Skip("Gateway API support not wired yet: the integrator flips gatewayAPIWired in hooks_test.go")
	}
	s := need(t)
	httpAddrs, httpsAddrs, err := listenAddresses(gatewayAddressPool, gatewayHTTPPorts, gatewayHTTPSPorts)
	if err != nil {
		t.Fatal(err)
	}
	addrs := append(httpAddrs, httpsAddrs...)
	if err := s.apisix.SetHTTP2(context.Background(), true, addrs); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.apisix.SetHTTP2(context.Background(), false, addrs); err != nil {
			t.Error(err)
		}
	})
	runProfile(t, s, confsuite.GatewayGRPCConformanceProfileName, claimedGRPCFeatures, grpcReportPath())
}
