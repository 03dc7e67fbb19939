package apisix

// ProxyRewrite is the config of proxy-rewrite: rewrites of the request sent
// upstream. APISIX needs at least one member.
type ProxyRewrite struct {
	URI                     string     `json:"uri,omitempty" validate:"omitempty,max=4096,pat_abs_uri"`
	Method                  string     `json:"method,omitempty" validate:"omitempty,oneof=GET POST PUT DELETE LOCK HEAD OPTIONS TRACE PATCH UNLOCK MKCOL PROPFIND COPY MOVE"`
	RegexURI                []string   `json:"regex_uri,omitempty" validate:"omitempty,min=2"`
	Host                    string     `json:"host,omitempty" validate:"omitempty,pat_rewrite_host"`
	Headers                 *HeaderOps `json:"headers,omitempty"`
	UseRealRequestURIUnsafe bool       `json:"use_real_request_uri_unsafe,omitempty"`
}

func (c *ProxyRewrite) extraCheck() string {
	if c.URI == "" && c.Method == "" && c.RegexURI == nil && c.Host == "" && c.Headers == nil && !c.UseRealRequestURIUnsafe {
		return "expect object to have at least 1 properties"
	}
	return c.Headers.check("headers", `^[^:]+$`)
}

// Redirect is the config of redirect. Exactly one of URI, RegexURI and
// HTTPToHTTPS must be set.
type Redirect struct {
	HTTPToHTTPS       bool     `json:"http_to_https,omitempty"`
	URI               string   `json:"uri,omitempty" validate:"omitempty,min=2,pat_redirect_uri"`
	RegexURI          []string `json:"regex_uri,omitempty" validate:"omitempty,min=2,max=2"`
	RetCode           *int     `json:"ret_code,omitempty" validate:"omitempty,min=200"`
	EncodeURI         bool     `json:"encode_uri,omitempty"`
	AppendQueryString bool     `json:"append_query_string,omitempty"`
}

func (c *Redirect) extraCheck() string {
	if msg := oneOfRequired(c.URI != "", c.RegexURI != nil, c.HTTPToHTTPS); msg != "" {
		return msg
	}
	if c.HTTPToHTTPS && c.AppendQueryString {
		return "only one of `http_to_https` and `append_query_string` can be configured."
	}
	return ""
}

// ResponseRewrite is the config of response-rewrite. Body and Filters
// exclude each other.
type ResponseRewrite struct {
	StatusCode      *int             `json:"status_code,omitempty" validate:"omitempty,min=200,max=598"`
	Body            string           `json:"body,omitempty"`
	BodyBase64      bool             `json:"body_base64,omitempty"`
	Headers         *ResponseHeaders `json:"headers,omitempty"`
	Vars            []any            `json:"vars,omitempty"`
	Filters         []ResponseFilter `json:"filters,omitempty" validate:"omitempty,min=1,dive"`
	MaxRespBodySize *int             `json:"max_resp_body_size,omitempty" validate:"omitempty,min=1"`
}

// ResponseFilter is one regex substitution on the response body.
type ResponseFilter struct {
	Regex   string `json:"regex" validate:"required"`
	Scope   string `json:"scope,omitempty" validate:"omitempty,oneof=once global"`
	Replace string `json:"replace"`
	Options string `json:"options,omitempty"`
}

func (c *ResponseRewrite) extraCheck() string {
	if c.Body != "" && c.Filters != nil {
		return `failed to validate dependent schema for "body": value wasn't supposed to match schema`
	}
	return c.Headers.check()
}
