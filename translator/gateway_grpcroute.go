package translator

import gwv1 "sigs.k8s.io/gateway-api/apis/v1"

// grpcRoute translates a GRPCRoute (see gateway_grpc.go).
func (t *translation) grpcRoute(gs *gwState, r *gwv1.GRPCRoute) {}
