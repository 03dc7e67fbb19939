// Package kubekinds tells which of the translator's kinds (see
// translator.SnapshotKinds) a cluster serves, so the controller and the
// webhook watch the Gateway API kinds only where their CRDs are installed.
package kubekinds

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"

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

// Served returns the kinds of translator.SnapshotKinds to watch: all but
// the Gateway API kinds the cluster does not serve (by m), or that mode
// turns off. With mode On, a kind not served is an error naming it.
func Served(m meta.RESTMapper, mode GatewayAPI) ([]translator.SnapshotKind, error) {
	var out []translator.SnapshotKind
	for _, k := range translator.SnapshotKinds() {
		if !k.GatewayAPI {
			out = append(out, k)
			continue
		}
		if mode == GatewayAPIOff {
			continue
		}
		_, err := m.RESTMapping(k.GVK.GroupKind(), k.GVK.Version)
		switch {
		case err == nil:
			out = append(out, k)
		case !meta.IsNoMatchError(err):
			return nil, fmt.Errorf("looking up %s in the API server: %w", k.GVK, err)
		case mode == GatewayAPIOn:
			return nil, fmt.Errorf("the cluster does not serve %s: install the Gateway API CRDs (standard channel v1.6), or run with --gateway-api=auto to go on without them", k.GVK)
		}
	}
	return out, nil
}
