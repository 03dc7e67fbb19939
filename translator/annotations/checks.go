package annotations

import (
	"net/netip"
	"net/url"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

const noVarsMsg = "must not contain nginx variables such as $host; use a literal value"

// charset returns a check accepting values that fully match re, and
// rejecting nginx variables with a dedicated message.
func charset(re *regexp.Regexp, what string) func(string) (string, string) {
	return func(s string) (string, string) {
		if strings.Contains(s, "$") {
			return "", noVarsMsg
		}
		if !re.MatchString(s) {
			return "", "must be " + what
		}
		return s, ""
	}
}

var (
	basicCharsRE  = regexp.MustCompile(`^[/\-._~a-zA-Z0-9:]+$`)
	spaceCharsRE  = regexp.MustCompile(`^[/\-._~a-zA-Z0-9: ]+$`)
	urlCharsRE    = regexp.MustCompile(`^[\-._~a-zA-Z0-9/:,?&=]+$`)
	headerNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	pathRE        = regexp.MustCompile(`^/[\-._~a-zA-Z0-9/:]*$`)
	rewriteRE     = regexp.MustCompile(`^/?([\-._~a-zA-Z0-9/:]|\$[0-9])*$`)
	regexCharsRE  = regexp.MustCompile(`^[/\-._~a-zA-Z0-9:^$\[\](){}*+?|&=\\]+$`)
	cipherRE      = regexp.MustCompile(`^[A-Za-z0-9!:+\-_@=]+$`)
	identRE       = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	nginxVarRE    = regexp.MustCompile(`^[A-Za-z0-9\-_${}]+$`)
	methodTokenRE = regexp.MustCompile(`^[A-Za-z]+$`)
	originRE      = regexp.MustCompile(`^([a-z]+://(\*\.)?[A-Za-z0-9\-.]+(:[0-9]+)?|\*|null)$`)
	signinCharsRE = regexp.MustCompile(`^[\-._~a-zA-Z0-9/:,?&=%]+$`)
)

var (
	checkBasic  = charset(basicCharsRE, "letters, digits and -._~/: only")
	checkSpaced = charset(spaceCharsRE, "letters, digits, spaces and -._~/: only")
	checkIdent  = charset(identRE, "letters, digits, - and _ only")
	checkCipher = charset(cipherRE, "an OpenSSL cipher list such as \"ECDHE-RSA-AES128-GCM-SHA256:!aNULL\"")
	checkPath   = charset(pathRE, "a path starting with / (letters, digits and -._~/: only)")
)

func checkURLChars(s string) (string, string) {
	return charset(urlCharsRE, "letters, digits and -._~/:,?&= only")(s)
}

// checkCIDR accepts an IP address or CIDR and returns its canonical form.
func checkCIDR(s string) (string, string) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return "", "is not an IP address or CIDR; use e.g. \"10.0.0.0/8,192.168.1.1\""
		}
		return p.Masked().String(), ""
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", "is not an IP address or CIDR; use e.g. \"10.0.0.0/8,192.168.1.1\""
	}
	return a.String(), ""
}

func checkHeaderName(s string) (string, string) {
	if strings.Contains(s, "$") {
		return "", noVarsMsg
	}
	if !headerNameRE.MatchString(s) {
		return "", "must be an HTTP header name (letters, digits, - and _)"
	}
	return s, ""
}

// checkHost accepts a DNS name or IP with an optional port, lower-cased.
func checkHost(s string) (string, string) {
	if strings.Contains(s, "$") {
		return "", noVarsMsg
	}
	h := strings.ToLower(s)
	name := h
	if i := strings.LastIndexByte(h, ':'); i > 0 {
		if _, msg := parseInt(h[i+1:], 1, 65535); msg != "" {
			return "", "must be a host name with an optional :port, e.g. \"api.example.com\""
		}
		name = h[:i]
	}
	if len(validation.IsDNS1123Subdomain(name)) > 0 {
		return "", "must be a host name with an optional :port, e.g. \"api.example.com\""
	}
	return h, ""
}

// checkServerName accepts a host name or a leading-wildcard host name.
func checkServerName(s string) (string, string) {
	if strings.HasPrefix(s, "~") {
		return "", "regular-expression server names have no APISIX equivalent; list the host names"
	}
	h := strings.ToLower(s)
	if len(validation.IsDNS1123Subdomain(strings.TrimPrefix(h, "*."))) > 0 {
		return "", "must be a host name or a wildcard such as \"*.example.com\""
	}
	return h, ""
}

// checkAbsURL accepts an absolute http(s) URL with a host.
func checkAbsURL(s string) (string, string) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "must be an absolute http:// or https:// URL, e.g. \"https://example.com/path\""
	}
	return s, ""
}

// checkRedirectURL is ingress-nginx's URLChars plus an absolute-URL check.
func checkRedirectURL(s string) (string, string) {
	if _, msg := checkURLChars(s); msg != "" {
		return "", msg
	}
	return checkAbsURL(s)
}

// signinVars are the variables a sign-in URL may use: APISIX sets them too.
var signinVars = []string{"$escaped_request_uri", "$request_uri", "$scheme", "$host", "$http_host"}

// checkSigninURL accepts an absolute URL that may use a few request variables.
func checkSigninURL(s string) (string, string) {
	rest := s
	for _, v := range signinVars {
		rest = strings.ReplaceAll(rest, v, "x")
	}
	if strings.Contains(rest, "$") {
		return "", "may use only the variables $scheme, $host, $http_host, $request_uri and $escaped_request_uri"
	}
	if !signinCharsRE.MatchString(rest) {
		return "", "must be a URL of letters, digits and -._~/:,?&=% only"
	}
	if _, msg := checkAbsURL(rest); msg != "" {
		return "", msg
	}
	return s, ""
}

// checkRewriteTarget is ingress-nginx's RegexPathWithCapture, where $ may
// only introduce a capture group reference ($1..$9).
func checkRewriteTarget(s string) (string, string) {
	if !rewriteRE.MatchString(s) {
		if strings.Contains(s, "$") {
			return "", "may use only capture groups $1..$9, not nginx variables"
		}
		return "", "must be a path (letters, digits and -._~/: only; no query string)"
	}
	return s, ""
}

// checkRegex accepts ingress-nginx's RegexChars that compile as a regexp.
func checkRegex(s string) (string, string) {
	if !regexCharsRE.MatchString(s) {
		return "", "must be a regular expression of letters, digits and -._~/:^$[](){}*+?|&=\\ only"
	}
	if _, err := regexp.Compile(s); err != nil {
		return "", "must be a valid regular expression: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	}
	return s, ""
}

// checkMatchCN accepts "CN=<regexp>".
func checkMatchCN(s string) (string, string) {
	if !strings.HasPrefix(s, "CN=") {
		return "", "must start with \"CN=\" followed by a regular expression"
	}
	if _, err := regexp.Compile(s[3:]); err != nil {
		return "", "must be CN= followed by a valid regular expression"
	}
	return s, ""
}

// checkObjectRef accepts "name" or "namespace/name".
func checkObjectRef(s string) (string, string) {
	const msg = "must be a name or namespace/name, e.g. \"my-secret\" or \"team-a/my-secret\""
	ns, name, found := strings.Cut(s, "/")
	if !found {
		ns, name = "", s
	}
	if found && len(validation.IsDNS1123Label(ns)) > 0 {
		return "", msg
	}
	if len(validation.IsDNS1123Subdomain(name)) > 0 {
		return "", msg
	}
	return s, ""
}

// checkServiceName accepts a Service name (DNS-1035 label).
func checkServiceName(s string) (string, string) {
	if len(validation.IsDNS1035Label(s)) > 0 {
		return "", "must be the name of a Service in the same namespace"
	}
	return s, ""
}

// checkNamespace accepts a namespace name.
func checkNamespace(s string) (string, string) {
	if len(validation.IsDNS1123Label(s)) > 0 {
		return "", "must be a namespace name"
	}
	return s, ""
}

// checkOrigin accepts an origin, a single-level wildcard origin, "null" or "*".
func checkOrigin(s string) (string, string) {
	if !originRE.MatchString(s) {
		return "", "must be an origin like \"https://example.com\", \"https://*.example.com\", \"null\" or \"*\""
	}
	return s, ""
}

// checkMethod accepts an HTTP method name, upper-cased.
func checkMethod(s string) (string, string) {
	if !methodTokenRE.MatchString(s) {
		return "", "must be an HTTP method such as GET"
	}
	return strings.ToUpper(s), ""
}

// checkExposeHeader accepts a header name or "*".
func checkExposeHeader(s string) (string, string) {
	if s == "*" {
		return s, ""
	}
	return checkHeaderName(s)
}

// checkErrorCode accepts a 4xx or 5xx status code.
func checkErrorCode(s string) (string, string) {
	if _, msg := parseInt(s, 400, 599); msg != "" || len(s) != 3 {
		return "", "must be an HTTP status code from 400 to 599"
	}
	return s, ""
}

// checkNginxVar is ingress-nginx's NGINXVariable character set.
func checkNginxVar(s string) (string, string) {
	if !nginxVarRE.MatchString(s) {
		return "", "must be nginx variables such as $remote_addr (letters, digits, -_${} only)"
	}
	return s, ""
}
