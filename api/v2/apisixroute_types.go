package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ApisixRoute routes HTTP requests and TCP/UDP streams to Kubernetes Services
// or ApisixUpstreams.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=ar,categories=apisix
// +kubebuilder:printcolumn:name="Hosts",type=string,JSONPath=`.spec.http[*].match.hosts`
// +kubebuilder:printcolumn:name="URIs",type=string,JSONPath=`.spec.http[*].match.paths`
// +kubebuilder:printcolumn:name="Target Service (HTTP)",type=string,JSONPath=`.spec.http[*].backends[*].serviceName`,priority=1
// +kubebuilder:printcolumn:name="Ingress Port (TCP)",type=string,JSONPath=`.spec.stream[*].match.ingressPort`,priority=1
// +kubebuilder:printcolumn:name="Target Service (TCP)",type=string,JSONPath=`.spec.stream[*].backend.serviceName`,priority=1
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixRoute struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ApisixRouteSpec `json:"spec"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixRouteList is a list of ApisixRoutes.
//
// +kubebuilder:object:root=true
type ApisixRouteList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixRoute `json:"items"`
}

// ApisixRouteSpec holds HTTP rules, stream rules, or both.
//
// +kubebuilder:validation:XValidation:rule="has(self.http) || has(self.stream)",message="at least one of http or stream is required"
type ApisixRouteSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// HTTP rules; names are unique within the object.
	// +optional
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	HTTP []ApisixRouteHTTP `json:"http,omitempty"`
	// Stream (TCP/UDP) rules; names are unique within the object.
	// +optional
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	Stream []ApisixRouteStream `json:"stream,omitempty"`
}

// ApisixRouteHTTP is one HTTP rule: a match and where to send it.
//
// +kubebuilder:validation:XValidation:rule="has(self.backends) || has(self.upstreams)",message="one of backends or upstreams is required",fieldPath=".backends"
// +kubebuilder:validation:XValidation:rule="!has(self.plugin_config_namespace) || has(self.plugin_config_name)",message="plugin_config_namespace needs plugin_config_name",fieldPath=".plugin_config_namespace"
type ApisixRouteHTTP struct {
	// Name identifies the rule within the object.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=100
	// +kubebuilder:validation:Pattern=`^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$`
	Name string `json:"name"`
	// Priority orders routes that match the same path; higher wins.
	// +optional
	Priority int `json:"priority,omitempty"`
	// Timeout towards the backends.
	// +optional
	Timeout *UpstreamTimeout `json:"timeout,omitempty"`
	// Match says which requests this rule takes.
	Match ApisixRouteHTTPMatch `json:"match"`
	// Backends are Services in the same namespace; several share traffic by weight.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	Backends []ApisixRouteHTTPBackend `json:"backends,omitempty"`
	// Upstreams are ApisixUpstreams in the same namespace (external nodes).
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	Upstreams []ApisixRouteUpstreamReference `json:"upstreams,omitempty"`
	// Websocket enables proxying of WebSocket upgrades.
	// +optional
	Websocket bool `json:"websocket,omitempty"`
	// PluginConfigName names an ApisixPluginConfig whose plugins this rule uses.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	PluginConfigName string `json:"plugin_config_name,omitempty"`
	// PluginConfigNamespace is the namespace of that ApisixPluginConfig; it
	// defaults to the route's own.
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	PluginConfigNamespace string `json:"plugin_config_namespace,omitempty"`
	// Plugins run on requests this rule matches.
	// +optional
	// +kubebuilder:validation:MaxItems=64
	Plugins []ApisixRoutePlugin `json:"plugins,omitempty"`
	// Authentication requires consumers to authenticate.
	// +optional
	Authentication *ApisixRouteAuthentication `json:"authentication,omitempty"`
}

// ApisixRouteHTTPMatch is the request match of an HTTP rule.
type ApisixRouteHTTPMatch struct {
	// Paths are exact ("/login") or prefixes ending in "*" ("/api/*").
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MinLength=1
	// +kubebuilder:validation:items:MaxLength=4096
	// +kubebuilder:validation:items:Pattern=`^/[^*]*\*?$`
	Paths []string `json:"paths"`
	// Methods are HTTP methods; empty means any.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=10
	// +kubebuilder:validation:items:Enum=CONNECT;DELETE;GET;HEAD;OPTIONS;PATCH;POST;PUT;TRACE;PURGE
	Methods []string `json:"methods,omitempty"`
	// Hosts are exact or single-wildcard ("*.example.com") host names.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=253
	// +kubebuilder:validation:items:Pattern=`^\*?[0-9a-zA-Z-._]+$`
	Hosts []string `json:"hosts,omitempty"`
	// RemoteAddrs are client IP addresses or CIDRs.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.all(a, isIP(a) || isCIDR(a))",message="every entry must be an IP address or a CIDR such as 10.0.0.0/8"
	RemoteAddrs []string `json:"remoteAddrs,omitempty"`
	// Exprs match on headers, query arguments, cookies, the path or variables.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	Exprs []ApisixRouteHTTPMatchExpr `json:"exprs,omitempty"`
	// FilterFunc is a Lua function APISIX evaluates on each request.
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	// +kubebuilder:validation:Pattern=`^function`
	FilterFunc string `json:"filter_func,omitempty"`
}

// Expression operators.
const (
	OpEqual                        = "Equal"
	OpNotEqual                     = "NotEqual"
	OpGreaterThan                  = "GreaterThan"
	OpGreaterThanEqual             = "GreaterThanEqual"
	OpLessThan                     = "LessThan"
	OpLessThanEqual                = "LessThanEqual"
	OpIn                           = "In"
	OpNotIn                        = "NotIn"
	OpRegexMatch                   = "RegexMatch"
	OpRegexNotMatch                = "RegexNotMatch"
	OpRegexMatchCaseInsensitive    = "RegexMatchCaseInsensitive"
	OpRegexNotMatchCaseInsensitive = "RegexNotMatchCaseInsensitive"
)

// Expression subject scopes.
const (
	ScopeQuery    = "Query"
	ScopeHeader   = "Header"
	ScopePath     = "Path"
	ScopeCookie   = "Cookie"
	ScopeVariable = "Variable"
	ScopeBody     = "Body"
)

// ApisixRouteHTTPMatchExpr compares a request attribute with a value or a set.
//
// +kubebuilder:validation:XValidation:rule="(self.op == 'In' || self.op == 'NotIn') ? has(self.set) : has(self.value)",message="In and NotIn need set; other operators need value"
// +kubebuilder:validation:XValidation:rule="!(has(self.set) && has(self.value))",message="set and value are mutually exclusive"
type ApisixRouteHTTPMatchExpr struct {
	Subject ApisixRouteHTTPMatchExprSubject `json:"subject"`
	// +kubebuilder:validation:Enum=Equal;NotEqual;GreaterThan;GreaterThanEqual;LessThan;LessThanEqual;In;NotIn;RegexMatch;RegexNotMatch;RegexMatchCaseInsensitive;RegexNotMatchCaseInsensitive
	Op string `json:"op"`
	// Set is the list of values for In and NotIn.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=1024
	Set []string `json:"set,omitempty"`
	// Value is the single value of the other operators.
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	Value *string `json:"value,omitempty"`
}

// ApisixRouteHTTPMatchExprSubject is the request attribute an expression reads.
//
// +kubebuilder:validation:XValidation:rule="self.scope == 'Path' || (has(self.name) && size(self.name) > 0)",message="name is required unless scope is Path",fieldPath=".name"
type ApisixRouteHTTPMatchExprSubject struct {
	// +kubebuilder:validation:Enum=Cookie;Header;Path;Query;Variable;Body
	Scope string `json:"scope"`
	// Name of the header, query argument, cookie, variable or body field.
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Name string `json:"name,omitempty"`
}

// Backend resolution granularity.
const (
	ResolveGranularityEndpoint = "endpoint"
	ResolveGranularityService  = "service"
)

// ApisixRouteHTTPBackend is a Service in the route's namespace.
type ApisixRouteHTTPBackend struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	ServiceName string `json:"serviceName"`
	// ServicePort is the Service port's number or name.
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=15
	// +kubebuilder:validation:XValidation:rule="type(self) == int ? (self >= 1 && self <= 65535) : size(self) > 0",message="servicePort must be a port number 1-65535 or a port name"
	ServicePort intstr.IntOrString `json:"servicePort"`
	// ResolveGranularity: endpoint sends to pod IPs, service to the ClusterIP.
	// +optional
	// +kubebuilder:validation:Enum=endpoint;service
	ResolveGranularity string `json:"resolveGranularity,omitempty"`
	// Weight is this backend's share of traffic among the rule's backends.
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	Weight *int `json:"weight,omitempty"`
	// Subset names a pod label subset defined in the Service's ApisixUpstream.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	Subset string `json:"subset,omitempty"`
}

// ApisixRouteUpstreamReference points at an ApisixUpstream in the same namespace.
type ApisixRouteUpstreamReference struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	Weight *int `json:"weight,omitempty"`
}

// Authentication types.
const (
	AuthBasic    = "basicAuth"
	AuthKey      = "keyAuth"
	AuthJwt      = "jwtAuth"
	AuthWolfRBAC = "wolfRBAC"
	AuthHMAC     = "hmacAuth"
	AuthLDAP     = "ldapAuth"
)

// ApisixRouteAuthentication requires an authenticated consumer.
//
// +kubebuilder:validation:XValidation:rule="!self.enable || has(self.type)",message="type is required when authentication is enabled",fieldPath=".type"
type ApisixRouteAuthentication struct {
	Enable bool `json:"enable"`
	// +optional
	// +kubebuilder:validation:Enum=basicAuth;keyAuth;jwtAuth;wolfRBAC;hmacAuth;ldapAuth
	Type string `json:"type,omitempty"`
	// +optional
	KeyAuth *ApisixRouteAuthenticationKeyAuth `json:"keyAuth,omitempty"`
	// +optional
	JwtAuth *ApisixRouteAuthenticationJwtAuth `json:"jwtAuth,omitempty"`
	// +optional
	LDAPAuth *ApisixRouteAuthenticationLDAPAuth `json:"ldapAuth,omitempty"`
}

// ApisixRouteAuthenticationKeyAuth says where the key is read from.
type ApisixRouteAuthenticationKeyAuth struct {
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Header string `json:"header,omitempty"`
}

// ApisixRouteAuthenticationJwtAuth says where the token is read from.
type ApisixRouteAuthenticationJwtAuth struct {
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Header string `json:"header,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Query string `json:"query,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Cookie string `json:"cookie,omitempty"`
}

// ApisixRouteAuthenticationLDAPAuth configures the LDAP server.
type ApisixRouteAuthenticationLDAPAuth struct {
	// +optional
	// +kubebuilder:validation:MaxLength=1024
	BaseDN string `json:"base_dn,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=1024
	LDAPURI string `json:"ldap_uri,omitempty"`
	// +optional
	UseTLS bool `json:"use_tls,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	UID string `json:"uid,omitempty"`
}

// ApisixRouteStream is one TCP or UDP rule.
type ApisixRouteStream struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=100
	// +kubebuilder:validation:Pattern=`^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$`
	Name string `json:"name"`
	// +kubebuilder:validation:Enum=TCP;UDP
	Protocol string                   `json:"protocol"`
	Match    ApisixRouteStreamMatch   `json:"match"`
	Backend  ApisixRouteStreamBackend `json:"backend"`
	// +optional
	// +kubebuilder:validation:MaxItems=64
	Plugins []ApisixRoutePlugin `json:"plugins,omitempty"`
}

// ApisixRouteStreamMatch selects connections by APISIX's listening port and SNI.
type ApisixRouteStreamMatch struct {
	// IngressPort is a stream port APISIX listens on.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	IngressPort int32 `json:"ingressPort"`
	// Host matches the TLS SNI of the connection.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^\*?[0-9a-zA-Z-._]+$`
	Host string `json:"host,omitempty"`
}

// ApisixRouteStreamBackend is the Service a stream rule forwards to.
type ApisixRouteStreamBackend struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	ServiceName string `json:"serviceName"`
	// +kubebuilder:validation:XIntOrString
	// +kubebuilder:validation:MaxLength=15
	// +kubebuilder:validation:XValidation:rule="type(self) == int ? (self >= 1 && self <= 65535) : size(self) > 0",message="servicePort must be a port number 1-65535 or a port name"
	ServicePort intstr.IntOrString `json:"servicePort"`
	// +optional
	// +kubebuilder:default=endpoint
	// +kubebuilder:validation:Enum=endpoint;service
	ResolveGranularity string `json:"resolveGranularity,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=253
	Subset string `json:"subset,omitempty"`
}
