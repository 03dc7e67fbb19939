package translator

import (
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

func annPath(key string) *field.Path { return annotations.FieldPath(annotations.NginxPrefix + key) }

// routeExtras applies route-level settings that are not plugins: the
// method lists as route conditions, only where methodFilter cannot answer
// 405 because the route's fault-injection is taken by auth-tls-match-cn
// (one plugin holds one abort): refused methods then get 404, never 200.
func (b *ingressBuilder) routeExtras(r *apisix.Route, matchCN bool) {
	a := b.p.cfg.Access
	if !matchCN || (len(a.AllowMethods) == 0 && len(a.BlockMethods) == 0) {
		return
	}
	if len(a.AllowMethods) > 0 {
		r.Methods = a.AllowMethods
		return
	}
	r.Vars = append(append([]any(nil), r.Vars...), []any{"request_method", "!", "in", a.BlockMethods})
}

// methodFilter answers 405 to the methods that
// k8s.apisix.apache.org/http-allow-methods leaves out or http-block-methods
// lists (the allow list wins), as the APISIX ingress controller does: the
// route still matches every method, so a refused method is told 405 (with
// Allow), not 404. nil when neither is set.
func methodFilter(a annotations.Access) *apisix.FaultInjection {
	var cond []any
	var allow map[string]apisix.HeaderValue
	switch {
	case len(a.AllowMethods) > 0:
		cond = []any{"request_method", "!", "in", a.AllowMethods}
		allow = map[string]apisix.HeaderValue{"Allow": apisix.HeaderValue(strings.Join(a.AllowMethods, ", "))}
	case len(a.BlockMethods) > 0:
		cond = []any{"request_method", "in", a.BlockMethods}
	default:
		return nil
	}
	return &apisix.FaultInjection{Abort: &apisix.FaultAbort{
		HTTPStatus: apisix.Ptr(405), Headers: allow, Vars: [][]any{{cond}},
	}}
}

// clientCertOn: auth-tls-secret is set and verification is not off.
func (b *ingressBuilder) clientCertOn() bool {
	cc := b.p.cfg.ClientCert
	return cc.CASecret != nil && cc.VerifyClient != "off"
}

// clientCA applies auth-tls-* to the Ingress's ssl objects: APISIX verifies
// client certificates per SNI, as ingress-nginx does per host.
func (b *ingressBuilder) clientCA(ssl *apisix.SSL) {
	if !b.clientCertOn() {
		return
	}
	cc := b.p.cfg.ClientCert
	ns := cc.CASecret.Namespace
	if ns == "" {
		ns = b.p.ing.Namespace
	}
	fp := annPath("auth-tls-secret")
	sec, ok := b.t.secret(ns, cc.CASecret.Name)
	if !ok {
		if !b.t.opts.SkipSecretContents {
			b.e.err(field.NotFound(fp, fmt.Sprintf("Secret %s/%s", ns, cc.CASecret.Name)))
		}
		return
	}
	if b.t.opts.SkipSecretContents {
		return
	}
	ca := sec.Data["ca.crt"]
	if len(ca) == 0 {
		b.e.err(field.Invalid(fp, cc.CASecret.Name, fmt.Sprintf("Secret %s/%s must hold the client CA under ca.crt", ns, cc.CASecret.Name)))
		return
	}
	ssl.Client = &apisix.SSLClient{CA: string(ca), Depth: cc.VerifyDepth}
}

// upstreamTLS applies proxy-ssl-secret (the client certificate APISIX shows
// the backend) and proxy-ssl-name.
func (b *ingressBuilder) upstreamTLS(up *apisix.Upstream) {
	u := b.p.cfg.Upstream
	if u.ClientCertSecret != nil {
		ns := u.ClientCertSecret.Namespace
		if ns == "" {
			ns = b.p.ing.Namespace
		}
		cert, key, ferr := b.t.tlsPair(ns, u.ClientCertSecret.Name, annPath("proxy-ssl-secret"))
		b.e.err(ferr)
		if cert != "" {
			up.TLS = &apisix.UpstreamTLS{ClientCert: cert, ClientKey: key}
		}
	}
	if u.SSLName != "" && u.Host == "" {
		up.PassHost = apisix.PassHostRewrite
		up.UpstreamHost = u.SSLName
	}
}

// configMapData returns a ConfigMap's data, or reports it missing.
func (b *ingressBuilder) configMapData(ref *annotations.ObjectRef, key string) (map[string]string, bool) {
	ns := ref.Namespace
	if ns == "" {
		ns = b.p.ing.Namespace
	}
	cm, ok := b.t.configMap(ns, ref.Name)
	if !ok {
		// Admission reads no referenced data (SkipSecretContents), so an
		// absent ConfigMap there says nothing.
		if !b.t.opts.SkipSecretContents {
			b.e.err(field.NotFound(annPath(key), fmt.Sprintf("ConfigMap %s/%s", ns, ref.Name)))
		}
		return nil, false
	}
	return cm.Data, true
}

// headerMap returns a ConfigMap's data as header values, rejecting
// nginx variables (a static header cannot evaluate them).
func (b *ingressBuilder) headerMap(data map[string]string, key string) map[string]apisix.HeaderValue {
	out := make(map[string]apisix.HeaderValue, len(data))
	names := make([]string, 0, len(data))
	for k := range data {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := data[k]
		if strings.ContainsAny(v, "$\r\n") {
			b.e.err(field.Invalid(annPath(key), k, fmt.Sprintf("header %s: values must be static text without $variables or line breaks", k)))
			continue
		}
		out[k] = apisix.HeaderValue(v)
	}
	return out
}
