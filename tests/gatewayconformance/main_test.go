// Package gatewayconformance runs the upstream Gateway API conformance suite
// (sigs.k8s.io/gateway-api/conformance v1.6.3, profiles GATEWAY-HTTP and
// GATEWAY-GRPC) against
// the product on one machine: a real kube-apiserver and etcd, the webhook
// and controller (internal/devstack), a real APISIX 3.18.0
// (internal/apisixrt) listening on every Gateway address, and no kubelet:
// internal/podsim stands in for it (Pods of the suite's Deployments, their
// echo-basic servers, EndpointSlices, pods/log, namespace deletion).
//
// harness_test.go proves the stand-in on the suite's base manifests without
// the suite; conformance_test.go runs the suite once the product serves
// Gateway API (hooks_test.go) and writes the report to docs/conformance/.
//
// The stack starts once per package run, on first use. Without the APISIX
// runtime the tests skip and say so; under CI=true that is a failure.
// GATEWAY_CONFORMANCE_V=1 shows the components' logs.
package gatewayconformance

import (
	"os"
	"testing"

	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
)

func TestMain(m *testing.M) {
	ctrllog.SetLogger(zap.New(zap.WriteTo(logSink())))
	code := m.Run()
	if shared != nil {
		if code != 0 {
			os.Stderr.WriteString("APISIX error.log (tail):\n" + shared.apisix.ErrorLogTail(40) + "\n")
		}
		shared.stop()
	}
	os.Exit(code)
}
