package apisix

// SSL is an Admin API v3 certificate object (/apisix/admin/ssls/{id}).
// APISIX strips key and keys from GET responses.
type SSL struct {
	ID           string     `json:"id,omitempty"`
	Desc         string     `json:"desc,omitempty"`
	Labels       Labels     `json:"labels,omitempty"`
	Type         string     `json:"type,omitempty"`
	Cert         string     `json:"cert,omitempty"`
	Key          string     `json:"key,omitempty"`
	Certs        []string   `json:"certs,omitempty"`
	Keys         []string   `json:"keys,omitempty"`
	SNI          string     `json:"sni,omitempty"`
	SNIs         []string   `json:"snis,omitempty"`
	Client       *SSLClient `json:"client,omitempty"`
	Status       *int       `json:"status,omitempty"`
	SSLProtocols []string   `json:"ssl_protocols,omitempty"`
	CreateTime   int64      `json:"create_time,omitempty"`
	UpdateTime   int64      `json:"update_time,omitempty"`
}

// SSL types.
const (
	SSLTypeServer = "server"
	SSLTypeClient = "client"
)

// SSLClient configures mutual TLS towards downstream clients.
type SSLClient struct {
	CA               string   `json:"ca"`
	Depth            *int     `json:"depth,omitempty"`
	SkipMTLSURIRegex []string `json:"skip_mtls_uri_regex,omitempty"`
}

// Kind implements Object.
func (*SSL) Kind() Kind { return KindSSL }

// GetID implements Object.
func (s *SSL) GetID() string { return s.ID }

// GetLabels implements Object.
func (s *SSL) GetLabels() Labels { return s.Labels }
