package apisix

// BasicAuth is the route-level config of basic-auth.
type BasicAuth struct {
	HideCredentials   bool   `json:"hide_credentials,omitempty"`
	Realm             string `json:"realm,omitempty" validate:"omitempty,max=128,pat_realm"`
	AnonymousConsumer string `json:"anonymous_consumer,omitempty"`
}

// BasicAuthConsumer is basic-auth's consumer config.
type BasicAuthConsumer struct {
	Username string `json:"username" validate:"required"`
	Password string `json:"password" validate:"required"`
}

// KeyAuth is the route-level config of key-auth.
type KeyAuth struct {
	Header            string `json:"header,omitempty"`
	Query             string `json:"query,omitempty"`
	HideCredentials   bool   `json:"hide_credentials,omitempty"`
	Realm             string `json:"realm,omitempty" validate:"omitempty,max=128,pat_realm"`
	AnonymousConsumer string `json:"anonymous_consumer,omitempty"`
}

// KeyAuthConsumer is key-auth's consumer config.
type KeyAuthConsumer struct {
	Key string `json:"key" validate:"required"`
}

// JWTAuth is the route-level config of jwt-auth.
type JWTAuth struct {
	Header            string   `json:"header,omitempty"`
	Query             string   `json:"query,omitempty"`
	Cookie            string   `json:"cookie,omitempty"`
	HideCredentials   bool     `json:"hide_credentials,omitempty"`
	KeyClaimName      string   `json:"key_claim_name,omitempty"`
	StoreInCtx        bool     `json:"store_in_ctx,omitempty"`
	AnonymousConsumer string   `json:"anonymous_consumer,omitempty"`
	Realm             string   `json:"realm,omitempty" validate:"omitempty,max=128,pat_realm"`
	ClaimsToVerify    []string `json:"claims_to_verify,omitempty" validate:"omitempty,unique,dive,oneof=exp nbf"`
}

// JWTAuthConsumer is jwt-auth's consumer config. Asymmetric algorithms
// need PublicKey; HS* algorithms use Secret.
type JWTAuthConsumer struct {
	Key                 string `json:"key" validate:"required"`
	Secret              string `json:"secret,omitempty"`
	Algorithm           string `json:"algorithm,omitempty" validate:"omitempty,oneof=HS256 HS384 HS512 RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 EdDSA"`
	PublicKey           string `json:"public_key,omitempty"`
	Exp                 *int   `json:"exp,omitempty" validate:"omitempty,min=1"`
	Base64Secret        bool   `json:"base64_secret,omitempty"`
	LifetimeGracePeriod *int   `json:"lifetime_grace_period,omitempty" validate:"omitempty,min=0"`
}

func (c *JWTAuthConsumer) extraCheck() string {
	switch c.Algorithm {
	case "", "HS256", "HS384", "HS512":
		return ""
	}
	if c.PublicKey == "" {
		return `failed to validate dependent schema for "algorithm": value should match only one schema, but matches none`
	}
	return ""
}

// HMACAuth is the route-level config of hmac-auth.
type HMACAuth struct {
	AllowedAlgorithms   []string `json:"allowed_algorithms,omitempty" validate:"omitempty,min=1,dive,oneof=hmac-sha1 hmac-sha256 hmac-sha512"`
	ClockSkew           *int     `json:"clock_skew,omitempty" validate:"omitempty,min=1"`
	SignedHeaders       []string `json:"signed_headers,omitempty" validate:"omitempty,dive,min=1,max=50"`
	ValidateRequestBody bool     `json:"validate_request_body,omitempty"`
	MaxReqBodySize      *int     `json:"max_req_body_size,omitempty" validate:"omitempty,min=1"`
	HideCredentials     bool     `json:"hide_credentials,omitempty"`
	AnonymousConsumer   string   `json:"anonymous_consumer,omitempty"`
	Realm               string   `json:"realm,omitempty" validate:"omitempty,max=128,pat_realm"`
}

// HMACAuthConsumer is hmac-auth's consumer config.
type HMACAuthConsumer struct {
	KeyID     string `json:"key_id" validate:"required,max=256"`
	SecretKey string `json:"secret_key" validate:"required,max=256"`
}

// LDAPAuth is the route-level config of ldap-auth.
type LDAPAuth struct {
	BaseDN          string `json:"base_dn" validate:"required"`
	LDAPURI         string `json:"ldap_uri" validate:"required"`
	UseTLS          bool   `json:"use_tls,omitempty"`
	TLSVerify       bool   `json:"tls_verify,omitempty"`
	UID             string `json:"uid,omitempty"`
	HideCredentials bool   `json:"hide_credentials,omitempty"`
	Realm           string `json:"realm,omitempty" validate:"omitempty,max=128,pat_realm"`
}

// LDAPAuthConsumer is ldap-auth's consumer config.
type LDAPAuthConsumer struct {
	UserDN string `json:"user_dn" validate:"required"`
}

// WolfRBAC is the config of wolf-rbac (routes and consumers alike).
type WolfRBAC struct {
	Server       string `json:"server,omitempty"`
	AppID        string `json:"appid,omitempty"`
	HeaderPrefix string `json:"header_prefix,omitempty"`
	SSLVerify    *bool  `json:"ssl_verify,omitempty"`
}
