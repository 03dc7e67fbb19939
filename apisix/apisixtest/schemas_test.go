package apisixtest_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

func schemaServer(t *testing.T) *apisixtest.Server {
	t.Helper()
	return newServer(t, apisixtest.Options{SchemasDir: testutil.SchemasDir(t)})
}

func TestSchemaRejections(t *testing.T) {
	s := schemaServer(t)
	for _, tc := range []struct {
		name, path, body, msg string
	}{
		{
			"route method not in enum", "/apisix/admin/routes/r1",
			`{"uri":"/","methods":["FETCH"],"upstream":{"nodes":{"a:1":1}}}`,
			`invalid configuration: property "methods" validation failed: failed to validate item 1: matches none of the enum values`,
		},
		{
			"route uri wrong type", "/apisix/admin/routes/r1",
			`{"uri":1,"upstream":{"nodes":{"a:1":1}}}`,
			`invalid configuration: property "uri" validation failed: wrong type: expected string, got number`,
		},
		{
			"upstream unknown member", "/apisix/admin/upstreams/u1",
			`{"nodes":{"a:1":1},"foo":1}`,
			`invalid configuration: additional properties forbidden, found foo`,
		},
		{
			"plugin bad value", "/apisix/admin/routes/r1",
			`{"uri":"/","plugins":{"limit-req":{"rate":0,"burst":1,"key":"remote_addr"}},"upstream":{"nodes":{"a:1":1}}}`,
			`failed to check the configuration of plugin limit-req err: property "rate" validation failed: expected 0 to be greater than 0`,
		},
		{
			"unknown plugin", "/apisix/admin/global_rules/g1",
			`{"plugins":{"no-such-plugin":{}}}`,
			`unknown plugin [no-such-plugin]`,
		},
		{
			"consumer plugin checked against consumer_schema", "/apisix/admin/consumers/jack",
			`{"username":"jack","plugins":{"key-auth":{}}}`,
			`invalid plugins configuration: failed to check the configuration of plugin key-auth err: property "key" is required`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := call(t, s, "PUT", tc.path, tc.body)
			assert.Equal(t, 400, code)
			var eb struct {
				ErrorMsg string `json:"error_msg"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &eb), body)
			assert.Equal(t, tc.msg, eb.ErrorMsg)
		})
	}
	assert.Empty(t, s.Snapshot()["routes"])
}

// TestBodyStoredAsSent pins that, like APISIX 3.18, the server checks a
// body with the schemas' defaults filled in but stores and answers it as sent.
func TestBodyStoredAsSent(t *testing.T) {
	s := schemaServer(t)
	code, body := call(t, s, "PUT", "/apisix/admin/routes/r1",
		`{"uri":"/","plugins":{"key-auth":{}},"upstream":{"nodes":[{"host":"a","port":1,"weight":1}],"keepalive_pool":{"size":10}}}`)
	require.Equal(t, 201, code, body)
	assert.JSONEq(t, `{"key":"/apisix/routes/r1","value":{"id":"r1","uri":"/",
		"plugins":{"key-auth":{}},
		"upstream":{"nodes":[{"host":"a","port":1,"weight":1}],"keepalive_pool":{"size":10}},
		"create_time":1700000000,"update_time":1700000000}}`, body)
	code, body = call(t, s, "GET", "/apisix/admin/routes/r1", "")
	require.Equal(t, 200, code, body)
	assert.JSONEq(t, `{"key":"/apisix/routes/r1","value":{"id":"r1","uri":"/",
		"plugins":{"key-auth":{}},
		"upstream":{"nodes":[{"host":"a","port":1,"weight":1}],"keepalive_pool":{"size":10}},
		"create_time":1700000000,"update_time":1700000000},"createdIndex":1,"modifiedIndex":1}`, body)
}

func TestPluginEndpoints(t *testing.T) {
	s := schemaServer(t)
	code, body := call(t, s, "GET", "/apisix/admin/plugins/list", "")
	require.Equal(t, 200, code)
	var names []string
	require.NoError(t, json.Unmarshal([]byte(body), &names))
	assert.Contains(t, names, "key-auth")
	assert.Contains(t, names, "proxy-rewrite")

	code, body = call(t, s, "GET", "/apisix/admin/plugins/key-auth", "")
	require.Equal(t, 200, code)
	var sch struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &sch))
	assert.Contains(t, sch.Properties, "header")
	assert.Contains(t, sch.Properties, "_meta")

	code, body = call(t, s, "GET", "/apisix/admin/schema/plugins/key-auth?schema_type=consumer", "")
	require.Equal(t, 200, code)
	assert.JSONEq(t, `{"encrypt_fields":["key"],"properties":{"key":{"type":"string"}},"required":["key"],"type":"object"}`, body)

	code, body = call(t, s, "GET", "/apisix/admin/plugins/no-such-plugin", "")
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"error_msg":"plugin not found in subsystem http"}`, body)
}

func TestConfigsValidate(t *testing.T) {
	s := schemaServer(t)
	code, body := call(t, s, "POST", "/apisix/admin/configs/validate",
		`{"routes":[{"id":"r1","uri":"/","upstream_id":"not-checked"}],"upstreams":[{"id":"u1","nodes":{"a:1":1}}]}`)
	assert.Equal(t, 200, code)
	assert.Equal(t, `{}`, body)

	code, body = call(t, s, "POST", "/apisix/admin/configs/validate", `{
		"routes":[{"id":"r1","uri":"/","upstream_id":"u"},{"id":"r1","uri":1,"upstream_id":"u"}],
		"consumers":[{"username":"jack","plugins":{"key-auth":{}}}],
		"routes_conf_version":"x"}`)
	assert.Equal(t, 400, code)
	assert.JSONEq(t, `{"error_msg":"Configuration validation failed","errors":[
		{"resource_type":"consumers","resource_id":"jack","index":0,"error":"invalid plugins configuration: failed to check the configuration of plugin key-auth err: property \"key\" is required"},
		{"resource_type":"routes","error":"routes_conf_version must be a number, got string"},
		{"resource_type":"routes","resource_id":"r1","index":1,"error":"invalid configuration: property \"uri\" validation failed: wrong type: expected string, got number"},
		{"resource_type":"routes","resource_id":"r1","index":1,"error":"found duplicate id r1 in routes"}]}`, body)
	assert.Empty(t, s.Snapshot()["routes"], "validation stores nothing")

	old := newServer(t, apisixtest.Options{DisableConfigsValidate: true})
	code, _ = call(t, old, "POST", "/apisix/admin/configs/validate", `{}`)
	assert.Equal(t, 404, code)
}
