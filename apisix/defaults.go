package apisix

// CoreDefaults fills in the defaults APISIX 3.x's core schemas declare for
// the members this project writes (schema_def.lua): route priority 0 and
// status 1; upstream type roundrobin, scheme http, pass_host pass, hash_on
// vars and node priority 0 (inline upstreams too); SSL type server and
// status 1, client depth 1; keepalive_pool size 320, idle_timeout 60,
// requests 1000. Plugin defaults need the schemas: use *schema.Schemas.
type CoreDefaults struct{}

// ApplyDefaults implements Defaulter.
func (CoreDefaults) ApplyDefaults(k Kind, m map[string]any) {
	switch k {
	case KindRoute:
		setDefault(m, "priority", float64(0))
		setDefault(m, "status", float64(1))
		upstreamDefaults(m["upstream"])
	case KindService, KindStreamRoute:
		upstreamDefaults(m["upstream"])
	case KindUpstream:
		upstreamDefaults(m)
	case KindSSL:
		setDefault(m, "type", SSLTypeServer)
		setDefault(m, "status", float64(1))
		if c, ok := m["client"].(map[string]any); ok {
			setDefault(c, "depth", float64(1))
		}
	}
}

func upstreamDefaults(v any) {
	u, ok := v.(map[string]any)
	if !ok {
		return
	}
	setDefault(u, "type", UpstreamRoundRobin)
	setDefault(u, "scheme", "http")
	setDefault(u, "pass_host", PassHostPass)
	setDefault(u, "hash_on", "vars")
	if nodes, ok := u["nodes"].([]any); ok {
		for _, n := range nodes {
			if nm, ok := n.(map[string]any); ok {
				setDefault(nm, "priority", float64(0))
			}
		}
	}
	if kp, ok := u["keepalive_pool"].(map[string]any); ok {
		setDefault(kp, "size", float64(320))
		setDefault(kp, "idle_timeout", float64(60))
		setDefault(kp, "requests", float64(1000))
	}
	if tls, ok := u["tls"].(map[string]any); ok {
		setDefault(tls, "verify", false)
	}
}

func setDefault(m map[string]any, key string, v any) {
	if _, ok := m[key]; !ok {
		m[key] = v
	}
}
