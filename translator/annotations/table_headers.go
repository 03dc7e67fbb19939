package annotations

import (
	"net/url"
	"regexp"
	"strings"
)

var cookieDomainRE = regexp.MustCompile(`^(off|[A-Za-z0-9\-._~]+ [A-Za-z0-9\-._~]+)$`)

func headerEntries() []Entry {
	const g = "Headers"
	return []Entry{
		nginx("x-forwarded-prefix", stringSpec(TypePath, checkPath, func(c *Config, v string) { c.Headers.XForwardedPrefix = v }), Entry{
			Group: g, Description: "Value of the X-Forwarded-Prefix header sent upstream.",
			APISIX: "proxy-rewrite.headers.set X-Forwarded-Prefix",
		}),
		nginx("connection-proxy-header", enumSpec(false, []string{"close", "keep-alive"}, func(c *Config, v string) { c.Headers.Connection = v }), Entry{
			Group: g, Default: "the client's Connection upgrade",
			Description: "Connection header sent upstream.", APISIX: "proxy-rewrite.headers.set Connection",
		}),
		nginx("custom-headers", stringSpec(TypeObjectRef, checkObjectRef, func(c *Config, v string) { c.Headers.CustomHeaders = objectRef(v) }), Entry{
			Group: g, Description: "ConfigMap whose data are added as response headers.",
			APISIX: "response-rewrite.headers.set",
		}),
		nginx("proxy-cookie-domain", ignoreSpec(stringSpec(TypeString, charset(cookieDomainRE, "\"off\" or two domains separated by a space"), nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "off",
			Description: "Rewrites the domain of upstream Set-Cookie headers.", APISIX: "none",
			Note: "ignored: APISIX cannot rewrite the domain inside upstream Set-Cookie headers",
		}),
		nginx("proxy-cookie-path", ignoreSpec(stringSpec(TypeString, checkURLChars, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "off",
			Description: "Rewrites the path of upstream Set-Cookie headers.", APISIX: "none",
			Note: "ignored: APISIX cannot rewrite the path inside upstream Set-Cookie headers",
		}),
		nginx("proxy-redirect-from", ignoreSpec(stringSpec(TypeString, checkURLChars, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "off",
			Description: "Text replaced in upstream Location and Refresh headers.", APISIX: "none",
			Note: "ignored: APISIX cannot rewrite upstream Location headers",
		}),
		nginx("proxy-redirect-to", ignoreSpec(stringSpec(TypeString, checkURLChars, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "off",
			Description: "Replacement for proxy-redirect-from.", APISIX: "none",
			Note: "ignored: APISIX cannot rewrite upstream Location headers",
		}),
	}
}

// mirrorTargetSpec splits a mirror URL into proxy-mirror host and path.
func mirrorTargetSpec() spec {
	const msg = "must be an http(s) URL whose path is literal or ends in $request_uri, e.g. \"https://mirror.example.com$request_uri\""
	return stringSpec(TypeURL, func(s string) (string, string) {
		rest := strings.TrimSuffix(s, "$request_uri")
		if strings.ContainsAny(rest, "$?#") {
			return "", msg
		}
		u, err := url.Parse(rest)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return "", msg
		}
		if _, m := checkHost(u.Host); m != "" {
			return "", msg
		}
		if u.Path != "" {
			if _, m := checkPath(u.Path); m != "" {
				return "", msg
			}
		}
		return s, ""
	}, func(c *Config, s string) {
		prefix := strings.HasSuffix(s, "$request_uri")
		u, _ := url.Parse(strings.TrimSuffix(s, "$request_uri"))
		c.Mirror = Mirror{Host: u.Scheme + "://" + u.Host, Path: u.Path}
		switch {
		case u.Path != "" && prefix:
			c.Mirror.PathConcatMode = "prefix"
		case u.Path != "":
			c.Mirror.PathConcatMode = "replace"
		}
	})
}

func mirrorEntries() []Entry {
	const g = "Mirroring"
	return []Entry{
		nginx("mirror-target", mirrorTargetSpec(), Entry{
			Group: g, Description: "URL every request is copied to; responses of the copy are discarded.",
			APISIX: "proxy-mirror {host, path, path_concat_mode}",
		}),
		nginx("mirror-host", ignoreSpec(stringSpec(TypeHost, checkHost, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "the mirror-target host",
			Description: "Host header of mirrored requests.", APISIX: "none",
			Note: "ignored: APISIX proxy-mirror cannot set the Host of mirrored requests",
		}),
		nginx("mirror-request-body", ignoreSpec(onOffSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "on",
			Description: "Whether mirrored requests carry the body.", APISIX: "none",
			Note: "ignored: APISIX proxy-mirror always mirrors the request body",
		}),
	}
}
