package translator

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// maxUsername is APISIX's limit on a consumer username.
const maxUsername = 256

// consumerUsername derives the APISIX username (pattern ^[a-zA-Z0-9_\-]+$)
// of an ApisixConsumer: "<namespace>_<name>" with each '.' of the name
// written as '_'. A namespace has neither '_' nor '.', and a name has no
// '_', so distinct objects get distinct usernames; for names without dots
// it is the username the APISIX ingress controller uses, so
// consumer-restriction lists keep working after a migration. A username over
// 256 characters is cut and ends with a hash of the full identity.
func consumerUsername(ns, name string) string {
	u := ns + "_" + strings.ReplaceAll(name, ".", "_")
	if len(u) <= maxUsername {
		return u
	}
	sum := sha256.Sum256([]byte(ns + "/" + name))
	h := hex.EncodeToString(sum[:8])
	return u[:maxUsername-len(h)-1] + "_" + h
}

// apisixConsumer translates an ApisixConsumer into an APISIX consumer whose
// authentication plugin carries its credentials (from the value, or from
// the Secret named by secretRef). No consumer is emitted while credentials
// cannot be read: a consumer without them would either be refused by APISIX
// or authenticate nobody.
func (t *translation) apisixConsumer(o *apiv2.ApisixConsumer) {
	ref := ObjectRef{Kind: kindApisixConsumer, Namespace: o.Namespace, Name: o.Name}
	e := t.newEmitter(ref, o.Generation)
	defer t.commit(e)
	c := credentialReader{t: t, e: e, ns: o.Namespace}
	name, conf, ok := c.credentials(&o.Spec.AuthParameter, field.NewPath("spec", "authParameter"))
	if !ok {
		return
	}
	cons := &apisix.Consumer{Username: consumerUsername(o.Namespace, o.Name), Labels: e.labels}
	setPlugin(&cons.Plugins, name, conf)
	e.add(cons)
}

// credentials returns the authentication plugin and its consumer config.
func (c *credentialReader) credentials(a *apiv2.ApisixConsumerAuthParameter, fp *field.Path) (string, any, bool) {
	set := 0
	for _, on := range []bool{a.BasicAuth != nil, a.KeyAuth != nil, a.WolfRBAC != nil, a.JwtAuth != nil, a.HMACAuth != nil, a.LDAPAuth != nil} {
		if on {
			set++
		}
	}
	if set != 1 {
		c.e.err(field.Invalid(fp, set, "exactly one of basicAuth, keyAuth, wolfRBAC, jwtAuth, hmacAuth or ldapAuth must be set"))
		return "", nil, false
	}
	switch {
	case a.KeyAuth != nil:
		conf, ok := c.keyAuth(a.KeyAuth, fp.Child("keyAuth"))
		return "key-auth", conf, ok
	case a.BasicAuth != nil:
		conf, ok := c.basicAuth(a.BasicAuth, fp.Child("basicAuth"))
		return "basic-auth", conf, ok
	case a.JwtAuth != nil:
		conf, ok := c.jwtAuth(a.JwtAuth, fp.Child("jwtAuth"))
		return "jwt-auth", conf, ok
	case a.HMACAuth != nil:
		conf, ok := c.hmacAuth(a.HMACAuth, fp.Child("hmacAuth"))
		return "hmac-auth", conf, ok
	case a.LDAPAuth != nil:
		conf, ok := c.ldapAuth(a.LDAPAuth, fp.Child("ldapAuth"))
		return "ldap-auth", conf, ok
	default:
		conf, ok := c.wolfRBAC(a.WolfRBAC, fp.Child("wolfRBAC"))
		return "wolf-rbac", conf, ok
	}
}
