package schema_test

import (
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

var (
	fakeCert = "-----BEGIN CERTIFICATE-----\n" + strings.Repeat("MIIB", 40) + "\n-----END CERTIFICATE-----"
	fakeKey  = "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("MIIE", 20) + "\n-----END PRIVATE KEY-----"
)

func owned() apisix.Labels {
	return apisix.Labels{apisix.LabelManagedBy: "apisix-ingress", apisix.LabelSourceKind: "Ingress", apisix.LabelSourceNamespace: "default", apisix.LabelSourceName: "web"}
}

func fullUpstream(id string) *apisix.Upstream {
	return &apisix.Upstream{
		ID: id, Name: "web", Labels: owned(), Desc: "web backends",
		Type:   apisix.UpstreamCHash,
		HashOn: "header", Key: "x-user",
		Nodes: apisix.Nodes{
			{Host: "10.0.0.1", Port: 8080, Weight: 100},
			{Host: "10.0.0.2", Port: 8080, Weight: 0, Priority: -1, Metadata: map[string]any{"zone": "b"}},
		},
		Retries: apisix.Ptr(2), RetryTimeout: apisix.Ptr(1.5),
		Timeout: &apisix.Timeout{Connect: 1, Send: 2, Read: 3.5},
		Scheme:  "https", PassHost: apisix.PassHostRewrite, UpstreamHost: "backend.example.com",
		KeepalivePool: &apisix.KeepalivePool{Size: apisix.Ptr(10), IdleTimeout: apisix.Ptr(30.0), Requests: apisix.Ptr(100)},
		TLS:           &apisix.UpstreamTLS{ClientCertID: "client-cert", Verify: true},
		Checks: &apisix.HealthCheck{
			Active: &apisix.ActiveCheck{
				Type: "https", Timeout: apisix.Ptr(2.0), Concurrency: apisix.Ptr(5), Host: "backend.example.com", Port: 8443,
				HTTPPath: "/healthz", HTTPMethod: "GET", HTTPSVerifyCertificate: apisix.Ptr(false), ReqHeaders: []string{"User-Agent: probe"},
				Healthy:   &apisix.ActiveHealthy{Interval: 2, HTTPStatuses: []int{200}, Successes: 3},
				Unhealthy: &apisix.ActiveUnhealthy{Interval: 1, HTTPStatuses: []int{500, 503}, HTTPFailures: 3, TCPFailures: 2, Timeouts: 3},
			},
			Passive: &apisix.PassiveCheck{
				Type:      "http",
				Healthy:   &apisix.PassiveHealthy{HTTPStatuses: []int{200, 201}, Successes: apisix.Ptr(0)},
				Unhealthy: &apisix.PassiveUnhealthy{HTTPStatuses: []int{500}, HTTPFailures: apisix.Ptr(3), TCPFailures: apisix.Ptr(1), Timeouts: apisix.Ptr(2)},
			},
		},
	}
}

// resources returns, per kind, a minimal and a fullest object.
func resources() map[string]apisix.Object {
	plugins := apisix.Plugins{}
	_ = plugins.Set(apisix.PluginProxyRewrite, apisix.ProxyRewrite{URI: "/v2"})
	return map[string]apisix.Object{
		"upstream/minimal": &apisix.Upstream{ID: "u1"},
		"upstream/fullest": fullUpstream("u2"),
		"upstream/discovery": &apisix.Upstream{ID: "u3", ServiceName: "default/web:http", DiscoveryType: "kubernetes",
			DiscoveryArgs: &apisix.DiscoveryArgs{NamespaceID: "default", GroupName: "g"}},
		"service/minimal": &apisix.Service{ID: "s1"},
		"service/fullest": &apisix.Service{ID: "s2", Name: "svc", Desc: "d", Labels: owned(), Hosts: []string{"a.example.com", "*.b.example.com"},
			EnableWebsocket: true, Plugins: plugins, UpstreamID: "u1"},
		"plugin_config/minimal":  &apisix.PluginConfig{ID: "pc1", Plugins: apisix.Plugins{}},
		"plugin_config/fullest":  &apisix.PluginConfig{ID: "pc2", Name: "pc", Desc: "d", Labels: owned(), Plugins: plugins},
		"consumer_group/minimal": &apisix.ConsumerGroup{ID: "cg1", Plugins: apisix.Plugins{}},
		"consumer_group/fullest": &apisix.ConsumerGroup{ID: "cg2", Name: "gold", Desc: "d", Labels: owned(), Plugins: plugins},
		"consumer/minimal":       &apisix.Consumer{Username: "alice"},
		"consumer/fullest": &apisix.Consumer{Username: "bob_2", Desc: "d", Labels: owned(), GroupID: "cg1",
			Plugins: apisix.Plugins{"key-auth": []byte(`{"key":"secret"}`)}},
		"ssl/minimal": &apisix.SSL{ID: "c1", Cert: fakeCert, Key: fakeKey, SNI: "a.example.com"},
		"ssl/fullest": &apisix.SSL{ID: "c2", Desc: "d", Labels: owned(), Type: apisix.SSLTypeServer, Cert: fakeCert, Key: fakeKey,
			Certs: []string{fakeCert}, Keys: []string{fakeKey}, SNIs: []string{"a.example.com", "*.example.com"},
			Client: &apisix.SSLClient{CA: fakeCert, Depth: apisix.Ptr(2), SkipMTLSURIRegex: []string{"^/healthz$"}},
			Status: apisix.Ptr(1), SSLProtocols: []string{"TLSv1.2", "TLSv1.3"}},
		"ssl/client":          &apisix.SSL{ID: "c3", Type: apisix.SSLTypeClient, Cert: fakeCert, Key: fakeKey},
		"global_rule/minimal": &apisix.GlobalRule{ID: "g1", Plugins: apisix.Plugins{}},
		"global_rule/fullest": &apisix.GlobalRule{ID: "g2", Plugins: apisix.Plugins{"real-ip": []byte(`{"source":"http_x_forwarded_for"}`)}},
		"route/minimal":       &apisix.Route{ID: "r1", URI: "/", UpstreamID: "u1"},
		"route/fullest": &apisix.Route{ID: "r2", Name: "web", Labels: owned(),
			URIs: []string{"/a", "/b/*"}, Hosts: []string{"a.example.com"}, Methods: []string{"GET", "POST"},
			RemoteAddrs: []string{"10.0.0.0/8", "::1", "192.168.1.1"}, Vars: []any{[]any{"arg_name", "==", "json"}},
			Priority: 10, EnableWebsocket: true,
			Timeout: &apisix.Timeout{Connect: 1, Send: 1, Read: 1}, Plugins: plugins, PluginConfigID: "pc1",
			Desc: "d", FilterFunc: "function(vars) return true end", Status: apisix.Ptr(0),
			Upstream: &apisix.Upstream{Nodes: apisix.Nodes{{Host: "web.default.svc", Port: 80, Weight: 1}}}, ServiceID: "s1"},
		"stream_route/minimal": &apisix.StreamRoute{ID: "sr1", UpstreamID: "u1"},
		"stream_route/fullest": &apisix.StreamRoute{ID: "sr2", Name: "tcp", Desc: "d", Labels: owned(), RemoteAddr: "10.0.0.0/8",
			ServerAddr: "127.0.0.1", ServerPort: 9100, SNI: "a.example.com", UpstreamID: "u1",
			Protocol: &apisix.StreamProtocol{Name: "redis", Conf: map[string]any{"faults": []any{}}}},
	}
}
