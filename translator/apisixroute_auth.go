package translator

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// authentication adds the authentication plugin of an HTTP rule, which
// admits only requests of a consumer (ApisixConsumer) with credentials of
// that type. A plugin of the same name in the rule's plugins[] is kept as
// configured there.
func (b *routeBuilder) authentication(r *apisix.Route, a *apiv2.ApisixRouteAuthentication, rule *field.Path) {
	if a == nil || !a.Enable {
		return
	}
	fp := rule.Child("authentication")
	var name string
	var conf any
	switch a.Type {
	case apiv2.AuthKey:
		c := &apisix.KeyAuth{}
		if a.KeyAuth != nil {
			c.Header = a.KeyAuth.Header
		}
		name, conf = "key-auth", c
	case apiv2.AuthBasic:
		name, conf = "basic-auth", &apisix.BasicAuth{}
	case apiv2.AuthJwt:
		c := &apisix.JWTAuth{}
		if j := a.JwtAuth; j != nil {
			c.Header, c.Query, c.Cookie = j.Header, j.Query, j.Cookie
		}
		name, conf = "jwt-auth", c
	case apiv2.AuthHMAC:
		name, conf = "hmac-auth", &apisix.HMACAuth{}
	case apiv2.AuthWolfRBAC:
		name, conf = "wolf-rbac", &apisix.WolfRBAC{}
	case apiv2.AuthLDAP:
		l := a.LDAPAuth
		if l == nil || l.BaseDN == "" || l.LDAPURI == "" {
			b.e.err(field.Required(fp.Child("ldapAuth"), "ldapAuth needs base_dn and ldap_uri"))
			return
		}
		name, conf = "ldap-auth", &apisix.LDAPAuth{BaseDN: l.BaseDN, LDAPURI: l.LDAPURI, UseTLS: l.UseTLS, UID: l.UID}
	case "":
		b.e.err(field.Required(fp.Child("type"), "type is required when authentication is enabled"))
		return
	default:
		b.e.err(field.NotSupported(fp.Child("type"), a.Type, []string{apiv2.AuthBasic, apiv2.AuthKey, apiv2.AuthJwt, apiv2.AuthWolfRBAC, apiv2.AuthHMAC, apiv2.AuthLDAP}))
		return
	}
	if _, user := r.Plugins[name]; user {
		b.e.info(fp.Child("type"), name+" is also configured in plugins; that configuration is used")
		return
	}
	r.Plugins = ownPlugins(r.Plugins)
	setPlugin(&r.Plugins, name, conf)
}
