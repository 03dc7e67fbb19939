package apisix

// Route is an Admin API v3 route (/apisix/admin/routes/{id}).
type Route struct {
	ID              string    `json:"id,omitempty"`
	Name            string    `json:"name,omitempty"`
	Labels          Labels    `json:"labels,omitempty"`
	URI             string    `json:"uri,omitempty"`
	URIs            []string  `json:"uris,omitempty"`
	Hosts           []string  `json:"hosts,omitempty"`
	Methods         []string  `json:"methods,omitempty"`
	RemoteAddrs     []string  `json:"remote_addrs,omitempty"`
	Vars            []any     `json:"vars,omitempty"`
	Desc            string    `json:"desc,omitempty"`
	Host            string    `json:"host,omitempty"`
	RemoteAddr      string    `json:"remote_addr,omitempty"`
	FilterFunc      string    `json:"filter_func,omitempty"`
	Status          *int      `json:"status,omitempty"`
	Upstream        *Upstream `json:"upstream,omitempty"`
	ServiceID       string    `json:"service_id,omitempty"`
	Script          string    `json:"script,omitempty"`
	CreateTime      int64     `json:"create_time,omitempty"`
	UpdateTime      int64     `json:"update_time,omitempty"`
	Priority        int       `json:"priority,omitempty"`
	EnableWebsocket bool      `json:"enable_websocket,omitempty"`
	Timeout         *Timeout  `json:"timeout,omitempty"`
	Plugins         Plugins   `json:"plugins,omitempty"`
	PluginConfigID  string    `json:"plugin_config_id,omitempty"`
	UpstreamID      string    `json:"upstream_id,omitempty"`
}

// Kind implements Object.
func (*Route) Kind() Kind { return KindRoute }

// GetID implements Object.
func (r *Route) GetID() string { return r.ID }

// GetLabels implements Object.
func (r *Route) GetLabels() Labels { return r.Labels }

// StreamRoute is an Admin API v3 stream (L4) route
// (/apisix/admin/stream_routes/{id}). Labels need APISIX 3.8 or later.
type StreamRoute struct {
	ID         string          `json:"id,omitempty"`
	Name       string          `json:"name,omitempty"`
	Desc       string          `json:"desc,omitempty"`
	Labels     Labels          `json:"labels,omitempty"`
	RemoteAddr string          `json:"remote_addr,omitempty"`
	ServerAddr string          `json:"server_addr,omitempty"`
	ServerPort int             `json:"server_port,omitempty"`
	SNI        string          `json:"sni,omitempty"`
	Plugins    Plugins         `json:"plugins,omitempty"`
	Upstream   *Upstream       `json:"upstream,omitempty"`
	UpstreamID string          `json:"upstream_id,omitempty"`
	ServiceID  string          `json:"service_id,omitempty"`
	Protocol   *StreamProtocol `json:"protocol,omitempty"`
	CreateTime int64           `json:"create_time,omitempty"`
	UpdateTime int64           `json:"update_time,omitempty"`
}

// StreamProtocol selects an xRPC protocol for a stream route.
type StreamProtocol struct {
	Name       string         `json:"name"`
	SuperiorID string         `json:"superior_id,omitempty"`
	Conf       map[string]any `json:"conf,omitempty"`
}

// Kind implements Object.
func (*StreamRoute) Kind() Kind { return KindStreamRoute }

// GetID implements Object.
func (r *StreamRoute) GetID() string { return r.ID }

// GetLabels implements Object.
func (r *StreamRoute) GetLabels() Labels { return r.Labels }

// Service is an Admin API v3 service (/apisix/admin/services/{id}).
type Service struct {
	ID              string    `json:"id,omitempty"`
	Name            string    `json:"name,omitempty"`
	Desc            string    `json:"desc,omitempty"`
	Labels          Labels    `json:"labels,omitempty"`
	Hosts           []string  `json:"hosts,omitempty"`
	EnableWebsocket bool      `json:"enable_websocket,omitempty"`
	Plugins         Plugins   `json:"plugins,omitempty"`
	Upstream        *Upstream `json:"upstream,omitempty"`
	UpstreamID      string    `json:"upstream_id,omitempty"`
	Script          string    `json:"script,omitempty"`
	CreateTime      int64     `json:"create_time,omitempty"`
	UpdateTime      int64     `json:"update_time,omitempty"`
}

// Kind implements Object.
func (*Service) Kind() Kind { return KindService }

// GetID implements Object.
func (s *Service) GetID() string { return s.ID }

// GetLabels implements Object.
func (s *Service) GetLabels() Labels { return s.Labels }
