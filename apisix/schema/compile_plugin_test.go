package schema_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestCompilePluginMatchesLoad: a plugin schema as APISIX serves it
// (GET /apisix/admin/plugins/{name}) checks configurations with the same
// verdicts and the same words as the schemas loaded from a directory.
func TestCompilePluginMatchesLoad(t *testing.T) {
	all, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	require.NoError(t, err)
	cases := []struct{ plugin, conf, want string }{
		{"uri-blocker", `{"block_rules":"x"}`, `failed to check the configuration of plugin uri-blocker err: property "block_rules" validation failed: wrong type: expected array, got string`},
		{"uri-blocker", `{"block_rules":["^/admin"]}`, ``},
		{"limit-req", `{"rate":0,"burst":1,"key":"remote_addr"}`, `failed to check the configuration of plugin limit-req err: property "rate" validation failed: expected 0 to be greater than 0`},
		{"limit-req", `{"rate":1,"burst":1,"key":"remote_addr","_meta":{"disable":true}}`, ``},
	}
	for _, c := range cases {
		served, ok := all.PluginSchema(c.plugin)
		require.True(t, ok, c.plugin)
		one, err := schema.CompilePlugin(c.plugin, served)
		require.NoError(t, err)
		for _, s := range []*schema.Schemas{all, one} {
			err := s.CheckPlugin(c.plugin, []byte(c.conf))
			if c.want == "" {
				require.NoError(t, err, c.conf)
			} else {
				require.EqualError(t, err, c.want)
			}
		}
	}
	_, err = schema.CompilePlugin("broken", []byte(`[1]`))
	require.EqualError(t, err, "schema: plugin broken: the schema is not a JSON object")
}
