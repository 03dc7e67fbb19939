package gatewayconformance

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/gateway-api/conformance"
	confv1 "sigs.k8s.io/gateway-api/conformance/apis/v1"
	"sigs.k8s.io/gateway-api/conformance/utils/config"
	"sigs.k8s.io/gateway-api/conformance/utils/flags"
	confsuite "sigs.k8s.io/gateway-api/conformance/utils/suite"
	"sigs.k8s.io/gateway-api/pkg/features"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// implementation is the report's implementation block. Its Version names
// the report file (<channel>-<version>-<mode>-report.yaml): "dev" is the
// binary's version when built from the tree.
var implementation = confv1.Implementation{
	Organization: "apisix-ingress",
	Project:      "apisix-ingress",
	URL:          "https://github.com/apisix-ingress/apisix-ingress",
	Version:      "dev",
	Contact:      []string{"https://github.com/apisix-ingress/apisix-ingress/issues"},
}

// reportPath is where the report is written: docs/conformance/, named by
// the suite's convention (standard channel, mode default).
func reportPath() string {
	return filepath.Join(testutil.ModuleRoot(), "docs", "conformance", "standard-"+implementation.Version+"-default-report.yaml")
}

// TestGatewayAPIConformance runs the upstream suite, profile GATEWAY-HTTP:
// its core features plus claimedExtendedFeatures, skipping skipTests, all
// tests run even after a failure (FailFast off), and writes the report.
// The suite's flags work after -args (e.g. -run-test=HTTPRouteWeight,
// -debug); a run focused by -run-test does not overwrite the report.
func TestGatewayAPIConformance(t *testing.T) {
	if !gatewayAPIWired {
		t.Skip("Gateway API support not wired yet: the integrator flips gatewayAPIWired in hooks_test.go")
	}
	s := need(t)
	runProfile(t, s, confsuite.GatewayHTTPConformanceProfileName,
		append([]features.FeatureName{features.SupportGateway, features.SupportReferenceGrant, features.SupportHTTPRoute}, claimedExtendedFeatures...),
		reportPath())
}

// runProfile runs the suite's profile with the features claimed, writing
// its report to report (not for a run focused by -run-test), with the base
// namespaces gone before and after.
func runProfile(t *testing.T, s *stack, profile confsuite.ConformanceProfileName, claimed []features.FeatureName, report string) {
	cfg := s.suiteConfig()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	opts := confsuite.ConformanceOptions{
		ConfigurableOptions: confsuite.ConfigurableOptions{
			GatewayClassName:     gatewayClassName,
			ConformanceProfiles:  []confsuite.ConformanceProfileName{profile},
			SupportedFeatures:    claimed,
			SkipTests:            skipList(),
			CleanupBaseResources: true,
			CleanupTestResources: true,
			TimeoutConfig:        conformanceTimeouts(),
			Mode:                 "default",
			Implementation:       implementation,
			ReportOutputPath:     report,
		},
		Client:        s.client,
		ClientOptions: client.Options{Scheme: scheme()},
		Clientset:     cs,
		RestConfig:    cfg,
		ManifestFS:    []fs.FS{&conformance.Manifests},
	}
	flags.ApplyAll(&opts.ConfigurableOptions)
	if opts.RunTest != "" {
		opts.ReportOutputPath = ""
	} else if err := os.MkdirAll(filepath.Dir(opts.ReportOutputPath), 0o755); err != nil {
		t.Fatal(err)
	}
	awaitNamespacesGone(t, s.client, baseNamespaces)
	// Registered before the suite's cleanups, so it runs after them: later
	// tests apply the base manifests again.
	t.Cleanup(func() { awaitNamespacesGone(t, s.client, baseNamespaces) })
	conformance.RunConformanceWithOptions(t, opts)
}

// conformanceTimeouts are the suite's defaults with the waits for status
// and readiness cut from 180-300 s to 30-60 s: on this machine the
// controller answers within seconds, so the long waits only make a failing
// test slow (make test has a budget). MaxTimeToConsistency and request
// timeouts keep their defaults.
func conformanceTimeouts() config.TimeoutConfig {
	tc := config.DefaultTimeoutConfig()
	tc.CreateTimeout = 30 * time.Second
	tc.GWCMustBeAccepted = 30 * time.Second
	tc.GatewayMustHaveAddress = 30 * time.Second
	tc.GatewayMustHaveCondition = 30 * time.Second
	tc.GatewayStatusMustHaveListeners = 30 * time.Second
	tc.GatewayListenersMustHaveConditions = 30 * time.Second
	tc.HTTPRouteMustNotHaveParents = 30 * time.Second
	tc.HTTPRouteMustHaveCondition = 30 * time.Second
	tc.RouteMustHaveParents = 30 * time.Second
	tc.LatestObservedGenerationSet = 30 * time.Second
	tc.NamespacesMustBeReady = 60 * time.Second
	return tc
}
