package translator

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// upstreamSettings applies the Ingress's upstream annotations: scheme
// (backend-protocol, else the Service port's appProtocol), load balancing,
// consistent hashing, cookie affinity and retries.
func (b *ingressBuilder) upstreamSettings(up *apisix.Upstream, res resolved) {
	cfg := b.p.cfg
	up.Scheme = res.scheme
	if cfg.Upstream.Scheme != "" {
		up.Scheme = cfg.Upstream.Scheme
	}
	if cfg.Upstream.LoadBalance != "" {
		up.Type = cfg.Upstream.LoadBalance
	}
	switch {
	case cfg.Affinity.Enabled:
		up.Type = apisix.UpstreamCHash
		up.HashOn = "cookie"
		up.Key = cfg.Affinity.CookieName
	case cfg.Upstream.HashBy != nil:
		up.Type = apisix.UpstreamCHash
		up.HashOn = cfg.Upstream.HashBy.On
		up.Key = cfg.Upstream.HashBy.Key
	}
	if r := cfg.Retry.Retries; r != nil {
		up.Retries = apisix.Ptr(*r)
	}
	if to := cfg.Retry.Timeout; to != nil && *to > 0 {
		up.RetryTimeout = apisix.Ptr(float64(*to))
	}
	if res.externalName != "" && cfg.Upstream.Host == "" {
		// An ExternalName Service usually serves its own name, not the
		// client's Host; ingress-nginx passes the client's Host, so keep
		// that and say so.
		b.e.info(nil, "ExternalName Service "+res.externalName+": the client's Host header is passed upstream; set upstream-vhost to send another")
	}
	b.upstreamTLS(up)
	if up.Type == "" {
		up.Type = apisix.UpstreamRoundRobin
	}
}

// extraRoutes adds the routes some annotations create besides the paths:
// app-root (an exact "/" that redirects with 302) and from-to-www-redirect.
func (b *ingressBuilder) extraRoutes() {
	b.fromToWWW()
	root := b.p.cfg.Redirect.AppRoot
	if root == "" {
		return
	}
	for _, h := range b.hosts {
		r := b.newRoute(h, "app-root", "/")
		r.URI = "/"
		r.Priority = pathPriority("/", true) + 1
		if hv := hostRegex(r.Hosts); hv != nil {
			r.Vars = []any{hv}
		}
		// ingress-nginx answers with an absolute URL on the host the client asked for.
		setPlugin(&r.Plugins, "redirect", &apisix.Redirect{URI: "$scheme://$http_host" + root, RetCode: apisix.Ptr(302)})
		b.e.add(r)
	}
}

// fromToWWW redirects www.<host> to <host> (or <host> to www.<host> when the
// rule's host is the www one) with 308, keeping scheme, path and query, as
// ingress-nginx does. A host some Ingress already serves is left alone.
func (b *ingressBuilder) fromToWWW() {
	if !b.p.cfg.Redirect.FromToWWW {
		return
	}
	for _, h := range b.hosts {
		if h == "" || strings.HasPrefix(h, "*") {
			continue
		}
		other := "www." + h
		if strings.HasPrefix(h, "www.") {
			other = strings.TrimPrefix(h, "www.")
		}
		if b.hostServed(other) {
			b.e.warn(nil, fmt.Sprintf("from-to-www-redirect: host %q is served by an Ingress, so it is not redirected", other))
			continue
		}
		r := b.newRoute(other, "from-to-www", "/")
		r.Hosts = []string{other}
		r.URI = "/*"
		r.Priority = -2
		setPlugin(&r.Plugins, "redirect", &apisix.Redirect{URI: "$scheme://" + h + "$request_uri", RetCode: apisix.Ptr(308)})
		b.e.add(r)
	}
}

func (b *ingressBuilder) hostServed(host string) bool {
	if b.st.hostOwner(host) != nil {
		return true
	}
	for _, h := range b.hosts {
		if h == host {
			return true
		}
	}
	return false
}

// sslPassthrough turns the Ingress into stream routes by SNI: APISIX's stream
// proxy passes the TLS connection to the backend without terminating it.
// HTTP annotations do not apply (as in ingress-nginx). The stream port is
// Options.SSLPassthroughPort, which APISIX's stream_proxy must listen on.
func (b *ingressBuilder) sslPassthrough() {
	ing := b.p.ing
	for i, rule := range ing.Spec.Rules {
		if rule.HTTP == nil || len(rule.HTTP.Paths) == 0 {
			continue
		}
		if rule.Host == "" || strings.HasPrefix(rule.Host, "*") {
			b.e.err(field.Invalid(field.NewPath("spec", "rules").Index(i).Child("host"), rule.Host,
				"ssl-passthrough routes by SNI and needs an exact host"))
			continue
		}
		up := b.backendUpstream(&rule.HTTP.Paths[0].Backend, ingressPathField(i, 0).child("backend"))
		if up == nil {
			continue
		}
		b.e.add(&apisix.StreamRoute{
			ID:         makeID(tagIngress, "sr", ing.Namespace, ing.Name, rule.Host),
			Labels:     b.e.labels,
			SNI:        rule.Host,
			ServerPort: b.t.opts.sslPassthroughPort(),
			UpstreamID: up.ID,
		})
	}
}
