package translator

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// GatewayAPIStatus is what the status of a Gateway API object should say,
// in the spec's own types. Conditions carry no transition times and no
// observedGeneration: the controller stamps the object's generation and
// keeps a condition's transition time while its status stays the same. A
// route lists only the parents this controller serves; the controller
// leaves other controllers' entries alone.
type GatewayAPIStatus struct {
	// Conditions of a GatewayClass or Gateway.
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// SupportedFeatures of a GatewayClass, sorted by name.
	SupportedFeatures []gwv1.SupportedFeature `json:"supportedFeatures,omitempty"`
	// Addresses and Listeners of a Gateway (one entry per listener, in
	// spec order).
	Addresses []gwv1.GatewayStatusAddress `json:"addresses,omitempty"`
	Listeners []gwv1.ListenerStatus       `json:"listeners,omitempty"`
	// Parents of a route: one entry per parentRef of the route that names
	// a Gateway of a class this controller serves.
	Parents []gwv1.RouteParentStatus `json:"parents,omitempty"`
}

// isGatewayKind reports whether kind is a Gateway API kind: any change to
// one translates every Gateway API source again (see gatewayWork).
func isGatewayKind(kind string) bool {
	switch kind {
	case KindGatewayClass, KindGateway, KindHTTPRoute, KindGRPCRoute, KindTLSRoute, KindTCPRoute, KindUDPRoute, KindReferenceGrant:
		return true
	}
	return false
}

// isGatewaySource reports whether kind is a translated Gateway API kind
// (each object gets a status).
func isGatewaySource(kind string) bool {
	return isGatewayKind(kind) && kind != KindReferenceGrant
}
