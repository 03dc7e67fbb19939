package translator

import (
	"fmt"
	"reflect"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// clientCertHeaders sets the request headers ingress-nginx sends upstream
// on every host with auth-tls-secret, whatever the client sent: the
// verification result (SUCCESS, NONE, FAILED:<reason>), the subject and
// issuer DNs (RFC 2253), and with auth-tls-pass-certificate-to-upstream
// the URL-escaped PEM certificate. They are the same nginx variables in
// APISIX, so a client cannot forge them.
func clientCertHeaders(set map[string]apisix.HeaderValue, passCert bool) {
	set["ssl-client-verify"] = "$ssl_client_verify"
	set["ssl-client-subject-dn"] = "$ssl_client_s_dn"
	set["ssl-client-issuer-dn"] = "$ssl_client_i_dn"
	if passCert {
		set["ssl-client-cert"] = "$ssl_client_escaped_cert"
	}
}

// matchCN answers 403 "client certificate unauthorized", as ingress-nginx
// does, to requests whose client certificate subject DN does not match
// auth-tls-match-cn (a PCRE, as in nginx), or that have none. It refuses on
// the route itself: a route condition would let the request fall through
// to another route of the host, or answer 404.
func matchCN(pattern string) *apisix.FaultInjection {
	return &apisix.FaultInjection{Abort: &apisix.FaultAbort{
		HTTPStatus: apisix.Ptr(403),
		Body:       "client certificate unauthorized",
		Vars:       [][]any{{[]any{"ssl_client_s_dn", "!", "~~", pattern}}},
	}}
}

// hostClientCertNotice warns when this Ingress sets auth-tls-* for a host
// whose settings come from an older Ingress (ingress-nginx, too, takes them
// from the first Ingress of the server).
func (b *ingressBuilder) hostClientCertNotice() {
	own := &b.p.cfg.ClientCert
	if own.CASecret == nil {
		return
	}
	for _, r := range b.p.ing.Spec.Rules {
		if cc := b.st.clientCerts[r.Host]; cc != nil && cc != own && !reflect.DeepEqual(*cc, *own) {
			b.e.warn(annPath("auth-tls-secret"), fmt.Sprintf("host %q takes its auth-tls-* settings from an older Ingress of the host; these are not used", r.Host))
		}
	}
}
