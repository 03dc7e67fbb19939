package translator

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// upstreamSettings is an ApisixUpstream configuration in APISIX form. An
// empty string or nil pointer means "not set", so port level settings can
// overlay the object's own.
type upstreamSettings struct {
	lbType, hashOn, key    string
	scheme                 string
	retries                *int
	timeout                *apisix.Timeout
	checks                 *apisix.HealthCheck
	passHost, upstreamHost string
	tls                    *apisix.UpstreamTLS
}

// compiledUpstream is an ApisixUpstream translated once per translation and
// applied to every upstream that uses it.
type compiledUpstream struct {
	ref  ObjectRef
	base upstreamSettings
	// ports are the settings for Service ports with portLevelSettings: the
	// object's own settings overlaid with the port's.
	ports map[int32]upstreamSettings
	// subsets are the pod label sets by subset name.
	subsets map[string]map[string]string
	// external are the nodes of externalNodes (nil when there are none).
	external apisix.Nodes
	// failed is set when the object has errors; routes using it say so.
	failed bool
}

// settingsFor returns the settings for a Service port.
func (c *compiledUpstream) settingsFor(port int32) upstreamSettings {
	if s, ok := c.ports[port]; ok {
		return s
	}
	return c.base
}

// apisixUpstream compiles an ApisixUpstream. It emits no APISIX object of its
// own: its settings apply to the upstreams of the Service of the same name
// (ApisixRoute backends), and its externalNodes to the upstreams of
// ApisixRoute rules that reference it in upstreams[]. Errors are reported on
// the ApisixUpstream; a setting with an error is left out, the others still
// apply.
func (t *translation) apisixUpstream(st *crdState, o *apiv2.ApisixUpstream) {
	ref := ObjectRef{Kind: kindApisixUpstream, Namespace: o.Namespace, Name: o.Name}
	e := t.newEmitter(ref, o.Generation)
	spec := field.NewPath("spec")
	c := &compiledUpstream{ref: ref, base: t.upstreamConfig(e, o.Namespace, &o.Spec.ApisixUpstreamConfig, spec)}
	c.subsets = upstreamSubsets(e, o.Spec.Subsets, spec.Child("subsets"))
	for i := range o.Spec.PortLevelSettings {
		pls := &o.Spec.PortLevelSettings[i]
		fp := spec.Child("portLevelSettings").Index(i)
		if len(pls.Subsets) > 0 {
			e.warn(fp.Child("subsets"), "subsets are defined for the whole Service; these are ignored")
		}
		if c.ports == nil {
			c.ports = map[int32]upstreamSettings{}
		}
		c.ports[pls.Port] = overlay(c.base, t.upstreamConfig(e, o.Namespace, &pls.ApisixUpstreamConfig, fp))
	}
	c.external = t.externalNodes(e, o, spec.Child("externalNodes"))
	c.failed = len(e.errs) > 0
	st.upstreams[nsName{o.Namespace, o.Name}] = c
	t.commit(e)
}

// upstreamConfig translates one configuration block (the object's, or a
// port's).
func (t *translation) upstreamConfig(e *emitter, ns string, c *apiv2.ApisixUpstreamConfig, fp *field.Path) upstreamSettings {
	var s upstreamSettings
	if lb := c.LoadBalancer; lb != nil {
		s.lbType, s.hashOn, s.key = loadBalancer(e, lb, fp.Child("loadbalancer"))
	}
	s.scheme = c.Scheme
	if c.Retries != nil {
		s.retries = apisix.Ptr(int(*c.Retries))
	}
	if c.Timeout != nil {
		s.timeout = timeoutSeconds(e, c.Timeout, fp.Child("timeout"))
	}
	if c.HealthCheck != nil {
		s.checks = healthChecks(e, c.HealthCheck, fp.Child("healthCheck"))
	}
	s.passHost, s.upstreamHost = c.PassHost, c.UpstreamHost
	if s.passHost == apisix.PassHostRewrite && s.upstreamHost == "" {
		e.err(field.Required(fp.Child("upstreamHost"), "passHost rewrite needs upstreamHost"))
		s.passHost = ""
	}
	if c.TLSSecret != nil {
		s.tls = t.upstreamTLS(e, ns, c.TLSSecret, fp.Child("tlsSecret"))
	}
	if c.Discovery != nil {
		e.warn(fp.Child("discovery"), "service discovery is not used: this controller resolves Services to endpoints itself")
	}
	return s
}

// overlay returns base with every setting of port that is set.
func overlay(base, port upstreamSettings) upstreamSettings {
	out := base
	if port.lbType != "" {
		out.lbType, out.hashOn, out.key = port.lbType, port.hashOn, port.key
	}
	if port.scheme != "" {
		out.scheme = port.scheme
	}
	if port.retries != nil {
		out.retries = port.retries
	}
	if port.timeout != nil {
		out.timeout = port.timeout
	}
	if port.checks != nil {
		out.checks = port.checks
	}
	if port.passHost != "" {
		out.passHost, out.upstreamHost = port.passHost, port.upstreamHost
	}
	if port.tls != nil {
		out.tls = port.tls
	}
	return out
}

// apply sets the settings on an upstream. Pointers are copied, so emitted
// objects never share mutable parts. stream leaves out what only HTTP
// upstreams have (scheme, pass_host, client certificate).
func (s upstreamSettings) apply(up *apisix.Upstream, stream bool) {
	if s.lbType != "" {
		up.Type, up.HashOn, up.Key = s.lbType, s.hashOn, s.key
	}
	if s.retries != nil {
		up.Retries = apisix.Ptr(*s.retries)
	}
	if s.timeout != nil {
		up.Timeout = apisix.Ptr(*s.timeout)
	}
	if s.checks != nil {
		up.Checks = cloneChecks(s.checks)
	}
	if stream {
		return
	}
	if s.scheme != "" {
		up.Scheme = s.scheme
	}
	if s.passHost != "" {
		up.PassHost, up.UpstreamHost = s.passHost, s.upstreamHost
	}
	if s.tls != nil {
		up.TLS = apisix.Ptr(*s.tls)
	}
}

// upstreamSubsets indexes the subsets by name.
func upstreamSubsets(e *emitter, subsets []apiv2.ApisixUpstreamSubset, fp *field.Path) map[string]map[string]string {
	if len(subsets) == 0 {
		return nil
	}
	out := make(map[string]map[string]string, len(subsets))
	for i, s := range subsets {
		if _, dup := out[s.Name]; dup {
			e.err(field.Duplicate(fp.Index(i).Child("name"), s.Name))
			continue
		}
		if len(s.Labels) == 0 {
			e.err(field.Required(fp.Index(i).Child("labels"), fmt.Sprintf("subset %s needs pod labels to select", s.Name)))
			continue
		}
		out[s.Name] = s.Labels
	}
	return out
}
