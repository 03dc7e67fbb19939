package translator

import (
	"fmt"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// affinityCookie issues ingress-nginx's session cookie, which APISIX does
// not do by itself: when a request carries no cookie, the response gets a
// Set-Cookie, and the upstream hashes on that cookie (chash, hash_on
// cookie), so the client sticks to one pod. Without the cookie chash hashes
// the client address, so the cookie's value is that address
// ($remote_addr): the request that got the cookie and the ones that send it
// back reach the same pod, as with ingress-nginx (a random value sent
// two thirds of sessions elsewhere after their first request, with three
// pods). httpsOnly says every request the route proxies came over HTTPS,
// which makes the cookie Secure unless session-cookie-secure says otherwise
// (ingress-nginx: Secure when the request is HTTPS).
func affinityCookie(a annotations.Affinity, routePath string, httpsOnly bool) *apisix.ResponseRewrite {
	name := a.CookieName
	if name == "" {
		name = annotations.DefaultSessionCookieName
	}
	path := a.CookiePath
	if path == "" {
		path = cookiePathFor(routePath)
	}
	attrs := []string{name + "=$remote_addr", "Path=" + path, "HttpOnly"}
	if a.CookieDomain != "" {
		attrs = append(attrs, "Domain="+a.CookieDomain)
	}
	if a.CookieMaxAge != nil {
		attrs = append(attrs, fmt.Sprintf("Max-Age=%d", *a.CookieMaxAge))
	} else if a.CookieExpires != nil {
		// Expires needs the current time; Max-Age says the same relative to now.
		attrs = append(attrs, fmt.Sprintf("Max-Age=%d", *a.CookieExpires))
	}
	if (a.CookieSecure == nil && httpsOnly) || (a.CookieSecure != nil && *a.CookieSecure) {
		attrs = append(attrs, "Secure")
	}
	if a.CookieSameSite != "" {
		attrs = append(attrs, "SameSite="+a.CookieSameSite)
	}
	return &apisix.ResponseRewrite{
		Headers: &apisix.ResponseHeaders{Add: []string{"Set-Cookie: " + strings.Join(attrs, "; ")}},
		Vars:    []any{[]any{"cookie_" + name, "!", "~~", ".+"}},
	}
}

// cookiePathFor is the cookie Path ingress-nginx uses: the location's path
// (a regex path needs session-cookie-path, as its documentation says).
func cookiePathFor(p string) string {
	if p == "" || strings.ContainsAny(p, "*()[]{}^$|?+\\") {
		return "/"
	}
	return p
}

// httpsOnly reports whether the host's routes proxy only HTTPS requests: the
// host has TLS and plain HTTP is redirected (ssl-redirect, on by default, or
// force-ssl-redirect).
func (b *ingressBuilder) httpsOnly(host string) bool {
	rd := b.p.cfg.Redirect
	return b.tlsHosts[host] && (rd.SSLRedirect == nil || *rd.SSLRedirect || rd.ForceSSLRedirect)
}
