package main

import (
	"encoding/json"
	"fmt"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// secretFields are the members of consumer credentials that hold secrets;
// `translate` prints them, and ssl private keys, redacted unless
// --show-secrets is given, so that its output can go to CI logs.
var secretFields = map[string]bool{
	"key": true, "password": true, "secret": true, "private_key": true, "secret_key": true,
}

// redactState returns a copy of s with secrets replaced.
func redactState(s *apisix.State) *apisix.State {
	c := *s
	c.SSLs = make([]*apisix.SSL, len(s.SSLs))
	for i, x := range s.SSLs {
		y := *x
		if y.Key != "" {
			y.Key = redacted(y.Key)
		}
		if len(y.Keys) > 0 {
			y.Keys = make([]string, len(x.Keys))
			for j, k := range x.Keys {
				y.Keys[j] = redacted(k)
			}
		}
		c.SSLs[i] = &y
	}
	c.Upstreams = make([]*apisix.Upstream, len(s.Upstreams))
	for i, x := range s.Upstreams {
		y := *x
		if x.TLS != nil && x.TLS.ClientKey != "" {
			t := *x.TLS
			t.ClientKey = redacted(t.ClientKey)
			y.TLS = &t
		}
		c.Upstreams[i] = &y
	}
	c.Consumers = make([]*apisix.Consumer, len(s.Consumers))
	for i, x := range s.Consumers {
		y := *x
		y.Plugins = redactPlugins(x.Plugins)
		c.Consumers[i] = &y
	}
	return &c
}

func redactPlugins(ps apisix.Plugins) apisix.Plugins {
	out := make(apisix.Plugins, len(ps))
	for name, raw := range ps {
		var m map[string]any
		if json.Unmarshal(raw, &m) != nil {
			out[name] = raw
			continue
		}
		for k, v := range m {
			if s, ok := v.(string); ok && secretFields[k] {
				m[k] = redacted(s)
			}
		}
		b, err := json.Marshal(m)
		if err != nil {
			out[name] = raw
			continue
		}
		out[name] = b
	}
	return out
}

func redacted(s string) string {
	return fmt.Sprintf("REDACTED (%d bytes; --show-secrets prints it)", len(s))
}
