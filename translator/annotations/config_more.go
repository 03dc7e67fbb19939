package annotations

// Access covers client IP and method restrictions.
type Access struct {
	// Allow and Deny are normalised IPs and CIDRs.
	Allow []string
	Deny  []string
	// AllowMethods and BlockMethods restrict HTTP methods.
	AllowMethods []string
	BlockMethods []string
}

// RateLimit covers limit-req and limit-conn; BurstMultiplier defaults to 5.
type RateLimit struct {
	RPS             *int
	RPM             *int
	Connections     *int
	BurstMultiplier int
	// Allowlist holds client ranges exempt from the limits.
	Allowlist []string
}

// BasicAuth is ingress-nginx's auth-type basic with auth-secret: the users of
// the Secret become APISIX consumers, and routes require basic-auth.
type BasicAuth struct {
	// Type is "basic" or "digest" (digest has no APISIX equivalent).
	Type       string
	Secret     *ObjectRef
	SecretType string
	Realm      string
}

// Auth is consumer-based authentication: Type is "basicAuth" or "keyAuth".
type Auth struct {
	Type string
}

// ExternalAuth is forward-auth.
type ExternalAuth struct {
	URL    string
	Method string
	// SigninURL receives the client (302) when the auth service says 401.
	SigninURL           string
	SigninRedirectParam string
	RequestRedirect     string
	RequestHeaders      []string
	UpstreamHeaders     []string
	ClientHeaders       []string
	ProxySetHeaders     *ObjectRef
	AlwaysSetCookie     bool
	// Keepalive is the connection pool size (0 disables keepalive).
	Keepalive        *int
	KeepaliveTimeout *int
	SSLVerify        *bool
}

// ClientCert is client-certificate (mTLS) authentication of the host.
type ClientCert struct {
	CASecret *ObjectRef
	// VerifyClient is "on" or "off".
	VerifyClient              string
	VerifyDepth               *int
	PassCertificateToUpstream bool
	// MatchCN is "CN=<regexp>" matched against the subject DN.
	MatchCN string
}

// Canary is a canary Ingress, merged into its primary with traffic-split.
type Canary struct {
	Enabled       bool
	Header        string
	HeaderValue   string
	HeaderPattern string
	Cookie        string
	Weight        int
	// WeightTotal is at least 100 (ingress-nginx treats smaller totals as 100).
	WeightTotal int
}

// Affinity is cookie session affinity; CookieName defaults to INGRESSCOOKIE.
type Affinity struct {
	Enabled        bool
	Mode           string
	CookieName     string
	CookiePath     string
	CookieDomain   string
	CookieExpires  *int
	CookieMaxAge   *int
	CookieSecure   *bool
	CookieSameSite string
}

// Headers covers request and response header changes.
type Headers struct {
	XForwardedPrefix string
	Connection       string
	// CustomHeaders is a ConfigMap whose data become response headers.
	CustomHeaders *ObjectRef
}

// Mirror is proxy-mirror: Host is scheme://host[:port]; Path and
// PathConcatMode ("replace" or "prefix") are set when the target has a path.
type Mirror struct {
	Host           string
	Path           string
	PathConcatMode string
}

// Route holds route-level settings.
type Route struct {
	ServerAliases    []string
	DefaultBackend   string // Service answering while the Ingress's Service has no ready endpoints
	WebSocket        *bool
	PluginConfigName string
}

// Telemetry is the opentelemetry plugin.
type Telemetry struct {
	Enabled           *bool
	TrustIncomingSpan *bool
}

// CSRF is the csrf plugin.
type CSRF struct {
	Enabled bool
	Key     string
}

// ResponseRewrite is the response-rewrite plugin.
type ResponseRewrite struct {
	Enabled       bool
	StatusCode    int
	Body          string
	BodyBase64    bool
	AddHeaders    []Header
	SetHeaders    []Header
	RemoveHeaders []string
}
