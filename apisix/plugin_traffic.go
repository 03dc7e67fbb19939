package apisix

// TrafficSplit is the config of traffic-split: rules that send matching
// requests to weighted upstreams (an entry without upstream or upstream_id
// means the route's own upstream).
type TrafficSplit struct {
	Rules []TrafficSplitRule `json:"rules,omitempty" validate:"omitempty,dive"`
}

// TrafficSplitRule is one rule of traffic-split.
type TrafficSplitRule struct {
	Match             []TrafficSplitMatch `json:"match,omitempty" validate:"omitempty,dive"`
	WeightedUpstreams []WeightedUpstream  `json:"weighted_upstreams,omitempty" validate:"omitempty,min=1,max=20,dive"`
}

// TrafficSplitMatch is a condition of a rule, in APISIX's vars form.
type TrafficSplitMatch struct {
	Vars []any `json:"vars,omitempty"`
}

// WeightedUpstream is a weighted target of a rule.
type WeightedUpstream struct {
	UpstreamID string    `json:"upstream_id,omitempty" validate:"omitempty,apisix_id"`
	Upstream   *Upstream `json:"upstream,omitempty" validate:"-"`
	Weight     *int      `json:"weight,omitempty" validate:"omitempty,min=0"`
}

// ProxyMirror is the config of proxy-mirror.
type ProxyMirror struct {
	Host           string   `json:"host" validate:"required,pat_mirror_host"`
	Path           string   `json:"path,omitempty" validate:"omitempty,pat_mirror_path"`
	PathConcatMode string   `json:"path_concat_mode,omitempty" validate:"omitempty,oneof=replace prefix"`
	SampleRatio    *float64 `json:"sample_ratio,omitempty" validate:"omitempty,min=0.00001,max=1"`
}

// FaultInjection is the config of fault-injection; at least one of Abort
// and Delay.
type FaultInjection struct {
	Abort *FaultAbort `json:"abort,omitempty"`
	Delay *FaultDelay `json:"delay,omitempty"`
}

// FaultAbort answers directly with HTTPStatus for a share of requests.
type FaultAbort struct {
	HTTPStatus *int                   `json:"http_status" validate:"required,min=200"`
	Body       string                 `json:"body,omitempty"`
	Headers    map[string]HeaderValue `json:"headers,omitempty" validate:"omitempty,min=1,dive,keys,pat_header_name,endkeys"`
	Percentage *int                   `json:"percentage,omitempty" validate:"omitempty,min=0,max=100"`
	Vars       [][]any                `json:"vars,omitempty" validate:"omitempty,max=20"`
}

// FaultDelay delays a share of requests by Duration seconds.
type FaultDelay struct {
	Duration   *float64 `json:"duration" validate:"required,min=0"`
	Percentage *int     `json:"percentage,omitempty" validate:"omitempty,min=0,max=100"`
	Vars       [][]any  `json:"vars,omitempty" validate:"omitempty,max=20"`
}

func (c *FaultInjection) extraCheck() string {
	if c.Abort == nil && c.Delay == nil {
		return "expect object to have at least 1 properties"
	}
	return ""
}
