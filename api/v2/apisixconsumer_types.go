package v2

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ApisixConsumer is an API consumer with one set of credentials.
//
// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=ac,categories=apisix
// +kubebuilder:printcolumn:name="Accepted",type=string,JSONPath=`.status.conditions[?(@.type=="Accepted")].status`
// +kubebuilder:printcolumn:name="Synced",type=string,JSONPath=`.status.conditions[?(@.type=="Synced")].status`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`
type ApisixConsumer struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec ApisixConsumerSpec `json:"spec"`
	// +optional
	Status ApisixStatus `json:"status,omitempty"`
}

// ApisixConsumerList is a list of ApisixConsumers.
//
// +kubebuilder:object:root=true
type ApisixConsumerList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []ApisixConsumer `json:"items"`
}

// ApisixConsumerSpec holds the consumer's credentials.
type ApisixConsumerSpec struct {
	// IngressClassName selects the controller that serves this object.
	// +optional
	// +kubebuilder:validation:MaxLength=253
	IngressClassName string `json:"ingressClassName,omitempty"`
	// AuthParameter sets exactly one authentication method.
	AuthParameter ApisixConsumerAuthParameter `json:"authParameter"`
}

// ApisixConsumerAuthParameter holds exactly one of the authentication methods.
//
// +kubebuilder:validation:XValidation:rule="[has(self.basicAuth), has(self.keyAuth), has(self.wolfRBAC), has(self.jwtAuth), has(self.hmacAuth), has(self.ldapAuth)].filter(x, x).size() == 1",message="exactly one of basicAuth, keyAuth, wolfRBAC, jwtAuth, hmacAuth or ldapAuth must be set"
type ApisixConsumerAuthParameter struct {
	// +optional
	BasicAuth *ApisixConsumerBasicAuth `json:"basicAuth,omitempty"`
	// +optional
	KeyAuth *ApisixConsumerKeyAuth `json:"keyAuth,omitempty"`
	// +optional
	WolfRBAC *ApisixConsumerWolfRBAC `json:"wolfRBAC,omitempty"`
	// +optional
	JwtAuth *ApisixConsumerJwtAuth `json:"jwtAuth,omitempty"`
	// +optional
	HMACAuth *ApisixConsumerHMACAuth `json:"hmacAuth,omitempty"`
	// +optional
	LDAPAuth *ApisixConsumerLDAPAuth `json:"ldapAuth,omitempty"`
}

// ApisixConsumerBasicAuth is a username and password, inline or from a Secret
// with the keys username and password.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerBasicAuth struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerBasicAuthValue `json:"value,omitempty"`
}

// ApisixConsumerBasicAuthValue is an inline username and password.
type ApisixConsumerBasicAuthValue struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	Username string `json:"username"`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	Password string `json:"password"`
}

// ApisixConsumerKeyAuth is an API key, inline or from a Secret with the key key.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerKeyAuth struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerKeyAuthValue `json:"value,omitempty"`
}

// ApisixConsumerKeyAuthValue is an inline API key.
type ApisixConsumerKeyAuthValue struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	Key string `json:"key"`
}

// ApisixConsumerWolfRBAC configures wolf-rbac, inline or from a Secret.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerWolfRBAC struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerWolfRBACValue `json:"value,omitempty"`
}

// ApisixConsumerWolfRBACValue is an inline wolf-rbac configuration.
type ApisixConsumerWolfRBACValue struct {
	// +optional
	// +kubebuilder:validation:MaxLength=1024
	Server string `json:"server,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	Appid string `json:"appid,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	HeaderPrefix string `json:"header_prefix,omitempty"`
}

// ApisixConsumerJwtAuth is a JWT credential, inline or from a Secret.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerJwtAuth struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerJwtAuthValue `json:"value,omitempty"`
}

// ApisixConsumerJwtAuthValue is an inline JWT credential.
//
// +kubebuilder:validation:XValidation:rule="!has(self.algorithm) || !self.algorithm.startsWith('HS') || has(self.secret)",message="secret is required for HS algorithms",fieldPath=".secret"
// +kubebuilder:validation:XValidation:rule="!has(self.algorithm) || self.algorithm.startsWith('HS') || has(self.public_key)",message="public_key is required for RS and ES algorithms",fieldPath=".public_key"
type ApisixConsumerJwtAuthValue struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	Key string `json:"key"`
	// +optional
	// +kubebuilder:validation:MaxLength=4096
	Secret string `json:"secret,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=16384
	PublicKey string `json:"public_key,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxLength=16384
	PrivateKey string `json:"private_key,omitempty"`
	// +optional
	// +kubebuilder:validation:Enum=HS256;HS384;HS512;RS256;RS384;RS512;ES256;ES384;ES512;PS256;PS384;PS512;EdDSA
	Algorithm string `json:"algorithm,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=1
	Exp int64 `json:"exp,omitempty"`
	// +optional
	Base64Secret bool `json:"base64_secret,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=0
	LifetimeGracePeriod int64 `json:"lifetime_grace_period,omitempty"`
}

// ApisixConsumerHMACAuth is an HMAC credential, inline or from a Secret.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerHMACAuth struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerHMACAuthValue `json:"value,omitempty"`
}

// ApisixConsumerHMACAuthValue is an inline HMAC credential. The fields after
// secret_key are accepted for compatibility; APISIX 3.x reads them from the
// route's plugin configuration, and the translator warns when they are set.
//
// +kubebuilder:validation:XValidation:rule="has(self.key_id) || has(self.access_key)",message="key_id is required",fieldPath=".key_id"
type ApisixConsumerHMACAuthValue struct {
	// +optional
	// +kubebuilder:validation:MaxLength=256
	KeyID string `json:"key_id,omitempty"`
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	SecretKey string `json:"secret_key"`
	// +optional
	// +kubebuilder:validation:MaxLength=256
	AccessKey string `json:"access_key,omitempty"`
	// +optional
	// +kubebuilder:validation:Enum=hmac-sha1;hmac-sha256;hmac-sha512
	Algorithm string `json:"algorithm,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=0
	ClockSkew int64 `json:"clock_skew,omitempty"`
	// +optional
	// +kubebuilder:validation:MaxItems=32
	SignedHeaders []string `json:"signed_headers,omitempty"`
	// +optional
	KeepHeaders bool `json:"keep_headers,omitempty"`
	// +optional
	EncodeURIParams bool `json:"encode_uri_params,omitempty"`
	// +optional
	ValidateRequestBody bool `json:"validate_request_body,omitempty"`
	// +optional
	// +kubebuilder:validation:Minimum=0
	MaxReqBody int64 `json:"max_req_body,omitempty"`
}

// ApisixConsumerLDAPAuth is an LDAP user DN, inline or from a Secret.
//
// +kubebuilder:validation:XValidation:rule="has(self.value) != has(self.secretRef)",message="exactly one of value or secretRef must be set"
type ApisixConsumerLDAPAuth struct {
	// +optional
	SecretRef *LocalSecretReference `json:"secretRef,omitempty"`
	// +optional
	Value *ApisixConsumerLDAPAuthValue `json:"value,omitempty"`
}

// ApisixConsumerLDAPAuthValue is an inline LDAP user DN.
type ApisixConsumerLDAPAuthValue struct {
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	UserDN string `json:"user_dn"`
}
