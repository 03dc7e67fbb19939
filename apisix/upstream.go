package apisix

import "encoding/json"

// Upstream is an Admin API v3 upstream (/apisix/admin/upstreams/{id}), also
// embedded inline in routes, services and stream routes (without id).
//
// Nodes is emitted in APISIX's list form; an upstream without service
// discovery always carries `"nodes": []` (never null) even when empty.
type Upstream struct {
	ID            string         `json:"id,omitempty"`
	Name          string         `json:"name,omitempty"`
	Labels        Labels         `json:"labels,omitempty"`
	Type          string         `json:"type,omitempty"`
	Nodes         Nodes          `json:"nodes,omitzero"`
	Desc          string         `json:"desc,omitempty"`
	ServiceName   string         `json:"service_name,omitempty"`
	DiscoveryType string         `json:"discovery_type,omitempty"`
	DiscoveryArgs *DiscoveryArgs `json:"discovery_args,omitempty"`
	CreateTime    int64          `json:"create_time,omitempty"`
	UpdateTime    int64          `json:"update_time,omitempty"`
	HashOn        string         `json:"hash_on,omitempty"`
	Key           string         `json:"key,omitempty"`
	Checks        *HealthCheck   `json:"checks,omitempty"`
	Retries       *int           `json:"retries,omitempty"`
	RetryTimeout  *float64       `json:"retry_timeout,omitempty"`
	Timeout       *Timeout       `json:"timeout,omitempty"`
	Scheme        string         `json:"scheme,omitempty"`
	PassHost      string         `json:"pass_host,omitempty"`
	UpstreamHost  string         `json:"upstream_host,omitempty"`
	KeepalivePool *KeepalivePool `json:"keepalive_pool,omitempty"`
	TLS           *UpstreamTLS   `json:"tls,omitempty"`
}

// Load-balancing types, hash keys, schemes and pass_host modes APISIX knows.
const (
	UpstreamRoundRobin = "roundrobin"
	UpstreamCHash      = "chash"
	UpstreamEWMA       = "ewma"
	UpstreamLeastConn  = "least_conn"

	PassHostPass    = "pass"
	PassHostNode    = "node"
	PassHostRewrite = "rewrite"
)

// upstreamFields has Upstream's fields without its methods.
type upstreamFields Upstream

// MarshalJSON emits nodes as `[]` when the upstream has neither nodes nor
// service discovery, so APISIX's oneOf(nodes | service_name+discovery_type)
// is satisfied and the field is never null.
func (u Upstream) MarshalJSON() ([]byte, error) {
	if u.Nodes == nil && u.ServiceName == "" && u.DiscoveryType == "" {
		u.Nodes = Nodes{}
	}
	return json.Marshal(upstreamFields(u))
}

// Kind implements Object.
func (*Upstream) Kind() Kind { return KindUpstream }

// GetID implements Object.
func (u *Upstream) GetID() string { return u.ID }

// GetLabels implements Object.
func (u *Upstream) GetLabels() Labels { return u.Labels }

// DiscoveryArgs are the arguments of a service-discovery upstream.
type DiscoveryArgs struct {
	NamespaceID string `json:"namespace_id,omitempty"`
	GroupName   string `json:"group_name,omitempty"`
}

// KeepalivePool sizes the upstream connection pool.
type KeepalivePool struct {
	Size        *int     `json:"size,omitempty"`
	IdleTimeout *float64 `json:"idle_timeout,omitempty"`
	Requests    *int     `json:"requests,omitempty"`
}

// UpstreamTLS is the client certificate presented to the upstream.
type UpstreamTLS struct {
	ClientCert   string `json:"client_cert,omitempty"`
	ClientKey    string `json:"client_key,omitempty"`
	ClientCertID string `json:"client_cert_id,omitempty"`
	Verify       bool   `json:"verify,omitempty"`
}
