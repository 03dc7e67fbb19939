package annotations

// Config is the typed, normalised result of parsing an object's annotations.
// A nil pointer or empty value means "not set": the translator applies the
// defaults (see the Default* constants). Durations are whole seconds, sizes
// bytes. Groups that are switched on by one key (CORS, canary, affinity, rate
// limits) have ingress-nginx's defaults filled in.
type Config struct {
	Rewrite         Rewrite
	Redirect        Redirect
	Upstream        Upstream
	Timeouts        Timeouts
	Retry           Retry
	Body            Body
	CORS            CORS
	Access          Access
	RateLimit       RateLimit
	Auth            Auth
	BasicAuth       BasicAuth
	ExternalAuth    ExternalAuth
	ClientCert      ClientCert
	Canary          Canary
	Affinity        Affinity
	Headers         Headers
	Mirror          Mirror
	Route           Route
	Telemetry       Telemetry
	CSRF            CSRF
	ResponseRewrite ResponseRewrite
}

// Defaults ingress-nginx applies when an annotation is absent.
const (
	DefaultProxyBodySize          int64 = 1 << 20 // 1m
	DefaultConnectTimeout               = 5
	DefaultSendTimeout                  = 60
	DefaultReadTimeout                  = 60
	DefaultProxyNextUpstreamTries       = 3
	DefaultLimitBurstMultiplier         = 5
	DefaultCanaryWeightTotal            = 100
	DefaultSessionCookieName            = "INGRESSCOOKIE"
	DefaultCORSAllowOrigin              = "*"
	DefaultCORSAllowMethods             = "GET,PUT,POST,DELETE,PATCH,OPTIONS"
	DefaultCORSAllowHeaders             = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization"
	DefaultCORSMaxAge                   = 1728000
	DefaultSSLRedirectCode              = 308
)

// DefaultAuthRequestHeaders are the client's headers sent to the auth service
// (auth-url) unless auth-request-headers lists others: those auth services
// read (credentials, content negotiation, XHR detection).
var DefaultAuthRequestHeaders = []string{"Authorization", "Cookie", "Proxy-Authorization", "Accept", "User-Agent", "X-Requested-With"}

// ObjectRef names a Secret or ConfigMap; an empty Namespace means the
// object's own namespace.
type ObjectRef struct {
	Namespace string
	Name      string
}

// Header is a header name and value.
type Header struct {
	Name  string
	Value string
}

// Rewrite is the upstream path rewrite (proxy-rewrite).
type Rewrite struct {
	// Target replaces the whole URI; it may reference captures $1..$9 of the path.
	Target string
	// UseRegex makes paths case-insensitive prefix regexes.
	UseRegex *bool
	// Regex and Template are an explicit regex_uri pair (canonical keys only).
	Regex    string
	Template string
}

// Redirect covers redirects instead of proxying, and HTTPS redirects.
type Redirect struct {
	// URL and Code: redirect every request (temporal wins over permanent).
	URL  string
	Code int
	// AppRoot redirects exactly "/" to this path with 302.
	AppRoot string
	// FromToWWW redirects www.<host> to <host> (or the reverse) with 308.
	FromToWWW bool
	// SSLRedirect is ssl-redirect (applies only when the host has TLS).
	SSLRedirect *bool
	// ForceSSLRedirect redirects to HTTPS even without TLS on the Ingress.
	ForceSSLRedirect bool
	// SSLPassthrough turns the Ingress into an SNI stream route.
	SSLPassthrough bool
}

// Upstream holds upstream settings.
type Upstream struct {
	// Scheme is "http", "https", "grpc" or "grpcs".
	Scheme string
	// Host overrides the Host header sent upstream.
	Host string
	// ServiceUpstream proxies to the Service's cluster IP.
	ServiceUpstream bool
	// ServiceNamespace is the namespace of the backend Services.
	ServiceNamespace string
	// LoadBalance is the APISIX upstream type: "roundrobin", "ewma" or "chash".
	LoadBalance string
	// HashBy is the consistent-hash key; HashBySubset asks for subsets.
	HashBy       *HashKey
	HashBySubset bool
	// TLS towards the upstream.
	ClientCertSecret *ObjectRef
	SSLName          string
}

// HashKey is an APISIX chash key: On is "vars", "header", "cookie" or
// "vars_combinations"; Key the variable, header or cookie name, or the
// combination ("$host$request_uri").
type HashKey struct {
	On  string
	Key string
}

// Timeouts are upstream timeouts in seconds.
type Timeouts struct {
	Connect *int
	Send    *int
	Read    *int
}

// Retry covers proxy-next-upstream*.
type Retry struct {
	// Retries is APISIX's retries (tries - 1); nil means one per node.
	Retries *int
	// Timeout bounds the time spent retrying, in seconds (0: no limit).
	Timeout *int
	// Conditions are the proxy-next-upstream conditions.
	Conditions []string
}

// Body covers request body size and buffering.
type Body struct {
	// MaxSize in bytes; 0 means unlimited.
	MaxSize          *int64
	RequestBuffering *bool
	ProxyBuffering   *bool
}

// CORS is the cors plugin; when Enabled, unset fields hold ingress-nginx defaults.
type CORS struct {
	Enabled          bool
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	AllowCredentials bool
	MaxAge           int
}
