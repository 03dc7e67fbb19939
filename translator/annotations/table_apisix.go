package annotations

import (
	"regexp"
	"strings"
)

var (
	printableRE    = regexp.MustCompile(`^[!-~]+$`)
	httpMethods    = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE", "PURGE"}
	templateRE     = regexp.MustCompile(`^/([\-._~a-zA-Z0-9/:]|\$[0-9])*$`)
	methodListSpec = func(set func(*Config, []string)) spec {
		return listSpec(TypeList, ",", func(s string) (string, string) {
			if !contains(httpMethods, strings.ToUpper(s)) {
				return "", "must be one of " + quoteList(httpMethods)
			}
			return strings.ToUpper(s), ""
		}, set)
	}
)

// checkRedirectTarget accepts an absolute URL or a path, without variables.
func checkRedirectTarget(s string) (string, string) {
	if strings.Contains(s, "$") {
		return "", noVarsMsg
	}
	if strings.HasPrefix(s, "/") {
		return checkPath(s)
	}
	return checkRedirectURL(s)
}

func checkLiteralRegex(s string) (string, string) {
	if _, err := regexp.Compile(s); err != nil {
		return "", "must be a valid regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	}
	return s, ""
}

func checkTemplate(s string) (string, string) {
	if !templateRE.MatchString(s) {
		return "", "must be a path that may use capture groups $1..$9, e.g. \"/backend/$1\""
	}
	return s, ""
}

// apisixEntries are this project's canonical keys for upstream, routing,
// redirects, CORS and access.
func apisixEntries() []Entry {
	const g = "Canonical keys (k8s.apisix.apache.org)"
	timeout := func(set func(*Config, int)) spec { return durationSpec(set) }
	return []Entry{
		apisix("use-regex", boolSpec(func(c *Config, b bool) { c.Rewrite.UseRegex = &b }), Entry{
			Group: g, Default: "false", Description: "Treats the Ingress paths as case-insensitive prefix regexes.",
			APISIX: "route vars [\"uri\", \"~*\", \"^<path>\"]",
		}),
		apisix("rewrite-target", stringSpec(TypePath, checkPath, func(c *Config, v string) { c.Rewrite.Target = v }), Entry{
			Group: g, Description: "Replaces the request path sent upstream (query string kept).", APISIX: "proxy-rewrite.uri",
		}),
		apisix("rewrite-target-regex", stringSpec(TypeRegex, checkLiteralRegex, func(c *Config, v string) { c.Rewrite.Regex = v }), Entry{
			Group: g, Description: "Regex on the request path; needs rewrite-target-regex-template.", APISIX: "proxy-rewrite.regex_uri[0]",
		}),
		apisix("rewrite-target-regex-template", stringSpec(TypePath, checkTemplate, func(c *Config, v string) { c.Rewrite.Template = v }), Entry{
			Group: g, Description: "Replacement for rewrite-target-regex; may use $1..$9.", APISIX: "proxy-rewrite.regex_uri[1]",
		}),
		apisix("enable-websocket", boolSpec(func(c *Config, b bool) { c.Route.WebSocket = &b }), Entry{
			Group: g, Default: "true", Description: "Allows WebSocket upgrades (on by default, as in ingress-nginx; \"false\" refuses them).", APISIX: "route enable_websocket",
		}),
		apisix("plugin-config-name", stringSpec(TypeObjectRef, func(s string) (string, string) {
			if strings.Contains(s, "/") {
				return "", "must be the name of an ApisixPluginConfig in the same namespace"
			}
			return checkObjectRef(s)
		}, func(c *Config, v string) { c.Route.PluginConfigName = v }), Entry{
			Group: g, Description: "ApisixPluginConfig whose plugins apply to the routes.", APISIX: "route plugin_config_id",
		}),
		apisix("svc-namespace", stringSpec(TypeString, checkNamespace, func(c *Config, v string) { c.Upstream.ServiceNamespace = v }), Entry{
			Group: g, Default: "the Ingress namespace", Description: "Namespace of the backend Services.", APISIX: "upstream nodes",
		}),
		apisix("upstream-scheme", enumSpec(true, []string{"http", "https", "grpc", "grpcs"}, func(c *Config, v string) { c.Upstream.Scheme = v }), Entry{
			Group: g, Default: "http", Description: "Protocol spoken to the backend.", APISIX: "upstream scheme",
		}),
		apisix("upstream-retries", intSpec(0, maxInt32, func(c *Config, n int) { c.Retry.Retries = &n }), Entry{
			Group: g, Default: "one per endpoint", Description: "Retries after the first attempt.", APISIX: "upstream retries",
		}),
		apisix("upstream-connect-timeout", timeout(func(c *Config, n int) { c.Timeouts.Connect = &n }), Entry{
			Group: g, Default: "5s", Description: "Timeout for connecting to the backend.", APISIX: "route timeout.connect",
		}),
		apisix("upstream-send-timeout", timeout(func(c *Config, n int) { c.Timeouts.Send = &n }), Entry{
			Group: g, Default: "60s", Description: "Timeout between two writes to the backend.", APISIX: "route timeout.send",
		}),
		apisix("upstream-read-timeout", timeout(func(c *Config, n int) { c.Timeouts.Read = &n }), Entry{
			Group: g, Default: "60s", Description: "Timeout between two reads from the backend.", APISIX: "route timeout.read",
		}),
		apisix("http-to-https", boolSpec(func(c *Config, b bool) { c.Redirect.ForceSSLRedirect = b }), Entry{
			Group: g, Default: "false", Description: "Redirects HTTP requests to HTTPS with 308.", APISIX: "redirect",
		}),
		apisix("http-redirect", stringSpec(TypeURL, checkRedirectTarget, nil), Entry{
			Group: g, Description: "Answers every request with a redirect to this URL or path.", APISIX: "redirect.uri",
		}),
		apisix("http-redirect-code", intSpec(300, 308, nil), Entry{
			Group: g, Default: "301", Description: "Status code of http-redirect.", APISIX: "redirect.ret_code",
		}),
		apisix("enable-cors", corsEnableSpec(), Entry{
			Group: g, Default: "false", Description: "Enables CORS with ingress-nginx's defaults.", APISIX: "cors",
		}),
		apisix("cors-allow-origin", corsOriginSpec(), Entry{
			Group: g, Default: "*", Description: "Comma-separated allowed origins; https://*.example.com allows one subdomain level.",
			APISIX: "cors.allow_origins / allow_origins_by_regex",
		}),
		apisix("cors-allow-methods", corsMethodsSpec(), Entry{
			Group: g, Default: DefaultCORSAllowMethods, Description: "Comma-separated allowed methods.", APISIX: "cors.allow_methods",
		}),
		apisix("cors-allow-headers", corsHeadersSpec(), Entry{
			Group: g, Default: DefaultCORSAllowHeaders, Description: "Comma-separated allowed headers.", APISIX: "cors.allow_headers",
		}),
		apisix("allowlist-source-range", cidrSpec(func(c *Config, v []string) { c.Access.Allow = v }), Entry{
			Group: g, Description: "Comma-separated client IPs/CIDRs allowed.", APISIX: "ip-restriction.whitelist",
		}),
		apisix("blocklist-source-range", cidrSpec(func(c *Config, v []string) { c.Access.Deny = v }), Entry{
			Group: g, Description: "Comma-separated client IPs/CIDRs denied, even inside allowlist-source-range.",
			APISIX: "ip-restriction.blacklist; with an allow list, removed from ip-restriction.whitelist",
		}),
		apisix("http-allow-methods", methodListSpec(func(c *Config, v []string) { c.Access.AllowMethods = v }), Entry{
			Group: g, Description: "Only these HTTP methods are allowed (wins over http-block-methods).", APISIX: "route methods",
		}),
		apisix("http-block-methods", methodListSpec(func(c *Config, v []string) { c.Access.BlockMethods = v }), Entry{
			Group: g, Description: "These HTTP methods are refused.", APISIX: "route methods (complement)",
		}),
	}
}
