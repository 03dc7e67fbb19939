package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ApisixUpstream configures how APISIX reaches a Service of the same name
// (load balancing, retries, health checks, TLS), or a set of external nodes.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=au,categories=apisix
// +kubebuilder:printcolumn:name="LB",type=string,JSONPath=`.spec.loadbalancer.type`
// +kubebuilder:printcolumn:name="Scheme",type=string,JSONPath=`.spec.scheme`
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixUpstream struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +optional
	Spec ApisixUpstreamSpec `json:"spec,omitempty"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixUpstreamList is a list of ApisixUpstreams.
//
// +kubebuilder:object:root=true
type ApisixUpstreamList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixUpstream `json:"items"`
}

// ApisixUpstreamSpec is the upstream configuration of a Service, optionally
// overridden per Service port, or of external nodes.
//
// +kubebuilder:validation:XValidation:rule="!has(self.loadbalancer) || self.loadbalancer.type != 'chash' || has(self.loadbalancer.key) || (has(self.loadbalancer.hashOn) && self.loadbalancer.hashOn == 'consumer')",message="loadbalancer.key is required when type is chash (unless hashOn is consumer)",fieldPath=".loadbalancer.key"
// +kubebuilder:validation:XValidation:rule="!has(self.passHost) || self.passHost != 'rewrite' || has(self.upstreamHost)",message="upstreamHost is required when passHost is rewrite",fieldPath=".upstreamHost"
// +kubebuilder:validation:XValidation:rule="!has(self.portLevelSettings) || self.portLevelSettings.all(p, self.portLevelSettings.exists_one(q, q.port == p.port))",message="portLevelSettings ports must be unique",fieldPath=".portLevelSettings"
type ApisixUpstreamSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// ExternalNodes are domains or ExternalName Services used instead of a Service's endpoints.
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	ExternalNodes []ApisixUpstreamExternalNode `json:"externalNodes,omitempty"`

	ApisixUpstreamConfig `json:",inline"`

	// PortLevelSettings override the configuration above for one Service port.
	// +optional
	// +kubebuilder:validation:MaxItems=32
	PortLevelSettings []PortLevelSettings `json:"portLevelSettings,omitempty"`
}

// External node types.
const (
	ExternalTypeDomain  = "Domain"
	ExternalTypeService = "Service"
)

// ApisixUpstreamExternalNode is a node outside the cluster, or an ExternalName Service.
type ApisixUpstreamExternalNode struct {
	// Name is a domain name or IP (type Domain) or a Service name (type Service).
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// +optional
	// +kubebuilder:default=Domain
	// +kubebuilder:validation:Enum=Domain;Service
	Type string `json:"type,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	Weight *int `json:"weight,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	Port *int `json:"port,omitempty"`
}

// ApisixUpstreamConfig is the part of the configuration that can also be set per port.
type ApisixUpstreamConfig struct {
	// +optional
	LoadBalancer *LoadBalancer `json:"loadbalancer,omitempty"`
	// Scheme used towards the upstream.
	// +optional
	// +kubebuilder:validation:Enum=http;https;grpc;grpcs
	Scheme string `json:"scheme,omitempty"`
	// Retries after an error or timeout; 0 disables retries.
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=100
	Retries *int64 `json:"retries,omitempty"`
	// +optional
	Timeout *UpstreamTimeout `json:"timeout,omitempty"`
	// +optional
	HealthCheck *HealthCheck `json:"healthCheck,omitempty"`
	// TLSSecret is the client certificate APISIX presents to the upstream (mTLS).
	// +optional
	TLSSecret *ApisixSecret `json:"tlsSecret,omitempty"`
	// Subsets group the Service's pods by labels; routes select one by name.
	// +optional
	// +kubebuilder:validation:MaxItems=32
	// +listType=map
	// +listMapKey=name
	Subsets []ApisixUpstreamSubset `json:"subsets,omitempty"`
	// PassHost: pass the client's Host, use the node's, or rewrite to upstreamHost.
	// +optional
	// +kubebuilder:validation:Enum=pass;node;rewrite
	PassHost string `json:"passHost,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^\*?[0-9a-zA-Z-._]+$`
	UpstreamHost string `json:"upstreamHost,omitempty"`
	// Discovery is accepted for compatibility with published manifests; this
	// controller resolves Services itself and reports a warning when it is set.
	// +optional
	Discovery *Discovery `json:"discovery,omitempty"`
}

// PortLevelSettings overrides the upstream configuration for one Service port.
//
// +kubebuilder:validation:XValidation:rule="!has(self.loadbalancer) || self.loadbalancer.type != 'chash' || has(self.loadbalancer.key) || (has(self.loadbalancer.hashOn) && self.loadbalancer.hashOn == 'consumer')",message="loadbalancer.key is required when type is chash (unless hashOn is consumer)",fieldPath=".loadbalancer.key"
// +kubebuilder:validation:XValidation:rule="!has(self.passHost) || self.passHost != 'rewrite' || has(self.upstreamHost)",message="upstreamHost is required when passHost is rewrite",fieldPath=".upstreamHost"
type PortLevelSettings struct {
	ApisixUpstreamConfig `json:",inline"`
	// Port is a port of the Service.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	Port int32 `json:"port"`
}

// LoadBalancer selects the balancing algorithm.
type LoadBalancer struct {
	// +kubebuilder:validation:Enum=roundrobin;chash;ewma;least_conn
	Type string `json:"type"`
	// HashOn is where chash reads its key.
	// +optional
	// +kubebuilder:validation:Enum=vars;vars_combinations;header;cookie;consumer
	HashOn string `json:"hashOn,omitempty"`
	// Key is the variable, header or cookie name chash hashes.
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Key string `json:"key,omitempty"`
}

// ApisixUpstreamSubset is a named group of a Service's pods.
type ApisixUpstreamSubset struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// +kubebuilder:validation:MinProperties=1
	Labels map[string]string `json:"labels"`
}

// Discovery names a service in an APISIX discovery registry.
type Discovery struct {
	// +kubebuilder:validation:MinLength=1
	ServiceName string `json:"serviceName"`
	// +kubebuilder:validation:MinLength=1
	Type string `json:"type"`
	// +optional
	Args map[string]string `json:"args,omitempty"`
}

// HealthCheck configures active and, optionally, passive health checks.
type HealthCheck struct {
	Active *ActiveHealthCheck `json:"active"`
	// +optional
	Passive *PassiveHealthCheck `json:"passive,omitempty"`
}

// ActiveHealthCheck probes nodes periodically.
type ActiveHealthCheck struct {
	// +optional
	// +kubebuilder:validation:Enum=http;https;tcp
	Type string `json:"type,omitempty"`
	// Timeout of one probe, in seconds.
	// +optional
	// +kubebuilder:validation:Minimum=0
	Timeout *float64 `json:"timeout,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	Concurrency int `json:"concurrency,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:Pattern=`^\*?[0-9a-zA-Z-._]+$`
	Host string `json:"host,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	Port int32 `json:"port,omitempty"`
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	HTTPPath string `json:"httpPath,omitempty"`
	// +optional
	StrictTLS *bool `json:"strictTLS,omitempty"`
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=32
	RequestHeaders []string `json:"requestHeaders,omitempty"`
	// +optional
	Healthy *ActiveHealthCheckHealthy `json:"healthy,omitempty"`
	// +optional
	Unhealthy *ActiveHealthCheckUnhealthy `json:"unhealthy,omitempty"`
}

// PassiveHealthCheck judges nodes by the responses of real traffic.
type PassiveHealthCheck struct {
	// +optional
	// +kubebuilder:validation:Enum=http;https;tcp
	Type string `json:"type,omitempty"`
	// +optional
	Healthy *PassiveHealthCheckHealthy `json:"healthy,omitempty"`
	// +optional
	Unhealthy *PassiveHealthCheckUnhealthy `json:"unhealthy,omitempty"`
}

// ActiveHealthCheckHealthy says when a node counts as healthy again.
type ActiveHealthCheckHealthy struct {
	PassiveHealthCheckHealthy `json:",inline"`
	// +optional
	Interval Duration `json:"interval,omitempty"`
}

// ActiveHealthCheckUnhealthy says when a node counts as unhealthy.
type ActiveHealthCheckUnhealthy struct {
	PassiveHealthCheckUnhealthy `json:",inline"`
	// +optional
	Interval Duration `json:"interval,omitempty"`
}

// PassiveHealthCheckHealthy counts successes.
type PassiveHealthCheckHealthy struct {
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:Minimum=200
	// +kubebuilder:validation:items:Maximum=599
	HTTPCodes []int `json:"httpCodes,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=254
	Successes int `json:"successes,omitempty"`
}

// PassiveHealthCheckUnhealthy counts failures.
type PassiveHealthCheckUnhealthy struct {
	// +optional
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:Minimum=200
	// +kubebuilder:validation:items:Maximum=599
	HTTPCodes []int `json:"httpCodes,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=254
	HTTPFailures int `json:"httpFailures,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=254
	TCPFailures int `json:"tcpFailures,omitempty"`
	// Timeouts is the number of timeouts that marks a node unhealthy.
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=254
	Timeouts int `json:"timeouts,omitempty"`
	// Timeout is the 2.x spelling of Timeouts, accepted for compatibility.
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=254
	Timeout int `json:"timeout,omitempty"`
}
