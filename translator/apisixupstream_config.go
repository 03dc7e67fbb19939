package translator

import (
	"regexp"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// APISIX's patterns for chash keys (apisix/upstream.lua).
var (
	hashVarsKey   = regexp.MustCompile(`^((uri|server_name|server_addr|request_uri|remote_port|remote_addr|query_string|host|hostname|mqtt_client_id)|arg_[0-9a-zA-z_-]+)$`)
	hashHeaderKey = regexp.MustCompile(`^[a-zA-Z0-9-_]+$`)
)

// loadBalancer returns APISIX's type, hash_on and key.
func loadBalancer(e *emitter, lb *apiv2.LoadBalancer, fp *field.Path) (string, string, string) {
	if lb.Type != apisix.UpstreamCHash {
		return lb.Type, "", ""
	}
	on := lb.HashOn
	if on == "" {
		on = "vars"
	}
	bad := ""
	switch on {
	case "vars":
		if !hashVarsKey.MatchString(lb.Key) {
			bad = "must be one of uri, server_name, server_addr, request_uri, remote_port, remote_addr, query_string, host, hostname, mqtt_client_id or arg_<name>"
		}
	case "header", "cookie":
		if !hashHeaderKey.MatchString(lb.Key) {
			bad = "must be a " + on + " name of letters, digits, '-' and '_'"
		}
	case "vars_combinations":
		if lb.Key == "" {
			bad = "must be an expression of variables such as $host$remote_addr"
		}
	}
	if bad != "" {
		e.err(field.Invalid(fp.Child("key"), lb.Key, bad))
		return "", "", ""
	}
	if on == "consumer" {
		return lb.Type, on, ""
	}
	return lb.Type, on, lb.Key
}

// timeoutSeconds converts connect/send/read durations to APISIX's timeout
// object in seconds; APISIX needs all three, so an unset one is 60 (APISIX's
// and the APISIX ingress controller's default).
func timeoutSeconds(e *emitter, to *apiv2.UpstreamTimeout, fp *field.Path) *apisix.Timeout {
	out := &apisix.Timeout{Connect: 60, Send: 60, Read: 60}
	ok := true
	for _, x := range []struct {
		name string
		d    apiv2.Duration
		dst  *float64
	}{{"connect", to.Connect, &out.Connect}, {"send", to.Send, &out.Send}, {"read", to.Read, &out.Read}} {
		if x.d == "" {
			continue
		}
		sec, ferr := durationSeconds(x.d, fp.Child(x.name))
		if ferr != nil {
			e.err(ferr)
			ok = false
			continue
		}
		*x.dst = sec
	}
	if !ok {
		return nil
	}
	return out
}

// durationSeconds parses a Go duration that must be positive.
func durationSeconds(d apiv2.Duration, fp *field.Path) (float64, *field.Error) {
	v, err := time.ParseDuration(string(d))
	if err != nil {
		return 0, field.Invalid(fp, string(d), "must be a duration such as 5s, 1m30s or 500ms")
	}
	if v <= 0 {
		return 0, field.Invalid(fp, string(d), "must be greater than 0")
	}
	return v.Seconds(), nil
}

// upstreamTLS reads the client certificate APISIX presents to the upstream.
func (t *translation) upstreamTLS(e *emitter, ns string, ref *apiv2.ApisixSecret, fp *field.Path) *apisix.UpstreamTLS {
	secNS := ref.Namespace
	if secNS == "" {
		secNS = ns
	}
	cert, key, ferr := t.tlsPair(secNS, ref.Name, fp)
	if ferr != nil {
		e.err(ferr)
		return nil
	}
	if cert == "" { // contents not read (admission)
		return nil
	}
	return &apisix.UpstreamTLS{ClientCert: cert, ClientKey: key}
}
