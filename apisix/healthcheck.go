package apisix

// HealthCheck is an upstream's `checks`: active probes and/or passive
// observation (APISIX requires active whenever checks is set).
type HealthCheck struct {
	Active  *ActiveCheck  `json:"active,omitempty"`
	Passive *PassiveCheck `json:"passive,omitempty"`
}

// ActiveCheck probes upstream nodes.
type ActiveCheck struct {
	Type                   string           `json:"type,omitempty"`
	Timeout                *float64         `json:"timeout,omitempty"`
	Concurrency            *int             `json:"concurrency,omitempty"`
	Host                   string           `json:"host,omitempty"`
	Port                   int              `json:"port,omitempty"`
	HTTPPath               string           `json:"http_path,omitempty"`
	HTTPMethod             string           `json:"http_method,omitempty"`
	HTTPReqBody            string           `json:"http_req_body,omitempty"`
	HTTPSVerifyCertificate *bool            `json:"https_verify_certificate,omitempty"`
	ReqHeaders             []string         `json:"req_headers,omitempty"`
	Healthy                *ActiveHealthy   `json:"healthy,omitempty"`
	Unhealthy              *ActiveUnhealthy `json:"unhealthy,omitempty"`
}

// ActiveHealthy says when a probed node counts as healthy.
type ActiveHealthy struct {
	Interval     int   `json:"interval,omitempty"`
	HTTPStatuses []int `json:"http_statuses,omitempty"`
	Successes    int   `json:"successes,omitempty"`
}

// ActiveUnhealthy says when a probed node counts as unhealthy.
type ActiveUnhealthy struct {
	Interval     int   `json:"interval,omitempty"`
	HTTPStatuses []int `json:"http_statuses,omitempty"`
	HTTPFailures int   `json:"http_failures,omitempty"`
	TCPFailures  int   `json:"tcp_failures,omitempty"`
	Timeouts     int   `json:"timeouts,omitempty"`
}

// PassiveCheck judges nodes by live traffic.
type PassiveCheck struct {
	Type      string            `json:"type,omitempty"`
	Healthy   *PassiveHealthy   `json:"healthy,omitempty"`
	Unhealthy *PassiveUnhealthy `json:"unhealthy,omitempty"`
}

// PassiveHealthy says when live traffic marks a node healthy.
type PassiveHealthy struct {
	HTTPStatuses []int `json:"http_statuses,omitempty"`
	Successes    *int  `json:"successes,omitempty"`
}

// PassiveUnhealthy says when live traffic marks a node unhealthy.
type PassiveUnhealthy struct {
	HTTPStatuses []int `json:"http_statuses,omitempty"`
	HTTPFailures *int  `json:"http_failures,omitempty"`
	TCPFailures  *int  `json:"tcp_failures,omitempty"`
	Timeouts     *int  `json:"timeouts,omitempty"`
}
