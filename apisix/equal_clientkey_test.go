package apisix_test

import (
	"testing"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// TestEqualIgnoresUpstreamClientKey: APISIX 3.18 stores an upstream's
// tls.client_key encrypted and returns it so on reads (seen by
// apisix/apisixtest's differential test against a real APISIX), so an
// upstream read back never carries the PEM key it was written with. Without
// leaving the key out of the comparison, every sync would rewrite it.
func TestEqualIgnoresUpstreamClientKey(t *testing.T) {
	desired := &apisix.Upstream{ID: "u1", Nodes: []apisix.Node{{Host: "10.0.0.1", Port: 443, Weight: 1}}, Scheme: "https",
		TLS: &apisix.UpstreamTLS{ClientCert: "-----BEGIN CERTIFICATE-----\nC\n", ClientKey: "-----BEGIN PRIVATE KEY-----\nK\n"}}
	read := *desired
	read.TLS = &apisix.UpstreamTLS{ClientCert: desired.TLS.ClientCert, ClientKey: "VMF7ACvwvQk6t8kvorP2IF5eCqk="}
	if !apisix.Equal(apisix.KindUpstream, desired, &read, nil) {
		t.Error("an upstream read back with its client key encrypted differs from the one written")
	}
	other := read
	other.TLS = &apisix.UpstreamTLS{ClientCert: "-----BEGIN CERTIFICATE-----\nD\n", ClientKey: read.TLS.ClientKey}
	if apisix.Equal(apisix.KindUpstream, desired, &other, nil) {
		t.Error("a changed client certificate compares equal")
	}

	route := &apisix.Route{ID: "r1", URI: "/", Upstream: desired}
	routeRead := &apisix.Route{ID: "r1", URI: "/", Upstream: &read}
	if !apisix.Equal(apisix.KindRoute, route, routeRead, nil) {
		t.Error("a route whose inline upstream's client key was read back encrypted differs from the one written")
	}
}
