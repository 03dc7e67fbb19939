package v2

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Condition types written by the controller on every object of this group.
const (
	// ConditionAccepted is True when the object translated without error.
	ConditionAccepted = "Accepted"
	// ConditionSynced is True when APISIX accepted every object translated from it.
	ConditionSynced = "Synced"
)

// ApisixStatus is the status of every kind in this group.
type ApisixStatus struct {
	// Conditions: Accepted (the object translated) and Synced (APISIX took it).
	// +optional
	// +listType=map
	// +listMapKey=type
	// +kubebuilder:validation:MaxItems=8
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// ObservedGeneration is the metadata.generation the conditions describe.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// Duration is a Go duration string such as "5s", "1m30s" or "500ms". It is
// kept as written; the translator converts it.
// +kubebuilder:validation:Pattern=`^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`
// +kubebuilder:validation:MaxLength=32
type Duration string

// UpstreamTimeout sets the connect, send and read timeouts towards a backend.
type UpstreamTimeout struct {
	// +optional
	Connect Duration `json:"connect,omitempty"`
	// +optional
	Send Duration `json:"send,omitempty"`
	// +optional
	Read Duration `json:"read,omitempty"`
}

// ApisixRoutePlugin is one APISIX plugin with its configuration.
type ApisixRoutePlugin struct {
	// Name is the APISIX plugin name, e.g. limit-count.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[a-z0-9][a-z0-9-]*$`
	Name string `json:"name"`
	// Enable turns the plugin on; it defaults to true.
	// +kubebuilder:default=true
	// +optional
	Enable *bool `json:"enable,omitempty"`
	// Config is the plugin's configuration, checked against the plugin's
	// schema at admission.
	// +optional
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Config *apiextensionsv1.JSON `json:"config,omitempty"`
	// SecretRef names a Secret in the same namespace whose keys are merged
	// into Config (for credentials that must not sit in the object).
	// +optional
	// +kubebuilder:validation:MaxLength=253
	SecretRef string `json:"secretRef,omitempty"`
}

// ApisixSecret references a Secret by name and namespace.
type ApisixSecret struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=63
	Namespace string `json:"namespace"`
}

// LocalSecretReference names a Secret in the object's own namespace.
type LocalSecretReference struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
}

// IsEnabled reports whether the plugin is on (Enable unset means on).
func (p *ApisixRoutePlugin) IsEnabled() bool {
	if p.Enable == nil {
		return DefaultPluginEnable
	}
	return *p.Enable
}
