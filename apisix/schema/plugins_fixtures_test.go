package schema_test

import "github.com/apisix-ingress/apisix-ingress/apisix"

// typedConfigs returns, per plugin, a minimal and a fullest typed config.
func typedConfigs() map[string][2]any {
	p := apisix.Ptr[int]
	f := apisix.Ptr[float64]
	b := apisix.Ptr[bool]
	return map[string][2]any{
		"api-breaker": {apisix.APIBreaker{BreakResponseCode: p(502)}, apisix.APIBreaker{
			BreakResponseCode: p(503), BreakResponseBody: "down", MaxBreakerSec: p(60),
			BreakResponseHeaders: []apisix.BreakResponseHeader{{Key: "X-Breaker", Value: "open"}},
			Unhealthy:            &apisix.BreakerUnhealthy{HTTPStatuses: []int{500, 503}, Failures: p(3)},
			Healthy:              &apisix.BreakerHealthy{HTTPStatuses: []int{200}, Successes: p(2)}}},
		"basic-auth":     {apisix.BasicAuth{}, apisix.BasicAuth{HideCredentials: true, Realm: "private", AnonymousConsumer: "anon"}},
		"client-control": {apisix.ClientControl{}, apisix.ClientControl{MaxBodySize: p(1048576)}},
		"cors": {apisix.CORS{}, apisix.CORS{AllowOrigins: "https://a.example.com,https://b.example.com", AllowMethods: "GET,POST",
			AllowHeaders: "Authorization", ExposeHeaders: "X-Id", MaxAge: p(600), AllowCredential: true,
			AllowOriginsByRegex: []string{`^https://.*\.example\.com$`}, AllowOriginsByMetadata: []string{"partners"},
			TimingAllowOrigins: "https://a.example.com", TimingAllowOriginsByRegex: []string{`^https://t\.example\.com$`}}},
		"csrf": {apisix.CSRF{Key: "k"}, apisix.CSRF{Key: "k", Expires: p(3600), Name: "x-csrf"}},
		"fault-injection": {apisix.FaultInjection{Delay: &apisix.FaultDelay{Duration: f(0.5)}}, apisix.FaultInjection{
			Abort: &apisix.FaultAbort{HTTPStatus: p(503), Body: "oops", Headers: map[string]apisix.HeaderValue{"X-Fault": "1"},
				Percentage: p(50), Vars: [][]any{{[]any{"arg_name", "==", "jack"}}}},
			Delay: &apisix.FaultDelay{Duration: f(2), Percentage: p(10), Vars: [][]any{{[]any{"arg_age", "!", "<", 18}}}}}},
		"forward-auth": {apisix.ForwardAuth{URI: "http://auth.default.svc/verify"}, apisix.ForwardAuth{
			URI: "https://auth.example.com/verify", SSLVerify: b(false), RequestMethod: "POST",
			RequestHeaders: []string{"Authorization"}, UpstreamHeaders: []string{"X-User"}, ClientHeaders: []string{"Location"},
			ExtraHeaders: map[string]string{"X-Client-IP": "$remote_addr"}, Timeout: p(5000), Keepalive: b(true),
			KeepaliveTimeout: p(60000), KeepalivePool: p(5), AllowDegradation: true, StatusOnError: p(503), MaxReqBodySize: p(1024)}},
		"hmac-auth": {apisix.HMACAuth{}, apisix.HMACAuth{AllowedAlgorithms: []string{"hmac-sha256"}, ClockSkew: p(60),
			SignedHeaders: []string{"date", "x-custom"}, ValidateRequestBody: true, MaxReqBodySize: p(4096), HideCredentials: true,
			AnonymousConsumer: "anon", Realm: "hmac"}},
		"ip-restriction": {apisix.IPRestriction{Whitelist: []string{"10.0.0.1"}}, apisix.IPRestriction{
			Blacklist: []string{"10.0.0.0/8", "192.168.1.1", "::1", "fe80::/10"}, Message: "go away", ResponseCode: p(404)}},
		"jwt-auth": {apisix.JWTAuth{}, apisix.JWTAuth{Header: "authorization", Query: "jwt", Cookie: "jwt", HideCredentials: true,
			KeyClaimName: "iss", StoreInCtx: true, AnonymousConsumer: "anon", Realm: "jwt", ClaimsToVerify: []string{"exp", "nbf"}}},
		"key-auth": {apisix.KeyAuth{}, apisix.KeyAuth{Header: "apikey", Query: "apikey", HideCredentials: true, Realm: "key", AnonymousConsumer: "anon"}},
		"ldap-auth": {apisix.LDAPAuth{BaseDN: "ou=users,dc=example,dc=org", LDAPURI: "ldap.example.org:389"}, apisix.LDAPAuth{
			BaseDN: "ou=users,dc=example,dc=org", LDAPURI: "ldap.example.org:636", UseTLS: true, TLSVerify: true, UID: "uid",
			HideCredentials: true, Realm: "ldap"}},
		"limit-conn": {apisix.LimitConn{Conn: p(10), Burst: p(0), DefaultConnDelay: f(0.1), Key: "remote_addr"}, apisix.LimitConn{
			Conn: p(10), Burst: p(5), DefaultConnDelay: f(0.1), OnlyUseDefaultDelay: true, Key: "$host $remote_addr",
			KeyType: "var_combination", Policy: "redis", RejectedCode: p(429), RejectedMsg: "slow down", AllowDegradation: true,
			RedisPolicy: apisix.RedisPolicy{RedisHost: "redis", RedisPort: p(6379), RedisPassword: "pw", RedisDatabase: p(1), RedisTimeout: p(1000)}}},
		"limit-count": {apisix.LimitCount{Count: p(100), TimeWindow: p(60)}, apisix.LimitCount{Count: p(100), TimeWindow: p(60),
			Group: "g", Key: "remote_addr", KeyType: "var", Policy: "redis-cluster", RejectedCode: p(429), RejectedMsg: "quota",
			AllowDegradation: true, ShowLimitQuotaHeader: b(false),
			RedisPolicy: apisix.RedisPolicy{RedisClusterNodes: []string{"10.0.0.1:6379"}, RedisClusterName: "c"}}},
		"limit-req": {apisix.LimitReq{Rate: f(1), Burst: f(0), Key: "remote_addr"}, apisix.LimitReq{Rate: f(10.5), Burst: f(5),
			Key: "remote_addr", KeyType: "var", Policy: "local", RejectedCode: p(429), RejectedMsg: "too many", Nodelay: true, AllowDegradation: true}},
		"proxy-mirror": {apisix.ProxyMirror{Host: "http://mirror.default.svc:8080"}, apisix.ProxyMirror{Host: "https://[::1]:8443",
			Path: "/mirror", PathConcatMode: "prefix", SampleRatio: f(0.5)}},
		"proxy-rewrite": {apisix.ProxyRewrite{URI: "/"}, apisix.ProxyRewrite{Method: "POST", RegexURI: []string{"^/api/(.*)", "/$1"},
			Host: "backend.example.com:8080", UseRealRequestURIUnsafe: true, Headers: &apisix.HeaderOps{
				Add: map[string]apisix.HeaderValue{"X-Add": "1"}, Set: map[string]apisix.HeaderValue{"X-Set": "$remote_addr"}, Remove: []string{"X-Drop"}}}},
		"real-ip": {apisix.RealIP{Source: "http_x_forwarded_for"}, apisix.RealIP{Source: "http_x_real_ip",
			TrustedAddresses: []string{"10.0.0.0/8", "::1"}, Recursive: true}},
		"redirect": {apisix.Redirect{HTTPToHTTPS: true}, apisix.Redirect{URI: "/new/$uri", RetCode: p(301), EncodeURI: true, AppendQueryString: true}},
		"request-id": {apisix.RequestID{}, apisix.RequestID{HeaderName: "X-Trace", IncludeInResponse: b(false), Algorithm: "range_id",
			RangeID: &apisix.RangeIDConf{CharSet: "abcdef0123", Length: p(12)}}},
		"response-rewrite": {apisix.ResponseRewrite{StatusCode: p(200)}, apisix.ResponseRewrite{StatusCode: p(404), Body: "bm90IGZvdW5k",
			BodyBase64: true, Vars: []any{[]any{"status", "==", 500}}, MaxRespBodySize: p(1024), Headers: &apisix.ResponseHeaders{
				Add: []string{"X-Add: 1"}, Set: map[string]apisix.HeaderValue{"X-Set": "2"}, Remove: []string{"Server"}}}},
		"traffic-split": {apisix.TrafficSplit{}, apisix.TrafficSplit{Rules: []apisix.TrafficSplitRule{{
			Match: []apisix.TrafficSplitMatch{{Vars: []any{[]any{"http_x_canary", "==", "1"}}}},
			WeightedUpstreams: []apisix.WeightedUpstream{
				{UpstreamID: "canary", Weight: p(1)},
				{Upstream: &apisix.Upstream{Nodes: apisix.Nodes{{Host: "10.0.0.9", Port: 80, Weight: 1}}}, Weight: p(2)},
				{Weight: p(7)}}}}}},
		"wolf-rbac": {apisix.WolfRBAC{}, apisix.WolfRBAC{Server: "http://wolf:12180", AppID: "app", HeaderPrefix: "X-", SSLVerify: b(true)}},
	}
}

// typedConsumerConfigs returns, per plugin, a minimal and a fullest typed
// consumer config.
func typedConsumerConfigs() map[string][2]any {
	return map[string][2]any{
		"basic-auth": {apisix.BasicAuthConsumer{Username: "u", Password: "p"}, apisix.BasicAuthConsumer{Username: "user", Password: "pass"}},
		"hmac-auth":  {apisix.HMACAuthConsumer{KeyID: "k", SecretKey: "s"}, apisix.HMACAuthConsumer{KeyID: "key-1", SecretKey: "secret"}},
		"jwt-auth": {apisix.JWTAuthConsumer{Key: "k"}, apisix.JWTAuthConsumer{Key: "user-key", Algorithm: "RS256", PublicKey: "-----BEGIN PUBLIC KEY-----",
			Exp: apisix.Ptr(3600), LifetimeGracePeriod: apisix.Ptr(5), Secret: "s", Base64Secret: true}},
		"key-auth":  {apisix.KeyAuthConsumer{Key: "k"}, apisix.KeyAuthConsumer{Key: "a-long-key"}},
		"ldap-auth": {apisix.LDAPAuthConsumer{UserDN: "cn=u"}, apisix.LDAPAuthConsumer{UserDN: "cn=user01,ou=users,dc=example,dc=org"}},
	}
}
