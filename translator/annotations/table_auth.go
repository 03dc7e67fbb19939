package annotations

import (
	"regexp"
	"strings"
)

var (
	authURLRE     = regexp.MustCompile(`^[/\-._~a-zA-Z0-9:,?&=]+$`)
	extendedRE    = regexp.MustCompile(`^[/\-._~a-zA-Z0-9:, ]+$`)
	authMethods   = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"}
	tlsErrorPage  = regexp.MustCompile(`^(@[A-Za-z0-9_-]+|((https?://)?[A-Za-z0-9\-.]+(:[0-9]+)?)?(/[A-Za-z0-9\-_.]+)*/?)$`)
	basicAuthNote = "APISIX needs plain passwords: store users as kubernetes.io/basic-auth Secrets (htpasswd hashes cannot be converted)"
)

// checkAuthURL is ingress-nginx's URLWithNginxVar without the variables.
func checkAuthURL(s string) (string, string) {
	if strings.Contains(s, "$") {
		return "", "must not contain nginx variables: forward-auth calls a fixed URL, e.g. the auth Service's address"
	}
	if !authURLRE.MatchString(s) {
		return "", "must be a URL of letters, digits and -._~/:,?&= only"
	}
	return checkAbsURL(s)
}

func authMethodSpec() spec {
	s := enumSpec(false, authMethods, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		if msg == "" && v != "GET" && v != "POST" {
			return "", "APISIX forward-auth supports only GET and POST"
		}
		if msg == "" && c != nil {
			c.ExternalAuth.Method = v
		}
		return v, msg
	}
	return s
}

func basicAuthEntries() []Entry {
	const g = "Basic authentication"
	return []Entry{
		nginx("auth-type", authTypeSpec(), Entry{
			Group: g, Stance: TranslateWithWarning, Values: []string{"basic", "digest"},
			Description: "Enables basic or digest authentication against auth-secret.",
			APISIX:      "basic-auth + Consumers", Note: basicAuthNote,
		}),
		nginx("auth-secret", stringSpec(TypeObjectRef, checkObjectRef, func(c *Config, v string) { c.BasicAuth.Secret = objectRef(v) }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "Secret holding the users: an htpasswd file, a user-to-hash map, or a kubernetes.io/basic-auth Secret.",
			APISIX:      "basic-auth + Consumers", Note: basicAuthNote,
		}),
		nginx("auth-secret-type", enumSpec(false, []string{"auth-file", "auth-map"}, func(c *Config, v string) { c.BasicAuth.SecretType = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Values: []string{"auth-file", "auth-map"}, Default: "auth-file",
			Description: "Layout of auth-secret.",
			APISIX:      "basic-auth + Consumers", Note: basicAuthNote,
		}),
		nginx("auth-realm", stringSpec(TypeString, checkSpaced, func(c *Config, v string) { c.BasicAuth.Realm = v }), Entry{
			Group:       g,
			Description: "Realm of the WWW-Authenticate challenge.",
			APISIX:      "basic-auth realm",
		}),
	}
}

func externalAuthEntries() []Entry {
	const g = "External authentication"
	noCache := "ignored: APISIX forward-auth has no cache; every request calls the auth service"
	signin := "the 302 is made by serverless-post-function (must be enabled in APISIX) and keeps the auth service's 401 body"
	return []Entry{
		nginx("auth-url", stringSpec(TypeURL, checkAuthURL, func(c *Config, v string) { c.ExternalAuth.URL = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Canonical: APISIXPrefix + "auth-uri", toCanonical: same,
			Description: "External auth service called before each request; 2xx allows, 401/403 deny.",
			APISIX:      "forward-auth.uri; serverless-pre/post-function pass the auth Set-Cookie to the client",
			Note:        "of the client's headers only Authorization, Cookie, Proxy-Authorization, Accept, User-Agent, X-Requested-With are sent",
		}),
		nginx("auth-method", authMethodSpec(), Entry{
			Group: g, Stance: TranslateWithWarning, Values: authMethods, Default: "GET",
			Description: "HTTP method of the auth request.",
			APISIX:      "forward-auth.request_method",
			Note:        "APISIX forward-auth supports only GET and POST",
		}),
		nginx("auth-signin", stringSpec(TypeURL, checkSigninURL, func(c *Config, v string) { c.ExternalAuth.SigninURL = v }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "Sign-in URL the client is redirected to when the auth service answers 401.",
			APISIX:      "serverless-post-function: forward-auth's 401 -> 302 + Location", Note: signin,
		}),
		nginx("auth-signin-redirect-param", stringSpec(TypeString, checkURLChars, func(c *Config, v string) { c.ExternalAuth.SigninRedirectParam = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "rd",
			Description: "Query parameter of auth-signin carrying the original URL.",
			APISIX:      "serverless-post-function Location header", Note: signin,
		}),
		nginx("auth-response-headers", listSpec(TypeHeaderList, ",", checkHeaderName, func(c *Config, v []string) { c.ExternalAuth.UpstreamHeaders = v }), Entry{
			Group: g, Canonical: APISIXPrefix + "auth-upstream-headers", toCanonical: same,
			Description: "Auth response headers copied to the upstream request.",
			APISIX:      "forward-auth.upstream_headers",
		}),
		nginx("auth-proxy-set-headers", stringSpec(TypeObjectRef, checkObjectRef, func(c *Config, v string) { c.ExternalAuth.ProxySetHeaders = objectRef(v) }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "ConfigMap of extra headers sent to the auth service.",
			APISIX:      "forward-auth.extra_headers",
			Note:        "ConfigMap values are sent as static headers; values with nginx variables are rejected",
		}),
		nginx("auth-request-redirect", stringSpec(TypeURL, checkURLChars, func(c *Config, v string) { c.ExternalAuth.RequestRedirect = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "$request_uri",
			Description: "Value of the X-Auth-Request-Redirect header sent to the auth service.",
			APISIX:      "forward-auth.extra_headers",
			Note:        "sent as a static X-Auth-Request-Redirect header (forward-auth extra_headers)",
		}),
		nginx("auth-cache-key", ignoreSpec(stringSpec(TypeString, checkNginxVar, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning,
			Description: "Enables caching of auth responses under this key.", APISIX: "none", Note: noCache,
		}),
		nginx("auth-cache-duration", ignoreSpec(stringSpec(TypeString, charset(extendedRE, "status codes and a duration, e.g. \"200 202 10m\""), nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "200 202 401 5m",
			Description: "Cache durations of auth responses by status.", APISIX: "none", Note: noCache,
		}),
		nginx("auth-always-set-cookie", boolSpec(func(c *Config, b bool) { c.ExternalAuth.AlwaysSetCookie = b }), Entry{
			Group: g, Default: "false",
			Description: "Passes Set-Cookie of the auth response to the client on every status.",
			APISIX:      "forward-auth upstream_headers/client_headers [Set-Cookie] + serverless functions",
		}),
		nginx("auth-keepalive", intSpec(0, maxInt32, func(c *Config, n int) { c.ExternalAuth.Keepalive = &n }), Entry{
			Group: g, Default: "0", Description: "Keepalive connections to the auth service (0: none).",
			APISIX: "forward-auth.keepalive / keepalive_pool",
		}),
		nginx("auth-keepalive-share-vars", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "false",
			Description: "Shares nginx variables between the request and the auth subrequest.", APISIX: "none",
			Note: "ignored: APISIX forward-auth shares no variables with the request",
		}),
		nginx("auth-keepalive-requests", ignoreSpec(intSpec(1, maxInt32, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "1000",
			Description: "Requests per keepalive connection to the auth service.", APISIX: "none",
			Note: "ignored: APISIX forward-auth does not cap requests per keepalive connection",
		}),
		nginx("auth-keepalive-timeout", secondsSpec(1, func(c *Config, n int) { c.ExternalAuth.KeepaliveTimeout = &n }), Entry{
			Group: g, Default: "60", Description: "Idle timeout in seconds of keepalive connections to the auth service.",
			APISIX: "forward-auth.keepalive_timeout (ms)",
		}),
		nginx("auth-snippet", rejectSpec(TypeSnippet), Entry{
			Group: g, Stance: Reject, Description: "Raw nginx configuration for the auth location.",
			APISIX: "none",
			Note:   "raw nginx configuration is never rendered; configure forward-auth in an ApisixRoute instead",
		}),
		nginx("enable-global-auth", ignoreSpec(boolSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "true",
			Description: "Applies the controller's global-auth-url to this Ingress.", APISIX: "none",
			Note: "ignored: there is no global-auth-url; global authentication is an APISIX global rule",
		}),
	}
}

func clientCertEntries() []Entry {
	const g = "Client certificate authentication"
	verify := enumSpec(false, []string{"on", "off", "optional", "optional_no_ca"}, nil)
	inner := verify.run
	verify.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		if strings.HasPrefix(v, "optional") {
			return "", "optional verification has no APISIX equivalent; use \"on\" or \"off\""
		}
		if msg == "" && c != nil {
			c.ClientCert.VerifyClient = v
		}
		return v, msg
	}
	return []Entry{
		nginx("auth-tls-secret", stringSpec(TypeObjectRef, checkObjectRef, func(c *Config, v string) { c.ClientCert.CASecret = objectRef(v) }), Entry{
			Group: g, Description: "Secret whose ca.crt verifies client certificates of the host; the backend gets ssl-client-verify, -subject-dn and -issuer-dn.",
			APISIX: "ssl client.ca; proxy-rewrite.headers.set ssl-client-verify: $ssl_client_verify (and the DNs)",
		}),
		nginx("auth-tls-verify-client", verify, Entry{
			Group: g, Stance: TranslateWithWarning, Default: "on",
			Description: "Client verification mode; the optional modes are rejected.",
			APISIX:      "ssl client.ca",
			Note:        "only \"on\" and \"off\" are supported; optional verification is rejected",
		}),
		nginx("auth-tls-verify-depth", intSpec(1, maxInt32, func(c *Config, n int) { c.ClientCert.VerifyDepth = &n }), Entry{
			Group: g, Default: "1", Description: "Verification depth of client certificate chains.",
			APISIX: "ssl client.depth",
		}),
		nginx("auth-tls-error-page", ignoreSpec(stringSpec(TypeURL, charset(tlsErrorPage, "a URL or @location"), nil)), Entry{
			Group: g, Stance: IgnoreWithWarning,
			Description: "Page the client is redirected to when certificate verification fails.", APISIX: "none",
			Note: "ignored: APISIX answers failed client-certificate checks with 400, without a redirect",
		}),
		nginx("auth-tls-pass-certificate-to-upstream", boolSpec(func(c *Config, b bool) { c.ClientCert.PassCertificateToUpstream = b }), Entry{
			Group: g, Default: "false", Description: "Sends the client certificate upstream in the ssl-client-cert header.",
			APISIX: "proxy-rewrite.headers.set ssl-client-cert: $ssl_client_escaped_cert",
		}),
		nginx("auth-tls-match-cn", stringSpec(TypeRegex, checkMatchCN, func(c *Config, v string) { c.ClientCert.MatchCN = v }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "Answers 403 to clients whose subject DN does not match CN=<regex>.",
			APISIX:      "fault-injection abort 403 with vars [[[\"ssl_client_s_dn\", \"!\", \"~~\", ...]]]",
			Note:        "APISIX matches the pattern with PCRE; it was checked with Go regexp syntax, so test unusual patterns",
		}),
	}
}

// authTypeSpec accepts basic; digest has no APISIX equivalent.
func authTypeSpec() spec {
	s := enumSpec(false, []string{"basic", "digest"}, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		if msg == "" && v == "digest" {
			return "", "digest authentication has no APISIX equivalent; use \"basic\" (over HTTPS)"
		}
		if msg == "" && c != nil {
			c.BasicAuth.Type = v
		}
		return v, msg
	}
	return s
}
