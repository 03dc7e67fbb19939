package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ApisixTls serves a certificate from a kubernetes.io/tls Secret for the
// given SNIs, optionally verifying client certificates (mTLS).
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=atls,path=apisixtlses,singular=apisixtls,categories=apisix
// +kubebuilder:printcolumn:name="SNIs",type=string,JSONPath=`.spec.hosts`
// +kubebuilder:printcolumn:name="Secret Name",type=string,JSONPath=`.spec.secret.name`
// +kubebuilder:printcolumn:name="Secret Namespace",type=string,JSONPath=`.spec.secret.namespace`
// +kubebuilder:printcolumn:name="Client CA Secret",type=string,JSONPath=`.spec.client.caSecret.name`,priority=1
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixTls struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ApisixTlsSpec `json:"spec"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixTlsList is a list of ApisixTls objects.
//
// +kubebuilder:object:root=true
type ApisixTlsList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixTls `json:"items"`
}

// HostType is an exact or single-wildcard host name.
// +kubebuilder:validation:Pattern=`^\*?[0-9a-zA-Z-.]+$`
// +kubebuilder:validation:MaxLength=253
type HostType string

// ApisixTlsSpec lists the SNIs and the Secret holding the certificate.
type ApisixTlsSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// Hosts are the SNIs the certificate is served for.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=128
	// +listType=set
	Hosts []HostType `json:"hosts"`
	// Secret is a kubernetes.io/tls Secret with tls.crt and tls.key.
	Secret ApisixSecret `json:"secret"`
	// Client enables mutual TLS: clients must present a certificate signed by the CA.
	// +optional
	Client *ApisixMutualTlsClientConfig `json:"client,omitempty"`
}

// ApisixMutualTlsClientConfig verifies client certificates.
type ApisixMutualTlsClientConfig struct {
	// CASecret holds the CA certificate under ca.crt.
	CASecret ApisixSecret `json:"caSecret"`
	// Depth is the maximum verification depth of the client chain.
	// +optional
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=32
	Depth int `json:"depth,omitempty"`
	// SkipMTLSUriRegex are URI regexes for which no client certificate is required.
	// +optional
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=1024
	SkipMTLSUriRegex []string `json:"skip_mtls_uri_regex,omitempty"`
}
