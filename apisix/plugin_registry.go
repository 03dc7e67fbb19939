package apisix

// Plugin names with a typed configuration in this package.
const (
	PluginAPIBreaker      = "api-breaker"
	PluginBasicAuth       = "basic-auth"
	PluginClientControl   = "client-control"
	PluginCORS            = "cors"
	PluginCSRF            = "csrf"
	PluginFaultInjection  = "fault-injection"
	PluginForwardAuth     = "forward-auth"
	PluginHMACAuth        = "hmac-auth"
	PluginIPRestriction   = "ip-restriction"
	PluginJWTAuth         = "jwt-auth"
	PluginKeyAuth         = "key-auth"
	PluginLDAPAuth        = "ldap-auth"
	PluginLimitConn       = "limit-conn"
	PluginLimitCount      = "limit-count"
	PluginLimitReq        = "limit-req"
	PluginProxyMirror     = "proxy-mirror"
	PluginProxyRewrite    = "proxy-rewrite"
	PluginRealIP          = "real-ip"
	PluginRedirect        = "redirect"
	PluginRequestID       = "request-id"
	PluginResponseRewrite = "response-rewrite"
	PluginTrafficSplit    = "traffic-split"
	PluginWolfRBAC        = "wolf-rbac"
)

// newTypedPlugin returns a new zero typed route-level config, or nil.
func newTypedPlugin(name string) any {
	switch name {
	case PluginAPIBreaker:
		return &APIBreaker{}
	case PluginBasicAuth:
		return &BasicAuth{}
	case PluginClientControl:
		return &ClientControl{}
	case PluginCORS:
		return &CORS{}
	case PluginCSRF:
		return &CSRF{}
	case PluginFaultInjection:
		return &FaultInjection{}
	case PluginForwardAuth:
		return &ForwardAuth{}
	case PluginHMACAuth:
		return &HMACAuth{}
	case PluginIPRestriction:
		return &IPRestriction{}
	case PluginJWTAuth:
		return &JWTAuth{}
	case PluginKeyAuth:
		return &KeyAuth{}
	case PluginLDAPAuth:
		return &LDAPAuth{}
	case PluginLimitConn:
		return &LimitConn{}
	case PluginLimitCount:
		return &LimitCount{}
	case PluginLimitReq:
		return &LimitReq{}
	case PluginProxyMirror:
		return &ProxyMirror{}
	case PluginProxyRewrite:
		return &ProxyRewrite{}
	case PluginRealIP:
		return &RealIP{}
	case PluginRedirect:
		return &Redirect{}
	case PluginRequestID:
		return &RequestID{}
	case PluginResponseRewrite:
		return &ResponseRewrite{}
	case PluginTrafficSplit:
		return &TrafficSplit{}
	case PluginWolfRBAC:
		return &WolfRBAC{}
	}
	return nil
}

func typedPluginNames() []string {
	return []string{
		PluginAPIBreaker, PluginBasicAuth, PluginClientControl, PluginCORS, PluginCSRF,
		PluginFaultInjection, PluginForwardAuth, PluginHMACAuth, PluginIPRestriction,
		PluginJWTAuth, PluginKeyAuth, PluginLDAPAuth, PluginLimitConn, PluginLimitCount,
		PluginLimitReq, PluginProxyMirror, PluginProxyRewrite, PluginRealIP, PluginRedirect,
		PluginRequestID, PluginResponseRewrite, PluginTrafficSplit, PluginWolfRBAC,
	}
}

// newTypedConsumerPlugin returns a new zero typed consumer config, or nil.
func newTypedConsumerPlugin(name string) any {
	switch name {
	case PluginBasicAuth:
		return &BasicAuthConsumer{}
	case PluginHMACAuth:
		return &HMACAuthConsumer{}
	case PluginJWTAuth:
		return &JWTAuthConsumer{}
	case PluginKeyAuth:
		return &KeyAuthConsumer{}
	case PluginLDAPAuth:
		return &LDAPAuthConsumer{}
	}
	return nil
}

func typedConsumerPluginNames() []string {
	return []string{PluginBasicAuth, PluginHMACAuth, PluginJWTAuth, PluginKeyAuth, PluginLDAPAuth}
}
