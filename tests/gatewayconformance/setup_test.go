package gatewayconformance

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/controller-runtime/pkg/client"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/gateway-api/conformance"
	"sigs.k8s.io/gateway-api/conformance/tests"
	confsuite "sigs.k8s.io/gateway-api/conformance/utils/suite"
	"sigs.k8s.io/gateway-api/pkg/features"
)

// TestSuiteSetupPasses runs the suite's own Setup (not its tests) on the
// harness: the CRD bundle-version check, the GatewayClass check, the base
// manifests, the Secrets and ConfigMaps it creates, and its readiness wait
// (every Pod Ready, every Gateway Accepted and Programmed), then its
// cleanup, after which the base namespaces must be gone. Until the controller serves Gateway API, stubGatewayStatus
// writes the GatewayClass and Gateway status the suite waits for; once it
// does (gatewayAPIWired), TestGatewayAPIConformance covers Setup and this
// test skips.
func TestSuiteSetupPasses(t *testing.T) {
	if gatewayAPIWired {
		t.Skip("the controller writes Gateway status: TestGatewayAPIConformance runs Setup")
	}
	s := need(t)
	awaitNamespacesGone(t, s.client, baseNamespaces)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); stubGatewayStatus(ctx, s.client) }()
	t.Cleanup(func() { cancel(); <-stopped })
	cfg := s.suiteConfig()
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cSuite, err := confsuite.NewConformanceTestSuite(confsuite.ConformanceOptions{
		ConfigurableOptions: confsuite.ConfigurableOptions{
			GatewayClassName:     gatewayClassName,
			ConformanceProfiles:  []confsuite.ConformanceProfileName{confsuite.GatewayHTTPConformanceProfileName},
			SupportedFeatures:    []features.FeatureName{features.SupportGateway, features.SupportReferenceGrant, features.SupportHTTPRoute},
			CleanupBaseResources: true,
			TimeoutConfig:        conformanceTimeouts(),
		},
		Client: s.client, ClientOptions: client.Options{Scheme: scheme()}, Clientset: cs, RestConfig: cfg,
		ManifestFS: []fs.FS{&conformance.Manifests},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Registered before Setup's own cleanups, so it runs after them: they
	// delete the base namespaces, and podsim must make that complete.
	t.Cleanup(func() { deleteNamespaces(t, s.client, baseNamespaces) })
	begin := time.Now()
	cSuite.Setup(t, tests.ConformanceTests)
	t.Logf("the suite's Setup passed in %s", time.Since(begin).Round(time.Millisecond))
}

// stubGatewayStatus stands in for the controller's status writer, for
// TestSuiteSetupPasses only: every second it marks the GatewayClass
// Accepted and every Gateway Accepted and Programmed, with an address of
// the pool and every listener Accepted, Programmed and ResolvedRefs. It
// routes nothing.
func stubGatewayStatus(ctx context.Context, c client.Client) {
	for ctx.Err() == nil {
		var gc gatewayv1.GatewayClass
		if err := c.Get(ctx, client.ObjectKey{Name: gatewayClassName}, &gc); err == nil {
			gc.Status.Conditions = []metav1.Condition{trueCondition("Accepted", gc.Generation)}
			_ = c.Status().Update(ctx, &gc)
		}
		var gws gatewayv1.GatewayList
		_ = c.List(ctx, &gws)
		for i, gw := range gws.Items {
			ip := gatewayv1.IPAddressType
			gw.Status.Addresses = []gatewayv1.GatewayStatusAddress{{Type: &ip, Value: fmt.Sprintf("198.18.250.%d", 1+i%254)}}
			gw.Status.Conditions = []metav1.Condition{trueCondition("Accepted", gw.Generation), trueCondition("Programmed", gw.Generation)}
			gw.Status.Listeners = nil
			for _, l := range gw.Spec.Listeners {
				gw.Status.Listeners = append(gw.Status.Listeners, gatewayv1.ListenerStatus{
					Name: l.Name, SupportedKinds: []gatewayv1.RouteGroupKind{{Kind: "HTTPRoute"}},
					Conditions: []metav1.Condition{trueCondition("Accepted", gw.Generation),
						trueCondition("Programmed", gw.Generation), trueCondition("ResolvedRefs", gw.Generation)},
				})
			}
			_ = c.Status().Update(ctx, &gw)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func trueCondition(typ string, gen int64) metav1.Condition {
	return metav1.Condition{Type: typ, Status: metav1.ConditionTrue, Reason: typ, ObservedGeneration: gen, LastTransitionTime: metav1.Now()}
}
