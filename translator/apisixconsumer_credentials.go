package translator

import (
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// credentialReader reads an ApisixConsumer's credentials, inline or from a
// Secret of its namespace whose keys are named as the inline fields
// (key; username and password; key, secret, public_key, algorithm, exp,
// base64_secret, lifetime_grace_period; key_id (or access_key) and
// secret_key; user_dn; server, appid, header_prefix).
type credentialReader struct {
	t  *translation
	e  *emitter
	ns string
}

// source checks that exactly one of value and secretRef is set and reads
// the Secret. data is nil for an inline value; ok is false when there is
// nothing to emit (an error, or Secret contents not read in admission).
func (c *credentialReader) source(hasValue bool, ref *apiv2.LocalSecretReference, fp *field.Path) (data map[string][]byte, ok bool) {
	switch {
	case hasValue && ref != nil:
		c.e.err(field.Invalid(fp, "value and secretRef", "exactly one of value or secretRef must be set"))
		return nil, false
	case hasValue:
		return nil, true
	case ref == nil:
		c.e.err(field.Required(fp.Child("value"), "one of value or secretRef is required"))
		return nil, false
	}
	sec, found := c.t.secret(c.ns, ref.Name)
	if c.t.opts.SkipSecretContents {
		return nil, false
	}
	if !found {
		c.e.err(field.NotFound(fp.Child("secretRef", "name"), fmt.Sprintf("Secret %s/%s", c.ns, ref.Name)))
		return nil, false
	}
	if sec.Data == nil {
		return map[string][]byte{}, true
	}
	return sec.Data, true
}

// need returns a required Secret key, reporting its absence.
func (c *credentialReader) need(data map[string][]byte, ref *apiv2.LocalSecretReference, key string, fp *field.Path) (string, bool) {
	v := string(data[key])
	if v == "" {
		c.e.err(field.Invalid(fp.Child("secretRef", "name"), ref.Name, fmt.Sprintf("Secret %s/%s has no %q key", c.ns, ref.Name, key)))
		return "", false
	}
	return v, true
}

func (c *credentialReader) keyAuth(a *apiv2.ApisixConsumerKeyAuth, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	if data == nil {
		if a.Value.Key == "" {
			c.e.err(field.Required(fp.Child("value", "key"), "the API key is required"))
			return nil, false
		}
		return &apisix.KeyAuthConsumer{Key: a.Value.Key}, true
	}
	key, ok := c.need(data, a.SecretRef, "key", fp)
	return &apisix.KeyAuthConsumer{Key: key}, ok
}

func (c *credentialReader) basicAuth(a *apiv2.ApisixConsumerBasicAuth, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	if data == nil {
		if a.Value.Username == "" || a.Value.Password == "" {
			c.e.err(field.Required(fp.Child("value"), "username and password are required"))
			return nil, false
		}
		return &apisix.BasicAuthConsumer{Username: a.Value.Username, Password: a.Value.Password}, true
	}
	user, ok1 := c.need(data, a.SecretRef, "username", fp)
	pass, ok2 := c.need(data, a.SecretRef, "password", fp)
	return &apisix.BasicAuthConsumer{Username: user, Password: pass}, ok1 && ok2
}

func (c *credentialReader) ldapAuth(a *apiv2.ApisixConsumerLDAPAuth, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	if data == nil {
		if a.Value.UserDN == "" {
			c.e.err(field.Required(fp.Child("value", "user_dn"), "the user's DN is required"))
			return nil, false
		}
		return &apisix.LDAPAuthConsumer{UserDN: a.Value.UserDN}, true
	}
	dn, ok := c.need(data, a.SecretRef, "user_dn", fp)
	return &apisix.LDAPAuthConsumer{UserDN: dn}, ok
}

func (c *credentialReader) wolfRBAC(a *apiv2.ApisixConsumerWolfRBAC, fp *field.Path) (any, bool) {
	data, ok := c.source(a.Value != nil, a.SecretRef, fp)
	if !ok {
		return nil, false
	}
	if data == nil {
		return &apisix.WolfRBAC{Server: a.Value.Server, AppID: a.Value.Appid, HeaderPrefix: a.Value.HeaderPrefix}, true
	}
	return &apisix.WolfRBAC{Server: string(data["server"]), AppID: string(data["appid"]), HeaderPrefix: string(data["header_prefix"])}, true
}

// secretInt parses an optional integer Secret key.
func (c *credentialReader) secretInt(data map[string][]byte, ref *apiv2.LocalSecretReference, key string, fp *field.Path) (int64, bool) {
	s := string(data[key])
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		c.e.err(field.Invalid(fp.Child("secretRef", "name"), ref.Name, fmt.Sprintf("Secret %s/%s key %q must be an integer", c.ns, ref.Name, key)))
		return 0, false
	}
	return v, true
}
