// Package kubekinds tells which of the translator's kinds (see
// translator.SnapshotKinds) a cluster serves, so the controller and the
// webhook watch the Gateway API kinds only where their CRDs are installed.
package kubekinds

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// GatewayAPI says whether the Gateway API kinds are watched.
type GatewayAPI string

// The values of GatewayAPI. Auto (the default, "") watches them when the
// cluster serves gateway.networking.k8s.io/v1 and goes on without them
// otherwise; On requires them; Off never watches them.
const (
	GatewayAPIAuto GatewayAPI = ""
	GatewayAPIOn   GatewayAPI = "on"
	GatewayAPIOff  GatewayAPI = "off"
)

// ParseGatewayAPI reads a --gateway-api flag value: auto, on or off.
func ParseGatewayAPI(s string) (GatewayAPI, error) {
	switch s {
	case "", "auto":
		return GatewayAPIAuto, nil
	case "on", "true":
		return GatewayAPIOn, nil
	case "off", "false":
		return GatewayAPIOff, nil
	}
	return "", fmt.Errorf("--gateway-api %q: want auto, on or off", s)
}

// Served returns the kinds of translator.SnapshotKinds to watch: all of
// them, but the Gateway API kinds (translator.SnapshotKind.GatewayAPI,
// which include the Namespaces Gateways select routes by) only when the
// cluster serves every gateway.networking.k8s.io kind among them (by m)
// and mode does not turn them off. With mode On, a kind not served is an
// error naming it.
func Served(m meta.RESTMapper, mode GatewayAPI) ([]translator.SnapshotKind, error) {
	var out, gateway []translator.SnapshotKind
	on := mode != GatewayAPIOff
	for _, k := range translator.SnapshotKinds() {
		if !k.GatewayAPI {
			out = append(out, k)
			continue
		}
		gateway = append(gateway, k)
		if !on || k.GVK.Group != gwv1.GroupName {
			continue
		}
		_, err := m.RESTMapping(k.GVK.GroupKind(), k.GVK.Version)
		switch {
		case err == nil:
		case !meta.IsNoMatchError(err):
			return nil, fmt.Errorf("looking up %s in the API server: %w", k.GVK, err)
		case mode == GatewayAPIOn:
			return nil, fmt.Errorf("the cluster does not serve %s: install the Gateway API CRDs (standard channel v1.6), or run with --gateway-api=auto to go on without them", k.GVK)
		default:
			on = false
		}
	}
	if on {
		out = append(out, gateway...)
	}
	return out, nil
}
