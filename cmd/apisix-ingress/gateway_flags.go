package main

import (
	"github.com/spf13/pflag"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// gatewayFlags are the Gateway API options of serve, translate and
// validate.
type gatewayFlags struct {
	mode           string
	controllerName string
	addresses      string
	addressPool    string
}

// register adds the flags; serving adds those that only a running
// controller uses (whether to watch the kinds, the addresses to publish).
func (g *gatewayFlags) register(fs *pflag.FlagSet, serving bool) {
	fs.StringVar(&g.controllerName, "gateway-controller-name", translator.DefaultGatewayControllerName, "spec.controllerName of the GatewayClasses served")
	if !serving {
		return
	}
	fs.StringVar(&g.mode, "gateway-api", "auto", "watch Gateway API objects: auto (when the cluster has the Gateway API CRDs), on (require them) or off")
	fs.StringVar(&g.addresses, "gateway-address", "", "addresses written to every Gateway's status.addresses, comma separated (default: --ingress-status-address)")
	fs.StringVar(&g.addressPool, "gateway-address-pool", "", "CIDR: give each Gateway its own address from it and serve its routes only there and on its listeners' ports (for an APISIX that listens on every address of the pool, e.g. on the host network)")
}

// apply sets the Gateway API fields of the translator options; addresses
// default to fallback (the Ingress status addresses).
func (g *gatewayFlags) apply(o *translator.Options, fallback []string) {
	o.GatewayControllerName = g.controllerName
	o.GatewayAddresses = splitList(g.addresses)
	if len(o.GatewayAddresses) == 0 {
		o.GatewayAddresses = fallback
	}
	o.GatewayAddressPool = g.addressPool
}
