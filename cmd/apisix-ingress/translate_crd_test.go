package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranslateCRDs runs `translate` on CRD scenarios: the state has every
// kind the CRDs produce, and errors are reported with file, line and field.
func TestTranslateCRDs(t *testing.T) {
	out, stderr, code := runCmd(t, "", "translate",
		"-f", "../../translator/testdata/crd-route-backends.in.yaml",
		"-f", "../../translator/testdata/crd-stream.in.yaml",
		"-f", "../../translator/testdata/crd-tls.in.yaml",
		"-f", "../../translator/testdata/crd-globalrule.in.yaml",
		"-f", "../../translator/testdata/crd-plugins.in.yaml")
	require.Equal(t, 1, code, stderr)
	var state map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &state))
	require.Len(t, state["routes"], 7)
	require.Len(t, state["stream_routes"], 3)
	require.Len(t, state["ssls"], 2)
	require.Len(t, state["global_rules"], 3)
	require.Len(t, state["plugin_configs"], 2)
	const td = "../../translator/testdata/"
	require.Equal(t, ""+
		td+`crd-globalrule.in.yaml:36: error: ApisixGlobalRule team-a/duplicate-metrics: spec.plugins[0].name: Duplicate value: "plugin prometheus is already a global plugin of ApisixGlobalRule default/observability; APISIX allows a plugin in one global rule only"`+"\n"+
		td+`crd-plugins.in.yaml:1: error: ApisixRoute default/app: spec.http[2].plugins[1].secretRef: Not found: "Secret default/oidc-client"`+"\n"+
		td+`crd-stream.in.yaml:42: error: ApisixRoute default/late-comer: spec.stream[0].match: Duplicate value: "TCP port 9100 SNI DB.example.com is already served by rule postgres of ApisixRoute default/databases"`+"\n"+
		td+`crd-tls.in.yaml:48: error: ApisixTls default/ca-pending: spec.client.caSecret: Not found: "Secret default/ca-not-yet-created"`+"\n"+
		td+`crd-tls.in.yaml:37: error: ApisixTls default/cert-pending: spec.secret: Not found: "Secret default/pending-tls"`+"\n"+
		td+`crd-tls.in.yaml:63: error: ApisixTls default/wrong-secret: spec.secret: Invalid value: "not-a-certificate": Secret default/not-a-certificate must hold tls.crt and tls.key`+"\n"+
		td+`crd-plugins.in.yaml:1: warning: ApisixRoute default/app: spec.http[2]: this rule is not served until its plugins' references resolve: it would run without some of its plugins`+"\n",
		stderr)
}
