package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ApisixGlobalRule runs plugins on every request APISIX serves.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=agr,categories=apisix
// +kubebuilder:printcolumn:name="Plugins",type=string,JSONPath=`.spec.plugins[*].name`
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixGlobalRule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ApisixGlobalRuleSpec `json:"spec"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixGlobalRuleList is a list of ApisixGlobalRules.
//
// +kubebuilder:object:root=true
type ApisixGlobalRuleList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixGlobalRule `json:"items"`
}

// ApisixGlobalRuleSpec lists the plugins.
//
// +kubebuilder:validation:XValidation:rule="self.plugins.all(p, self.plugins.exists_one(q, q.name == p.name))",message="plugin names must be unique",fieldPath=".plugins"
type ApisixGlobalRuleSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=64
	Plugins []ApisixRoutePlugin `json:"plugins"`
}
