package schema_test

import "testing"

// TestDefaultsFilledBeforeIf: APISIX's validator fills in defaults while it
// validates, so an if/then on a defaulted property sees the default. Each of
// these configurations was sent to a real APISIX 3.18.0 (PUT
// /apisix/admin/plugin_configs) and accepted; a checker that does not fill
// defaults first rejects the first three (`property "redis_host" is required`),
// and the last two (minProperties; an array default written by Lua as {}).
func TestDefaultsFilledBeforeIf(t *testing.T) {
	s := load(t)
	for _, c := range []struct{ plugin, conf string }{
		{"limit-count", `{"count":10,"time_window":60}`},
		{"limit-req", `{"rate":1,"burst":0,"key":"remote_addr"}`},
		{"limit-conn", `{"conn":10,"burst":0,"default_conn_delay":0.1,"key":"remote_addr"}`},
		{"proxy-rewrite", `{}`},
		{"forward-auth", `{"uri":"http://127.0.0.1:1/verify"}`},
	} {
		if err := s.CheckPlugin(c.plugin, []byte(c.conf)); err != nil {
			t.Errorf("CheckPlugin(%s, %s) = %v, want accepted (as real APISIX does)", c.plugin, c.conf, err)
		}
	}
}
