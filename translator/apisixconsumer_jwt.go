package translator

import (
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// jwtAlgorithms are the algorithms of APISIX's jwt-auth consumer schema.
func jwtAlgorithms() []string {
	return []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"}
}

// jwtAuth reads a jwt-auth credential. private_key is accepted for
// compatibility but not used: APISIX 3 only verifies tokens.
func (c *credentialReader) jwtAuth(a *apiv2.ApisixConsumerJwtAuth, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	var v apiv2.ApisixConsumerJwtAuthValue
	vp := fp.Child("value")
	if data == nil {
		v = *a.Value
	} else {
		vp = fp.Child("secretRef", "name")
		if v.Key, ok = c.need(data, a.SecretRef, "key", fp); !ok {
			return nil, false
		}
		v.Secret, v.PublicKey, v.PrivateKey = string(data["secret"]), string(data["public_key"]), string(data["private_key"])
		v.Algorithm = string(data["algorithm"])
		v.Base64Secret = string(data["base64_secret"]) == "true"
		var ok1, ok2 bool
		v.Exp, ok1 = c.secretInt(data, a.SecretRef, "exp", fp)
		v.LifetimeGracePeriod, ok2 = c.secretInt(data, a.SecretRef, "lifetime_grace_period", fp)
		if !ok1 || !ok2 {
			return nil, false
		}
	}
	if v.Key == "" {
		c.e.err(field.Required(vp.Child("key"), "the key that identifies the consumer in tokens is required"))
		return nil, false
	}
	if v.Algorithm != "" && !slices.Contains(jwtAlgorithms(), v.Algorithm) {
		c.e.err(field.NotSupported(vp.Child("algorithm"), v.Algorithm, jwtAlgorithms()))
		return nil, false
	}
	if v.Algorithm != "" && !strings.HasPrefix(v.Algorithm, "HS") && v.PublicKey == "" {
		c.e.err(field.Required(vp.Child("public_key"), v.Algorithm+" tokens are verified with a public key"))
		return nil, false
	}
	if v.PrivateKey != "" {
		c.e.warn(vp.Child("private_key"), "not used: APISIX 3 verifies tokens and does not sign them")
	}
	out := &apisix.JWTAuthConsumer{Key: v.Key, Secret: v.Secret, Algorithm: v.Algorithm, PublicKey: v.PublicKey, Base64Secret: v.Base64Secret}
	if v.Exp > 0 {
		out.Exp = apisix.Ptr(int(v.Exp))
	}
	if v.LifetimeGracePeriod > 0 {
		out.LifetimeGracePeriod = apisix.Ptr(int(v.LifetimeGracePeriod))
	}
	return out, true
}

// hmacAuth reads an hmac-auth credential: key_id (access_key in older
// manifests) and secret_key. The other fields moved to the route's
// hmac-auth plugin in APISIX 3; they are ignored with a warning.
func (c *credentialReader) hmacAuth(a *apiv2.ApisixConsumerHMACAuth, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	if data != nil {
		id := string(data["key_id"])
		if id == "" {
			id = string(data["access_key"])
		}
		if id == "" {
			c.e.err(field.Invalid(fp.Child("secretRef", "name"), a.SecretRef.Name, "Secret "+c.ns+"/"+a.SecretRef.Name+` has no "key_id" key`))
			return nil, false
		}
		sk, ok := c.need(data, a.SecretRef, "secret_key", fp)
		return &apisix.HMACAuthConsumer{KeyID: id, SecretKey: sk}, ok
	}
	v := a.Value
	vp := fp.Child("value")
	id := v.KeyID
	if id == "" {
		id = v.AccessKey
	}
	if id == "" || v.SecretKey == "" {
		c.e.err(field.Required(vp.Child("key_id"), "key_id and secret_key are required"))
		return nil, false
	}
	if v.Algorithm != "" || v.ClockSkew != 0 || len(v.SignedHeaders) > 0 || v.KeepHeaders || v.EncodeURIParams || v.ValidateRequestBody || v.MaxReqBody != 0 {
		c.e.warn(vp, "algorithm, clock_skew, signed_headers, keep_headers, encode_uri_params, validate_request_body and max_req_body are not consumer settings in APISIX 3 (configure them on the route's hmac-auth plugin); they are ignored")
	}
	return &apisix.HMACAuthConsumer{KeyID: id, SecretKey: v.SecretKey}, true
}
