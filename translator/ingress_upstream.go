package translator

import (
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
	if up.Type == "" {
		up.Type = apisix.UpstreamRoundRobin
	}
}

// extraRoutes adds the routes some annotations create besides the paths:
// app-root (an exact "/" that redirects with 302).
func (b *ingressBuilder) extraRoutes() {
	root := b.p.cfg.Redirect.AppRoot
	if root == "" {
		return
	}
	for _, h := range b.hosts {
		r := b.newRoute(h, "app-root", "/")
		r.URI = "/"
		r.Priority = pathPriority("/", true) + 1
		setPlugin(&r.Plugins, "redirect", &apisix.Redirect{URI: root, RetCode: apisix.Ptr(302)})
		b.e.add(r)
	}
}
