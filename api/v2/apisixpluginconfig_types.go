package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ApisixPluginConfig is a reusable set of plugins that ApisixRoute rules
// reference by plugin_config_name.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=apc,categories=apisix
// +kubebuilder:printcolumn:name="Plugins",type=string,JSONPath=`.spec.plugins[*].name`
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixPluginConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ApisixPluginConfigSpec `json:"spec"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixPluginConfigList is a list of ApisixPluginConfigs.
//
// +kubebuilder:object:root=true
type ApisixPluginConfigList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixPluginConfig `json:"items"`
}

// ApisixPluginConfigSpec lists the plugins.
//
// +kubebuilder:validation:XValidation:rule="self.plugins.all(p, self.plugins.exists_one(q, q.name == p.name))",message="plugin names must be unique",fieldPath=".plugins"
type ApisixPluginConfigSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	Plugins []ApisixRoutePlugin `json:"plugins"`
}
