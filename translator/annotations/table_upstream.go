package annotations

import "strings"

var backendProtocols = []string{"HTTP", "HTTPS", "GRPC", "GRPCS", "AUTO_HTTP", "FCGI"}

func backendProtocolSpec() spec {
	s := enumSpec(true, backendProtocols, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		switch {
		case msg != "":
			return "", msg
		case v == "AUTO_HTTP":
			return "", "AUTO_HTTP has no APISIX equivalent; use HTTP or HTTPS"
		case v == "FCGI":
			return "", "APISIX has no FastCGI upstream; serve the application over HTTP"
		}
		if c != nil {
			c.Upstream.Scheme = strings.ToLower(v)
		}
		return v, ""
	}
	return s
}

func loadBalanceSpec() spec {
	values := []string{"round_robin", "chash", "chashsubset", "sticky_balanced", "sticky_persistent", "ewma"}
	s := enumSpec(false, values, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		switch {
		case msg != "":
			return "", msg
		case v == "chashsubset":
			return "", "APISIX has no subset hashing; use \"chash\" with upstream-hash-by"
		case strings.HasPrefix(v, "sticky_"):
			return "", "use affinity: \"cookie\" for sticky sessions"
		}
		if c != nil {
			c.Upstream.LoadBalance = map[string]string{"round_robin": "roundrobin", "chash": "chash", "ewma": "ewma"}[v]
		}
		return v, ""
	}
	return s
}

func upstreamEntries() []Entry {
	const g = "Backend protocol and upstream"
	return []Entry{
		nginx("backend-protocol", backendProtocolSpec(), Entry{
			Group: g, Default: "HTTP", Canonical: APISIXPrefix + "upstream-scheme",
			toCanonical: func(v string) (string, bool) { return strings.ToLower(v), true },
			Description: "Protocol spoken to the backend; AUTO_HTTP and FCGI are rejected.",
			APISIX:      "upstream scheme (http, https, grpc, grpcs)",
		}),
		nginx("service-upstream", boolSpec(func(c *Config, b bool) { c.Upstream.ServiceUpstream = b }), Entry{
			Group: g, Default: "false",
			Description: "Proxies to the Service's cluster IP instead of its endpoints.",
			APISIX:      "upstream node <service>.<namespace>.svc:<port>",
		}),
		nginx("upstream-vhost", stringSpec(TypeHost, checkHost, func(c *Config, v string) { c.Upstream.Host = v }), Entry{
			Group: g, Default: "the request Host",
			Description: "Host header sent to the backend.",
			APISIX:      "proxy-rewrite.host",
		}),
		nginx("proxy-http-version", ignoreSpec(enumSpec(false, []string{"1.0", "1.1"}, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "1.1",
			Description: "HTTP version spoken to the backend.",
			APISIX:      "none (always HTTP/1.1)",
			Note:        "ignored: APISIX always speaks HTTP/1.1 to upstreams",
		}),
		nginx("upstream-hash-by", stringSpec(TypeString, checkNginxVar, func(c *Config, v string) { c.Upstream.HashBy = hashKey(v) }), Entry{
			Group:       "Session affinity and load balancing",
			Description: "Consistent hashing of requests to endpoints by this nginx variable expression; wins over load-balance.",
			APISIX:      "upstream type chash with hash_on vars, header, cookie or vars_combinations",
		}),
		nginx("upstream-hash-by-subset", boolSpec(func(c *Config, b bool) { c.Upstream.HashBySubset = b }), Entry{
			Group: "Session affinity and load balancing", Stance: TranslateWithWarning, Default: "false",
			Description: "Hashes to a subset of endpoints and picks one at random.",
			APISIX:      "upstream type chash",
			Note:        "APISIX hashes each key to one endpoint, not to a random endpoint of a subset",
		}),
		nginx("upstream-hash-by-subset-size", ignoreSpec(intSpec(1, maxInt32, nil)), Entry{
			Group: "Session affinity and load balancing", Stance: IgnoreWithWarning, Default: "3",
			Description: "Size of the upstream-hash-by-subset subsets.",
			APISIX:      "none",
			Note:        "ignored: APISIX chash has no subsets",
		}),
		nginx("load-balance", loadBalanceSpec(), Entry{
			Group: "Session affinity and load balancing", Default: "round_robin",
			Description: "Load-balancing algorithm; the sticky and subset variants are rejected in favour of affinity/upstream-hash-by.",
			APISIX:      "upstream type (roundrobin, chash, ewma)",
		}),
	}
}

// hashVars are the variables APISIX accepts for hash_on: vars.
var hashVars = []string{"uri", "server_name", "server_addr", "request_uri", "remote_port", "remote_addr", "query_string", "host", "hostname"}

// hashKey maps an upstream-hash-by expression to an APISIX chash key.
func hashKey(expr string) *HashKey {
	name := strings.TrimPrefix(expr, "$")
	if strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}") {
		name = name[1 : len(name)-1]
	}
	single := strings.HasPrefix(expr, "$") && identRE.MatchString(name)
	switch {
	case !single:
		return &HashKey{On: "vars_combinations", Key: expr}
	case strings.HasPrefix(name, "http_"):
		return &HashKey{On: "header", Key: strings.TrimPrefix(name, "http_")}
	case strings.HasPrefix(name, "cookie_"):
		return &HashKey{On: "cookie", Key: strings.TrimPrefix(name, "cookie_")}
	case strings.HasPrefix(name, "arg_") || contains(hashVars, name):
		return &HashKey{On: "vars", Key: name}
	}
	return &HashKey{On: "vars_combinations", Key: "$" + name}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func onOffSpec(set func(*Config, bool)) spec {
	s := enumSpec(false, []string{"on", "off"}, nil)
	inner := s.run
	s.run = func(raw string, c *Config) (string, string) {
		v, msg := inner(raw, nil)
		if msg == "" && c != nil && set != nil {
			set(c, v == "on")
		}
		return v, msg
	}
	return s
}

func upstreamTLSEntries() []Entry {
	const g = "Upstream TLS"
	verify := onOffSpec(nil)
	verifyRun := verify.run
	verify.run = func(raw string, c *Config) (string, string) {
		v, msg := verifyRun(raw, c)
		if v == "on" {
			return "", "\"on\" is not supported: APISIX cannot verify upstream certificates per route; use \"off\""
		}
		return v, msg
	}
	return []Entry{
		nginx("proxy-ssl-secret", stringSpec(TypeObjectRef, checkObjectRef, func(c *Config, v string) { c.Upstream.ClientCertSecret = objectRef(v) }), Entry{
			Group: g, Stance: TranslateWithWarning,
			Description: "Secret (tls.crt, tls.key, ca.crt) for TLS to the backend.",
			APISIX:      "upstream tls.client_cert / tls.client_key",
			Note:        "tls.crt/tls.key become the upstream client certificate; ca.crt is unused (no per-route verification)",
		}),
		nginx("proxy-ssl-verify", verify, Entry{
			Group: g, Stance: TranslateWithWarning, Default: "off",
			Description: "Verifies the backend's certificate; only \"off\" is accepted.",
			APISIX:      "none per route (upstream tls.verify is kafka-only)",
			Note:        "only \"off\" is supported: APISIX cannot verify upstream certificates per route",
		}),
		nginx("proxy-ssl-verify-depth", ignoreSpec(intSpec(0, maxInt32, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "1",
			Description: "Verification depth of the backend's certificate chain.",
			APISIX:      "none",
			Note:        "ignored: APISIX does not verify upstream certificates per route",
		}),
		nginx("proxy-ssl-ciphers", ignoreSpec(stringSpec(TypeString, checkCipher, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "DEFAULT",
			Description: "Ciphers for TLS to the backend.",
			APISIX:      "none",
			Note:        "ignored: APISIX has no per-upstream TLS cipher setting",
		}),
		nginx("proxy-ssl-protocols", ignoreSpec(listSpec(TypeList, " ", func(s string) (string, string) {
			if s != "TLSv1.2" && s != "TLSv1.3" {
				return "", "must be TLSv1.2 or TLSv1.3"
			}
			return s, ""
		}, nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "TLSv1.2",
			Description: "TLS versions for TLS to the backend.",
			APISIX:      "none",
			Note:        "ignored: APISIX has no per-upstream TLS protocol setting",
		}),
		nginx("proxy-ssl-name", stringSpec(TypeHost, checkHost, func(c *Config, v string) { c.Upstream.SSLName = v }), Entry{
			Group: g, Stance: TranslateWithWarning, Default: "the upstream host",
			Description: "Server name (SNI) used for TLS to the backend.",
			APISIX:      "upstream pass_host: rewrite + upstream_host",
			Note:        "APISIX sends this name as both SNI and Host header (upstream_host)",
		}),
		nginx("proxy-ssl-server-name", ignoreSpec(onOffSpec(nil)), Entry{
			Group: g, Stance: IgnoreWithWarning, Default: "off",
			Description: "Sends SNI to the backend.",
			APISIX:      "none (APISIX always sends SNI to https upstreams)",
			Note:        "ignored: APISIX always sends SNI to https upstreams",
		}),
		nginx("fastcgi-index", rejectSpec(TypeString), Entry{
			Group: g, Stance: Reject,
			Description: "fastcgi_index for backend-protocol FCGI.",
			APISIX:      "none",
			Note:        "APISIX has no FastCGI upstream; serve the application over HTTP and remove fastcgi-* annotations",
		}),
		nginx("fastcgi-params-configmap", rejectSpec(TypeObjectRef), Entry{
			Group: g, Stance: Reject,
			Description: "ConfigMap of fastcgi_param values for backend-protocol FCGI.",
			APISIX:      "none",
			Note:        "APISIX has no FastCGI upstream; serve the application over HTTP and remove fastcgi-* annotations",
		}),
	}
}

// objectRef splits a checked "name" or "namespace/name".
func objectRef(v string) *ObjectRef {
	if ns, name, ok := strings.Cut(v, "/"); ok {
		return &ObjectRef{Namespace: ns, Name: name}
	}
	return &ObjectRef{Name: v}
}
