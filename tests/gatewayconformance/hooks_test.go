package gatewayconformance

import (
	"github.com/apisix-ingress/apisix-ingress/internal/devstack"
)

// The integrator's hooks: what this harness needs from the product once
// Gateway API support lands on main. Until then TestGatewayAPIConformance
// skips (gatewayAPIWired), and the harness's own tests run without them.

// gatewayAPIWired says that devstack serves Gateway API: its manager runs
// the Gateway API controllers (GatewayClass acceptance, Gateway addresses
// from gatewayAddressPool, HTTPRoute status), the webhook admits Gateway
// API kinds, and configureGatewayAPI below sets the devstack.Options fields
// that enable it. The integrator flips it to true.
const gatewayAPIWired = true

const (
	// gatewayClassName is the GatewayClass the suite runs against; the
	// harness creates it (the suite never does) with gatewayControllerName.
	gatewayClassName = "apisix"
	// gatewayControllerName is the controllerName the product serves by
	// default (the APISIX ingress controller's, issue 20).
	gatewayControllerName = "apisix.apache.org/apisix-ingress-controller"
	// gatewayAddressPool is where the controller takes each Gateway's
	// address (status.addresses, type IPAddress), so that Gateways are told
	// apart by address (HTTPRouteMultipleGateways). APISIX listens on every
	// address of it (listenAddresses); 198.18.0.0/15 is local (podnet).
	gatewayAddressPool = "198.18.250.0/24"
)

// Ports APISIX listens on at every Gateway address: the base manifests'
// listeners are HTTP 80 and HTTPS 443; 8080 is GatewayPort8080's and 8090
// HTTPRouteListenerPortMatching's (HTTPRouteParentRefPort), both extended.
// The client-certificate features' ports (8443, 7443, 6443) are added here
// when those features are claimed.
var (
	gatewayHTTPPorts  = []int{80, 8080, 8090}
	gatewayHTTPSPorts = []int{443}
)

// configureGatewayAPI turns Gateway API on in the stack's options: the
// Gateway API CRDs are installed with the API server (so the controller and
// webhook find them served at start and watch them), and the translation
// serves gatewayControllerName with a per-Gateway address from
// gatewayAddressPool.
func configureGatewayAPI(o *devstack.Options) error {
	crds, err := devstack.GatewayAPICRDs()
	if err != nil {
		return err
	}
	o.ExtraCRDs = append(o.ExtraCRDs, crds...)
	o.Gateway.GatewayControllerName = gatewayControllerName
	o.Gateway.GatewayAddressPool = gatewayAddressPool
	return nil
}
