package translator

// streamGatewayRoute translates a TLSRoute, TCPRoute or UDPRoute.
func (t *translation) streamGatewayRoute(gs *gwState, ref ObjectRef) {}
