package translator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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
	if hv := hostRegex(r.Hosts); hv != nil {
		r.Vars = append(append([]any(nil), r.Vars...), hv)
	}
	cfg := b.p.cfg
	var extra apisix.Plugins
	b.redirects(&extra, host)
	cc := b.st.clientCerts[host] // auth-tls of the host, from whichever Ingress set it
	b.routeExtras(r, cc != nil && cc.MatchCN != "")
	if raw := b.p.shared.rewrite; raw != nil && cc == nil {
		if extra == nil {
			extra = apisix.Plugins{}
		}
		extra["proxy-rewrite"] = raw // immutable JSON, shared
	} else if rw := proxyRewriteFor(cfg, path, cc); rw != nil {
		setPlugin(&extra, "proxy-rewrite", rw)
	}
	if cc != nil && cc.MatchCN != "" {
		setPlugin(&extra, "fault-injection", matchCN(cc.MatchCN))
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
			for k, v := range b.headerMap(data, "auth-proxy-set-headers") {
				fa.ExtraHeaders[k] = string(v)
			}
			setPlugin(cow(), "forward-auth", fa)
		}
	}
	if ref := cfg.Headers.CustomHeaders; ref != nil {
		if data, ok := b.configMapData(ref, "custom-headers"); ok {
			if base["response-rewrite"] != nil {
				b.e.warn(annPath("custom-headers"), "another response-rewrite (enable-response-rewrite) wins; these headers are not added")
			} else if h := b.headerMap(data, "custom-headers"); len(h) > 0 {
				setPlugin(cow(), "response-rewrite", &apisix.ResponseRewrite{Headers: &apisix.ResponseHeaders{Set: h}})
			}
		}
	}
	if cfg.ResponseRewrite.Enabled && cfg.Affinity.Enabled {
		b.e.warn(nil, "response-rewrite is set, so the session affinity cookie is not issued; clients must set it")
	}
	if name := cfg.Route.PluginConfigName; name != "" {
		if _, ok := b.t.apisixPluginConfigObject(b.p.ing.Namespace, name); ok {
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
	if ipr := ipRestriction(cfg.Access); ipr != nil {
		setPlugin(ps, "ip-restriction", ipr)
	}
	rateLimits(cfg.RateLimit, ps)
	if a := cfg.ExternalAuth; a.URL != "" {
		setPlugin(ps, "forward-auth", forwardAuth(a))
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
	if a := cfg.ExternalAuth; a.URL != "" {
		setPluginWithMeta(ps, "serverless-pre-function", authCookieStash(a), pluginMeta{Priority: apisix.Ptr(afterForwardAuth)})
	} else if distrustIncomingSpan(cfg.Telemetry) {
		setPluginWithMeta(ps, "serverless-pre-function", dropIncomingSpan(), pluginMeta{Priority: apisix.Ptr(beforeOpentelemetry)})
	}
	if m := cfg.Mirror; m.Host != "" {
		setPlugin(ps, "proxy-mirror", &apisix.ProxyMirror{Host: m.Host, Path: m.Path, PathConcatMode: m.PathConcatMode})
	}
	if cfg.CSRF.Enabled {
		setPlugin(ps, "csrf", &apisix.CSRF{Key: cfg.CSRF.Key})
	}
	if rr := cfg.ResponseRewrite; rr.Enabled {
		setPlugin(ps, "response-rewrite", responseRewrite(rr))
	}
	if a := cfg.ExternalAuth; a.URL != "" {
		setPlugin(ps, "serverless-post-function", authResponse(a))
	}
	if fi := methodFilter(cfg.Access); fi != nil {
		setPlugin(ps, "fault-injection", fi)
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

// proxyRewriteFor: rewrite-target replaces the whole URI, as nginx's
// rewrite does, with captures of the (case-insensitive, start-anchored) path
// regex; upstream-vhost and x-forwarded-prefix set request headers, and so
// does the auth-tls of the host (cc, nil without).
func proxyRewriteFor(cfg *annotations.Config, path string, cc *annotations.ClientCert) *apisix.ProxyRewrite {
	if cfg.Rewrite.Regex == "" && cfg.Rewrite.Target == "" && cfg.Upstream.Host == "" && cfg.Headers.XForwardedPrefix == "" &&
		cfg.Headers.Connection == "" && cc == nil {
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
	if cc != nil {
		clientCertHeaders(set, cc.PassCertificateToUpstream && cc.VerifyClient != "off")
	}
	if len(set) > 0 {
		rw.Headers = &apisix.HeaderOps{Set: set}
	}
	return rw
}

// sharedProxyRewrite is the proxy-rewrite config of cfg when it is the same
// for every route (it depends on the path only through rewrite-target), or
// nil. Routes of hosts with auth-tls build their own.
func sharedProxyRewrite(cfg *annotations.Config) json.RawMessage {
	if cfg.Rewrite.Target != "" {
		return nil
	}
	rw := proxyRewriteFor(cfg, "", nil)
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
	// ingress-nginx: limit_req ... burst=limit*multiplier nodelay, 503 on
	// excess. The burst counts requests whatever the rate's unit: limit-rpm 60
	// lets 301 requests through at once (rate 1/s, burst 300).
	if rl.RPS != nil {
		set(ps, "limit-req", &apisix.LimitReq{
			Rate: apisix.Ptr(float64(*rl.RPS)), Burst: apisix.Ptr(float64(*rl.RPS * mult)),
			Key: "remote_addr", KeyType: "var", RejectedCode: apisix.Ptr(503), Nodelay: true,
		})
	} else if rl.RPM != nil {
		set(ps, "limit-req", &apisix.LimitReq{
			Rate: apisix.Ptr(float64(*rl.RPM) / 60), Burst: apisix.Ptr(float64(*rl.RPM * mult)),
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
	p.AllowOrigins, p.AllowOriginsByRegex = corsOrigins(c.AllowOrigins)
	if p.AllowMethods == "*" && c.AllowCredentials {
		p.AllowMethods = "**"
	}
	if p.AllowHeaders == "*" && c.AllowCredentials {
		p.AllowHeaders = "**"
	}
	return p
}

// corsOrigins is cors-allow-origin for APISIX: "*" alone when listed (as in
// ingress-nginx), else the list, which APISIX compares literally. A list
// with a wildcard subdomain (https://*.example.com, where "*" is exactly one
// DNS label) also becomes allow_origins_by_regex, which APISIX then consults
// instead of allow_origins, so every origin of the list goes there, matched
// case-insensitively as ingress-nginx's "~*" does. allow_origins keeps the
// list: left out, it would default to "*", which APISIX refuses with
// credentials.
func corsOrigins(origins []string) (string, []string) {
	if slices.Contains(origins, "*") {
		return "*", nil
	}
	list := strings.Join(origins, ",")
	if !slices.ContainsFunc(origins, func(o string) bool { return strings.Contains(o, "*") }) {
		return list, nil
	}
	res := make([]string, 0, len(origins))
	for _, o := range origins {
		res = append(res, "(?i)^"+strings.Replace(regexp.QuoteMeta(o), `\*`, `[A-Za-z0-9-]+`, 1)+"$")
	}
	return list, res
}

// forwardAuth calls the auth service as ingress-nginx's auth subrequest
// does: with the client's headers (RequestHeaders), the original URL and
// method, and X-Auth-Request-Redirect (auth-request-redirect, by default the
// request URI); forward-auth adds X-Forwarded-Proto/-Method/-Host/-Uri/-For.
func forwardAuth(a annotations.ExternalAuth) *apisix.ForwardAuth {
	redirect := a.RequestRedirect
	if redirect == "" {
		redirect = "$request_uri"
	}
	fa := &apisix.ForwardAuth{
		URI:             a.URL,
		RequestMethod:   a.Method,
		RequestHeaders:  a.RequestHeaders,
		UpstreamHeaders: authUpstreamHeaders(a),
		ClientHeaders:   clientHeaders(a),
		SSLVerify:       a.SSLVerify,
		ExtraHeaders: map[string]string{
			"X-Original-URL":          "$scheme://$http_host$request_uri",
			"X-Original-Method":       "$request_method",
			"X-Real-IP":               "$remote_addr",
			"X-Sent-From":             "nginx-ingress-controller",
			"X-Auth-Request-Redirect": redirect,
		},
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

// clientHeaders: when access is denied, the auth service's Set-Cookie
// reaches the client with auth-always-set-cookie, and on the auth-signin
// redirect (ingress-nginx's sign-in location adds it; authCookieAdd keeps
// it off a denial that is not redirected).
func clientHeaders(a annotations.ExternalAuth) []string {
	if !a.AlwaysSetCookie && a.SigninURL == "" {
		return a.ClientHeaders
	}
	for _, h := range a.ClientHeaders {
		if strings.EqualFold(h, "Set-Cookie") {
			return a.ClientHeaders
		}
	}
	return append(append([]string(nil), a.ClientHeaders...), "Set-Cookie")
}
