package translator

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// timeout makes ingress-nginx's timeouts explicit (5 s connect, 60 s send
// and read, where APISIX defaults to 60/60/60), overridden by annotations.
// It depends on the annotations alone, so Ingresses with the same
// annotations share one.
func (b *ingressBuilder) timeout() *apisix.Timeout { return b.p.shared.timeout }

// routeTimeout is the route timeout of cfg: ingress-nginx's defaults made
// explicit where the annotations set none.
func routeTimeout(cfg *annotations.Config) *apisix.Timeout {
	c := cfg.Timeouts
	to := &apisix.Timeout{Connect: annotations.DefaultConnectTimeout, Send: annotations.DefaultSendTimeout, Read: annotations.DefaultReadTimeout}
	if c.Connect != nil {
		to.Connect = float64(*c.Connect)
	}
	if c.Send != nil {
		to.Send = float64(*c.Send)
	}
	if c.Read != nil {
		to.Read = float64(*c.Read)
	}
	return to
}

// routePlugins adds the plugins the Ingress's annotations ask for. Those
// that depend neither on the host nor on the path are built once per Ingress
// and shared by its routes (plugin configs are immutable JSON).
func (b *ingressBuilder) routePlugins(r *apisix.Route, host, path string) {
	if b.base == nil {
		b.base = b.ingressPlugins()
	}
	b.routeExtras(r)
	cfg := b.p.cfg
	var extra apisix.Plugins
	b.redirects(&extra, host)
	if raw := b.p.shared.rewrite; raw != nil {
		if extra == nil {
			extra = apisix.Plugins{}
		}
		extra["proxy-rewrite"] = raw // immutable JSON, shared
	} else if rw := b.proxyRewrite(path); rw != nil {
		setPlugin(&extra, "proxy-rewrite", rw)
	}
	if b.base["response-rewrite"] == nil && cfg.Affinity.Enabled && !cfg.Canary.Enabled {
		setPlugin(&extra, "response-rewrite", affinityCookie(cfg.Affinity, path, b.httpsOnly(host)))
	}
	if b.pluginConfigID != "" {
		r.PluginConfigID = b.pluginConfigID
	}
	if len(extra) == 0 {
		r.Plugins = b.base // shared: emitted objects are never modified
		return
	}
	r.Plugins = make(apisix.Plugins, len(b.base)+len(extra))
	for k, v := range b.base {
		r.Plugins[k] = v
	}
	for k, v := range extra {
		r.Plugins[k] = v
	}
}

// ingressPlugins are the plugins of every route of this Ingress: those built
// from its annotations alone (shared with Ingresses that have the same
// annotations), plus those that read objects of its namespace (basic-auth
// consumers, ConfigMaps).
func (b *ingressBuilder) ingressPlugins() apisix.Plugins {
	base := b.p.shared.base
	own := apisix.Plugins(nil)
	cow := func() *apisix.Plugins { // copy on first write
		if own == nil {
			own = make(apisix.Plugins, len(base)+2)
			for k, v := range base {
				own[k] = v
			}
		}
		return &own
	}
	cfg := b.p.cfg
	if consumers, ok := b.basicAuth(); ok && consumers != nil {
		basicAuthPlugins(cow(), cfg.BasicAuth.Realm, consumers)
	}
	if ref := cfg.ExternalAuth.ProxySetHeaders; ref != nil && cfg.ExternalAuth.URL != "" {
		if data, ok := b.configMapData(ref, "auth-proxy-set-headers"); ok {
			fa := forwardAuth(cfg.ExternalAuth)
			fa.ExtraHeaders = map[string]string{}
			for k, v := range b.headerMap(data, "auth-proxy-set-headers") {
				fa.ExtraHeaders[k] = string(v)
			}
			if ra := cfg.ExternalAuth.RequestRedirect; ra != "" {
				fa.ExtraHeaders["X-Auth-Request-Redirect"] = ra
			}
			setPlugin(cow(), "forward-auth", fa)
		}
	}
	if ref := cfg.Headers.CustomHeaders; ref != nil {
		if data, ok := b.configMapData(ref, "custom-headers"); ok {
			if base["response-rewrite"] != nil {
				b.e.warn(annPath("custom-headers"), "another response-rewrite (auth-signin or enable-response-rewrite) wins; these headers are not added")
			} else if h := b.headerMap(data, "custom-headers"); len(h) > 0 {
				setPlugin(cow(), "response-rewrite", &apisix.ResponseRewrite{Headers: &apisix.ResponseHeaders{Set: h}})
			}
		}
	}
	if (cfg.ResponseRewrite.Enabled || cfg.ExternalAuth.SigninURL != "") && cfg.Affinity.Enabled {
		b.e.warn(nil, "response-rewrite is set, so the session affinity cookie is not issued; clients must set it")
	}
	if name := cfg.Route.PluginConfigName; name != "" {
		if _, ok := b.t.ix.pluginConfigs[nsName{b.p.ing.Namespace, name}]; ok {
			b.pluginConfigID = makeID(tagApisixPC, "pc", b.p.ing.Namespace, name)
		} else {
			b.e.err(field.NotFound(annotations.FieldPath(annotations.APISIXPrefix+"plugin-config-name"), fmt.Sprintf("ApisixPluginConfig %s/%s", b.p.ing.Namespace, name)))
		}
	}
	if own != nil {
		return own
	}
	return base
}

// basePlugins are the plugins that are the same on every route of the
// Ingress; they depend on its annotations alone.
func basePlugins(cfg *annotations.Config) apisix.Plugins {
	base := apisix.Plugins{}
	ps := &base
	// ingress-nginx limits request bodies to 1m unless told otherwise;
	// APISIX has no limit by default.
	size := annotations.DefaultProxyBodySize
	if cfg.Body.MaxSize != nil {
		size = *cfg.Body.MaxSize
	}
	setPlugin(ps, "client-control", &apisix.ClientControl{MaxBodySize: apisix.Ptr(int(size))})
	if cfg.CORS.Enabled {
		setPlugin(ps, "cors", corsPlugin(cfg.CORS))
	}
	if len(cfg.Access.Allow) > 0 {
		setPlugin(ps, "ip-restriction", &apisix.IPRestriction{Whitelist: cfg.Access.Allow})
	} else if len(cfg.Access.Deny) > 0 {
		setPlugin(ps, "ip-restriction", &apisix.IPRestriction{Blacklist: cfg.Access.Deny})
	}
	rateLimits(cfg.RateLimit, ps)
	if a := cfg.ExternalAuth; a.URL != "" {
		fa := forwardAuth(a)
		if a.RequestRedirect != "" {
			fa.ExtraHeaders = map[string]string{"X-Auth-Request-Redirect": a.RequestRedirect}
		}
		setPlugin(ps, "forward-auth", fa)
	}
	if cfg.Body.RequestBuffering != nil {
		setPlugin(ps, "proxy-control", map[string]bool{"request_buffering": *cfg.Body.RequestBuffering})
	}
	if cfg.Body.ProxyBuffering != nil {
		setPlugin(ps, "proxy-buffering", map[string]bool{"disable_proxy_buffering": !*cfg.Body.ProxyBuffering})
	}
	if t := cfg.Telemetry.Enabled; t != nil && *t {
		setPlugin(ps, "opentelemetry", map[string]any{"sampler": map[string]string{"name": "always_on"}})
	}
	if m := cfg.Mirror; m.Host != "" {
		setPlugin(ps, "proxy-mirror", &apisix.ProxyMirror{Host: m.Host, Path: m.Path, PathConcatMode: m.PathConcatMode})
	}
	if cfg.CSRF.Enabled {
		setPlugin(ps, "csrf", &apisix.CSRF{Key: cfg.CSRF.Key})
	}
	switch rr := cfg.ResponseRewrite; {
	case rr.Enabled:
		setPlugin(ps, "response-rewrite", responseRewrite(rr))
	case cfg.ExternalAuth.SigninURL != "" && cfg.ExternalAuth.URL != "":
		setPlugin(ps, "response-rewrite", signinRedirect(cfg.ExternalAuth))
	}
	switch cfg.Auth.Type {
	case "keyAuth":
		setPlugin(ps, "key-auth", &apisix.KeyAuth{})
	case "basicAuth":
		setPlugin(ps, "basic-auth", &apisix.BasicAuth{})
	}
	return base
}

// redirects: a redirect annotation replaces proxying; otherwise HTTP is
// redirected to HTTPS with 308, as ingress-nginx does, on hosts with TLS
// (unless ssl-redirect is "false") or everywhere with force-ssl-redirect.
func (b *ingressBuilder) redirects(ps *apisix.Plugins, host string) {
	rd := b.p.cfg.Redirect
	if rd.URL != "" {
		setPlugin(ps, "redirect", &apisix.Redirect{URI: rd.URL, RetCode: apisix.Ptr(rd.Code)})
		return
	}
	sslRedirect := b.tlsHosts[host] && (rd.SSLRedirect == nil || *rd.SSLRedirect)
	if sslRedirect || rd.ForceSSLRedirect {
		if *ps == nil {
			*ps = apisix.Plugins{}
		}
		(*ps)["redirect"] = httpsRedirect() // immutable JSON, shared
	}
}

// httpsRedirect is the redirect plugin config that sends plain HTTP
// requests to HTTPS with ingress-nginx's code, built once.
var httpsRedirect = sync.OnceValue(func() json.RawMessage {
	var tmp apisix.Plugins
	setPluginWithMeta(&tmp, "redirect",
		&apisix.Redirect{URI: "https://$host$request_uri", RetCode: apisix.Ptr(annotations.DefaultSSLRedirectCode)},
		pluginMeta{Filter: []any{[]any{"scheme", "==", "http"}}})
	return tmp["redirect"]
})

// proxyRewrite: rewrite-target replaces the whole URI, as nginx's rewrite
// does, with captures of the (case-insensitive, start-anchored) path regex;
// upstream-vhost and x-forwarded-prefix set request headers.
func (b *ingressBuilder) proxyRewrite(path string) *apisix.ProxyRewrite {
	return proxyRewriteFor(b.p.cfg, path, b.p.cfg.ClientCert.PassCertificateToUpstream && b.clientCertOn())
}

// proxyRewriteFor is proxyRewrite for cfg; passCert sends the client
// certificate upstream.
func proxyRewriteFor(cfg *annotations.Config, path string, passCert bool) *apisix.ProxyRewrite {
	if cfg.Rewrite.Regex == "" && cfg.Rewrite.Target == "" && cfg.Upstream.Host == "" && cfg.Headers.XForwardedPrefix == "" &&
		cfg.Headers.Connection == "" && !passCert {
		return nil
	}
	rw := &apisix.ProxyRewrite{Host: cfg.Upstream.Host}
	switch {
	case cfg.Rewrite.Regex != "":
		rw.RegexURI = []string{cfg.Rewrite.Regex, cfg.Rewrite.Template}
	case cfg.Rewrite.Target != "":
		if path == "" {
			path = "/"
		}
		rw.RegexURI = []string{"(?i)^" + path + ".*", cfg.Rewrite.Target}
	}
	set := map[string]apisix.HeaderValue{}
	if p := cfg.Headers.XForwardedPrefix; p != "" {
		set["X-Forwarded-Prefix"] = apisix.HeaderValue(p)
	}
	if c := cfg.Headers.Connection; c != "" {
		set["Connection"] = apisix.HeaderValue(c)
	}
	if passCert {
		set["ssl-client-cert"] = "$ssl_client_escaped_cert"
	}
	if len(set) > 0 {
		rw.Headers = &apisix.HeaderOps{Set: set}
	}
	return rw
}

// sharedProxyRewrite is the proxy-rewrite config of cfg when it is the same
// for every route (it depends on the path only through rewrite-target, and
// on the Ingress's TLS only to pass a client certificate), or nil.
func sharedProxyRewrite(cfg *annotations.Config) json.RawMessage {
	if cfg.Rewrite.Target != "" || cfg.ClientCert.PassCertificateToUpstream {
		return nil
	}
	rw := proxyRewriteFor(cfg, "", false)
	if rw == nil {
		return nil
	}
	var ps apisix.Plugins
	setPlugin(&ps, "proxy-rewrite", rw)
	return ps["proxy-rewrite"]
}

func rateLimits(rl annotations.RateLimit, ps *apisix.Plugins) {
	set := setPlugin
	if len(rl.Allowlist) > 0 {
		// limit-allowlist: clients in these ranges are never limited.
		meta := pluginMeta{Filter: []any{[]any{"remote_addr", "!", "ipmatch", rl.Allowlist}}}
		set = func(ps *apisix.Plugins, name string, conf any) { setPluginWithMeta(ps, name, conf, meta) }
	}
	mult := rl.BurstMultiplier
	if mult <= 0 {
		mult = annotations.DefaultLimitBurstMultiplier
	}
	// ingress-nginx: limit_req ... burst=rate*multiplier nodelay, 503 on excess.
	if rl.RPS != nil {
		set(ps, "limit-req", &apisix.LimitReq{
			Rate: apisix.Ptr(float64(*rl.RPS)), Burst: apisix.Ptr(float64(*rl.RPS * mult)),
			Key: "remote_addr", KeyType: "var", RejectedCode: apisix.Ptr(503), Nodelay: true,
		})
	} else if rl.RPM != nil {
		set(ps, "limit-req", &apisix.LimitReq{
			Rate: apisix.Ptr(float64(*rl.RPM) / 60), Burst: apisix.Ptr(float64(*rl.RPM*mult) / 60),
			Key: "remote_addr", KeyType: "var", RejectedCode: apisix.Ptr(503), Nodelay: true,
		})
	}
	if rl.Connections != nil {
		set(ps, "limit-conn", &apisix.LimitConn{
			Conn: apisix.Ptr(*rl.Connections), Burst: apisix.Ptr(0), DefaultConnDelay: apisix.Ptr(0.1),
			Key: "remote_addr", KeyType: "var", RejectedCode: apisix.Ptr(503),
		})
	}
}

func corsPlugin(c annotations.CORS) *apisix.CORS {
	p := &apisix.CORS{
		AllowMethods:    strings.Join(c.AllowMethods, ","),
		AllowHeaders:    strings.Join(c.AllowHeaders, ","),
		ExposeHeaders:   strings.Join(c.ExposeHeaders, ","),
		MaxAge:          apisix.Ptr(c.MaxAge),
		AllowCredential: c.AllowCredentials,
	}
	origins := strings.Join(c.AllowOrigins, ",")
	if origins == "*" && c.AllowCredentials {
		// ingress-nginx reflects any origin with credentials; APISIX spells
		// that "**" (it refuses "*" with credentials).
		origins = "**"
	}
	p.AllowOrigins = origins
	if p.AllowMethods == "*" && c.AllowCredentials {
		p.AllowMethods = "**"
	}
	if p.AllowHeaders == "*" && c.AllowCredentials {
		p.AllowHeaders = "**"
	}
	return p
}

// signinRedirect sends the client to auth-signin when the auth service
// answers 401, with the original URL in the redirect parameter (rd).
func signinRedirect(a annotations.ExternalAuth) *apisix.ResponseRewrite {
	param := a.SigninRedirectParam
	if param == "" {
		param = "rd"
	}
	sep := "?"
	if strings.Contains(a.SigninURL, "?") {
		sep = "&"
	}
	loc := a.SigninURL + sep + param + "=$scheme://$host$request_uri"
	return &apisix.ResponseRewrite{
		StatusCode: apisix.Ptr(302),
		Headers:    &apisix.ResponseHeaders{Set: map[string]apisix.HeaderValue{"Location": apisix.HeaderValue(loc)}},
		Vars:       []any{[]any{"status", "==", 401}},
	}
}

func forwardAuth(a annotations.ExternalAuth) *apisix.ForwardAuth {
	fa := &apisix.ForwardAuth{
		URI:             a.URL,
		RequestMethod:   a.Method,
		RequestHeaders:  a.RequestHeaders,
		UpstreamHeaders: a.UpstreamHeaders,
		ClientHeaders:   clientHeaders(a),
		SSLVerify:       a.SSLVerify,
	}
	if a.Keepalive != nil {
		fa.Keepalive = apisix.Ptr(*a.Keepalive > 0)
		if *a.Keepalive > 0 {
			fa.KeepalivePool = apisix.Ptr(*a.Keepalive)
		}
	}
	if a.KeepaliveTimeout != nil {
		fa.KeepaliveTimeout = apisix.Ptr(*a.KeepaliveTimeout * 1000)
	}
	return fa
}

func responseRewrite(rr annotations.ResponseRewrite) *apisix.ResponseRewrite {
	out := &apisix.ResponseRewrite{Body: rr.Body, BodyBase64: rr.BodyBase64}
	if rr.StatusCode != 0 {
		out.StatusCode = apisix.Ptr(rr.StatusCode)
	}
	if len(rr.AddHeaders)+len(rr.SetHeaders)+len(rr.RemoveHeaders) > 0 {
		h := &apisix.ResponseHeaders{Remove: rr.RemoveHeaders}
		for _, x := range rr.AddHeaders {
			h.Add = append(h.Add, x.Name+": "+x.Value)
		}
		for _, x := range rr.SetHeaders {
			if h.Set == nil {
				h.Set = map[string]apisix.HeaderValue{}
			}
			h.Set[x.Name] = apisix.HeaderValue(x.Value)
		}
		out.Headers = h
	}
	return out
}

// clientHeaders: auth-always-set-cookie also passes the auth service's
// Set-Cookie to the client (APISIX does so only when access is denied).
func clientHeaders(a annotations.ExternalAuth) []string {
	if !a.AlwaysSetCookie {
		return a.ClientHeaders
	}
	for _, h := range a.ClientHeaders {
		if strings.EqualFold(h, "Set-Cookie") {
			return a.ClientHeaders
		}
	}
	return append(append([]string(nil), a.ClientHeaders...), "Set-Cookie")
}
