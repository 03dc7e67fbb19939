package annotations

import (
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// finish applies the rules that involve more than one key, and the
// defaults of groups switched on by one key.
func (p *parser) finish() {
	p.finishRedirect()
	p.finishRetry()
	p.finishCORS()
	p.finishCanary()
	p.finishAffinity()
	p.finishLimits()
	p.finishExternalAuth()
	p.finishRewrite()
	p.finishPlugins()
}

func (p *parser) atoi(key string) int {
	v, _ := strconv.Atoi(p.applied[key])
	return v
}

// finishRedirect: the canonical http-redirect wins, then temporal-redirect,
// then permanent-redirect, as in ingress-nginx.
func (p *parser) finishRedirect() {
	r := &p.cfg.Redirect
	type source struct {
		url, code string
		def       int
	}
	sources := []source{
		{(APISIXPrefix + "http-redirect"), (APISIXPrefix + "http-redirect-code"), 301},
		{(NginxPrefix + "temporal-redirect"), (NginxPrefix + "temporal-redirect-code"), 302},
		{(NginxPrefix + "permanent-redirect"), (NginxPrefix + "permanent-redirect-code"), 301},
	}
	winner := ""
	for _, s := range sources {
		if !p.has(s.url) {
			continue
		}
		if winner != "" {
			p.info(s.url, "ignored: "+winner+" is also set and wins")
			continue
		}
		winner = s.url
		r.URL, r.Code = p.applied[s.url], s.def
		if p.has(s.code) {
			r.Code = p.atoi(s.code)
		}
	}
}

// finishRetry: proxy-next-upstream "off" disables retries; conditions
// APISIX does not retry on are named in a warning.
func (p *parser) finishRetry() {
	conds := p.cfg.Retry.Conditions
	var unapplied []string
	for _, c := range conds {
		if c != "error" && c != "timeout" && c != "off" {
			unapplied = append(unapplied, c)
		}
	}
	if len(unapplied) > 0 {
		p.warn(NginxPrefix+"proxy-next-upstream", "APISIX retries on connection errors and timeouts only, so these conditions are not applied: "+strings.Join(unapplied, " "))
	}
	if !contains(conds, "off") {
		return
	}
	if len(conds) > 1 {
		p.invalid((NginxPrefix + "proxy-next-upstream"), "\"off\" cannot be combined with other conditions")
		return
	}
	if !p.has((APISIXPrefix + "upstream-retries")) {
		zero := 0
		p.cfg.Retry.Retries = &zero
	}
}

func (p *parser) finishCORS() {
	c := &p.cfg.CORS
	if !c.Enabled {
		for _, k := range []string{(NginxPrefix + "cors-allow-origin"), (NginxPrefix + "cors-allow-methods"), (NginxPrefix + "cors-allow-headers"),
			(NginxPrefix + "cors-expose-headers"), (NginxPrefix + "cors-allow-credentials"), (NginxPrefix + "cors-max-age"),
			(APISIXPrefix + "cors-allow-origin"), (APISIXPrefix + "cors-allow-methods"), (APISIXPrefix + "cors-allow-headers")} {
			if p.has(k) {
				p.warn(k, "has no effect unless enable-cors is \"true\"")
			}
		}
		return
	}
	if c.AllowOrigins == nil {
		c.AllowOrigins = []string{DefaultCORSAllowOrigin}
	}
	if c.AllowMethods == nil {
		c.AllowMethods = strings.Split(DefaultCORSAllowMethods, ",")
	}
	if c.AllowHeaders == nil {
		c.AllowHeaders = strings.Split(DefaultCORSAllowHeaders, ",")
	}
	if !p.has((NginxPrefix + "cors-max-age")) {
		c.MaxAge = DefaultCORSMaxAge
	}
	if !p.has((NginxPrefix + "cors-allow-credentials")) {
		c.AllowCredentials = true
	}
	// Browsers refuse credentials with "Access-Control-Allow-Origin: *", so
	// ingress-nginx's default pair never allowed them; keep that effect.
	if contains(c.AllowOrigins, "*") {
		c.AllowCredentials = false
		if k := NginxPrefix + "cors-allow-credentials"; p.applied[k] == "true" {
			e, _ := Lookup(k)
			p.warn(k, e.Note)
		}
	}
}

func (p *parser) finishCanary() {
	c := &p.cfg.Canary
	keys := []string{(NginxPrefix + "canary-by-header"), (NginxPrefix + "canary-by-header-value"), (NginxPrefix + "canary-by-header-pattern"),
		(NginxPrefix + "canary-by-cookie"), (NginxPrefix + "canary-weight"), (NginxPrefix + "canary-weight-total")}
	if !c.Enabled {
		for _, k := range keys {
			if p.has(k) && !(k == (NginxPrefix+"canary-weight") && c.Weight == 0) {
				p.invalid(k, "has no effect unless nginx.ingress.kubernetes.io/canary is \"true\"; set it or remove this annotation")
			}
		}
		*c = Canary{}
		return
	}
	if c.WeightTotal < DefaultCanaryWeightTotal {
		if p.has((NginxPrefix + "canary-weight-total")) {
			p.warn((NginxPrefix + "canary-weight-total"), "values below 100 are treated as 100, as in ingress-nginx")
		}
		c.WeightTotal = DefaultCanaryWeightTotal
	}
	if c.Weight > c.WeightTotal {
		p.invalid((NginxPrefix + "canary-weight"), "must not exceed canary-weight-total ("+strconv.Itoa(c.WeightTotal)+")")
	}
	if c.Header == "" {
		for _, k := range keys[1:3] {
			if p.has(k) {
				p.warn(k, "has no effect without canary-by-header")
			}
		}
		c.HeaderValue, c.HeaderPattern = "", ""
	}
	if c.HeaderValue != "" && c.HeaderPattern != "" {
		p.info((NginxPrefix + "canary-by-header-pattern"), "ignored: canary-by-header-value is also set and wins, as in ingress-nginx")
		c.HeaderPattern = ""
	}
}

func (p *parser) finishAffinity() {
	f := &p.cfg.Affinity
	if !f.Enabled {
		for k := range p.applied {
			e, _ := Lookup(k)
			if e.Stance != IgnoreWithWarning && (strings.HasPrefix(k, (NginxPrefix+"session-cookie-")) || k == (NginxPrefix+"affinity-mode")) {
				p.warn(k, "has no effect unless affinity is \"cookie\"")
			}
		}
		*f = Affinity{}
		return
	}
	if f.CookieName == "" {
		f.CookieName = DefaultSessionCookieName
	}
	if f.Mode == "" {
		f.Mode = "balanced"
	}
	if p.cfg.Upstream.ServiceUpstream {
		p.warn((NginxPrefix + "affinity"), "has no effect with service-upstream \"true\", as in ingress-nginx")
	}
}

func (p *parser) finishLimits() {
	l := &p.cfg.RateLimit
	if l.RPS != nil && l.RPM != nil {
		p.invalid((NginxPrefix + "limit-rpm"), "cannot be combined with limit-rps: APISIX applies one limit-req per route; keep one of them")
	}
	if (l.RPS != nil || l.RPM != nil) && l.BurstMultiplier == 0 {
		l.BurstMultiplier = DefaultLimitBurstMultiplier
	}
	u := &p.cfg.Upstream
	if u.HashBy != nil {
		u.LoadBalance = "chash"
	} else if u.LoadBalance == "chash" {
		p.invalid((NginxPrefix + "load-balance"), "\"chash\" needs upstream-hash-by; set it or use \"round_robin\"")
	}
}

// finishExternalAuth: ingress-nginx's auth subrequest carries all of the
// client's headers; forward-auth sends only those it is told to, so without
// auth-request-headers it is told to send DefaultAuthRequestHeaders.
func (p *parser) finishExternalAuth() {
	a := &p.cfg.ExternalAuth
	if a.URL != "" && a.RequestHeaders == nil {
		a.RequestHeaders = slices.Clone(DefaultAuthRequestHeaders)
	}
	// The route's one serverless-pre-function carries the auth cookies, so
	// none is left to drop the client's trace context before opentelemetry.
	if t := p.cfg.Telemetry; a.URL != "" && t.Enabled != nil && *t.Enabled && t.TrustIncomingSpan != nil && !*t.TrustIncomingSpan {
		p.warn(NginxPrefix+"opentelemetry-trust-incoming-span", "\"false\" is not applied together with auth-url: the client's trace is continued")
	}
}

func (p *parser) finishRewrite() {
	r := (APISIXPrefix + "rewrite-target-regex")
	t := (APISIXPrefix + "rewrite-target-regex-template")
	switch {
	case p.has(r) && !p.has(t):
		p.invalid(r, "needs "+t+" too")
	case p.has(t) && !p.has(r):
		p.invalid(t, "needs "+r+" too")
	case p.has(r) && p.cfg.Rewrite.Target != "":
		p.invalid(r, "cannot be combined with rewrite-target; keep one of them")
	}
}

func (p *parser) finishPlugins() {
	if p.cfg.CSRF.Enabled && p.cfg.CSRF.Key == "" {
		p.errs = append(p.errs, field.Required(FieldPath((APISIXPrefix+"csrf-key")), "is required when enable-csrf is \"true\""))
	}
}
