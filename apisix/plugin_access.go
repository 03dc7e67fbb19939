package apisix

// CORS is the config of cors. With AllowCredential set, APISIX refuses "*"
// in the origin, method and header lists.
type CORS struct {
	AllowOrigins              string   `json:"allow_origins,omitempty" validate:"omitempty,pat_cors_origins"`
	AllowMethods              string   `json:"allow_methods,omitempty"`
	AllowHeaders              string   `json:"allow_headers,omitempty"`
	ExposeHeaders             string   `json:"expose_headers,omitempty"`
	MaxAge                    *int     `json:"max_age,omitempty"`
	AllowCredential           bool     `json:"allow_credential,omitempty"`
	AllowOriginsByRegex       []string `json:"allow_origins_by_regex,omitempty" validate:"omitempty,min=1,unique,dive,min=1,max=4096"`
	AllowOriginsByMetadata    []string `json:"allow_origins_by_metadata,omitempty" validate:"omitempty,min=1,unique,dive,min=1,max=4096"`
	TimingAllowOrigins        string   `json:"timing_allow_origins,omitempty" validate:"omitempty,pat_cors_origins"`
	TimingAllowOriginsByRegex []string `json:"timing_allow_origins_by_regex,omitempty" validate:"omitempty,min=1,unique,dive,min=1,max=4096"`
}

func (c *CORS) extraCheck() string {
	if !c.AllowCredential {
		return ""
	}
	for _, v := range []string{orDefault(c.AllowOrigins, "*"), orDefault(c.AllowMethods, "*"), orDefault(c.AllowHeaders, "*"), c.ExposeHeaders, c.TimingAllowOrigins} {
		if v == "*" {
			return "you can not set '*' for other option when 'allow_credential' is true"
		}
	}
	return ""
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// IPRestriction is the config of ip-restriction: exactly one of Whitelist
// and Blacklist, each a list of IPv4/IPv6 addresses or CIDRs.
type IPRestriction struct {
	Whitelist    []string `json:"whitelist,omitempty" validate:"omitempty,min=1,dive,ip|cidr"`
	Blacklist    []string `json:"blacklist,omitempty" validate:"omitempty,min=1,dive,ip|cidr"`
	Message      string   `json:"message,omitempty" validate:"omitempty,max=1024"`
	ResponseCode *int     `json:"response_code,omitempty" validate:"omitempty,min=403,max=404"`
}

func (c *IPRestriction) extraCheck() string {
	return oneOfRequired(c.Whitelist != nil, c.Blacklist != nil)
}

// RealIP is the config of real-ip: where the client address is read from.
type RealIP struct {
	Source           string   `json:"source" validate:"required"`
	TrustedAddresses []string `json:"trusted_addresses,omitempty" validate:"omitempty,min=1,dive,ip|cidr"`
	Recursive        bool     `json:"recursive,omitempty"`
}

// ClientControl is the config of client-control; MaxBodySize 0 means no
// limit.
type ClientControl struct {
	MaxBodySize *int `json:"max_body_size,omitempty" validate:"omitempty,min=0"`
}

// CSRF is the config of csrf.
type CSRF struct {
	Key     string `json:"key" validate:"required"`
	Expires *int   `json:"expires,omitempty"`
	Name    string `json:"name,omitempty"`
}

// RequestID is the config of request-id.
type RequestID struct {
	HeaderName        string       `json:"header_name,omitempty"`
	IncludeInResponse *bool        `json:"include_in_response,omitempty"`
	Algorithm         string       `json:"algorithm,omitempty" validate:"omitempty,oneof=uuid nanoid range_id ksuid uuidv7"`
	RangeID           *RangeIDConf `json:"range_id,omitempty"`
}

// RangeIDConf configures request-id's range_id algorithm.
type RangeIDConf struct {
	CharSet string `json:"char_set,omitempty" validate:"omitempty,min=6"`
	Length  *int   `json:"length,omitempty" validate:"omitempty,min=6"`
}

// ForwardAuth is the config of forward-auth: ask URI whether a request may
// pass.
type ForwardAuth struct {
	URI              string            `json:"uri" validate:"required"`
	SSLVerify        *bool             `json:"ssl_verify,omitempty"`
	RequestMethod    string            `json:"request_method,omitempty" validate:"omitempty,oneof=GET POST"`
	RequestHeaders   []string          `json:"request_headers,omitempty"`
	UpstreamHeaders  []string          `json:"upstream_headers,omitempty"`
	ClientHeaders    []string          `json:"client_headers,omitempty"`
	ExtraHeaders     map[string]string `json:"extra_headers,omitempty" validate:"omitempty,min=1,dive,keys,pat_header_name,endkeys"`
	Timeout          *int              `json:"timeout,omitempty" validate:"omitempty,min=1,max=60000"`
	Keepalive        *bool             `json:"keepalive,omitempty"`
	KeepaliveTimeout *int              `json:"keepalive_timeout,omitempty" validate:"omitempty,min=1000"`
	KeepalivePool    *int              `json:"keepalive_pool,omitempty" validate:"omitempty,min=1"`
	AllowDegradation bool              `json:"allow_degradation,omitempty"`
	StatusOnError    *int              `json:"status_on_error,omitempty" validate:"omitempty,min=200,max=599"`
	MaxReqBodySize   *int              `json:"max_req_body_size,omitempty" validate:"omitempty,min=1"`
}

// APIBreaker is the config of api-breaker (circuit breaker).
type APIBreaker struct {
	BreakResponseCode    *int                  `json:"break_response_code" validate:"required,min=200,max=599"`
	BreakResponseBody    string                `json:"break_response_body,omitempty"`
	BreakResponseHeaders []BreakResponseHeader `json:"break_response_headers,omitempty" validate:"omitempty,dive"`
	MaxBreakerSec        *int                  `json:"max_breaker_sec,omitempty" validate:"omitempty,min=3"`
	Unhealthy            *BreakerUnhealthy     `json:"unhealthy,omitempty"`
	Healthy              *BreakerHealthy       `json:"healthy,omitempty"`
}

// BreakResponseHeader is a header added to the breaker's response.
type BreakResponseHeader struct {
	Key   string `json:"key" validate:"required"`
	Value string `json:"value" validate:"required"`
}

// BreakerUnhealthy says when the breaker opens.
type BreakerUnhealthy struct {
	HTTPStatuses []int `json:"http_statuses,omitempty" validate:"omitempty,min=1,unique,dive,min=500,max=599"`
	Failures     *int  `json:"failures,omitempty" validate:"omitempty,min=1"`
}

// BreakerHealthy says when the breaker closes again.
type BreakerHealthy struct {
	HTTPStatuses []int `json:"http_statuses,omitempty" validate:"omitempty,min=1,unique,dive,min=200,max=499"`
	Successes    *int  `json:"successes,omitempty" validate:"omitempty,min=1"`
}
