package translator_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestCRDSkipSecretContents translates the CRD scenarios as admission does:
// no Secret value reaches the output, a Secret that is missing or
// incomplete is not an error (admission does not see every Secret), and
// what is emitted still passes APISIX's schemas.
func TestCRDSkipSecretContents(t *testing.T) {
	sc, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	require.NoError(t, err)
	secretValues := []string{"BEGIN", "alice-secret-key", "bob-secret-password", "dave-legacy-secret", "cn=erin2", "Bearer 0123456789abcdef", "bG9nZ2VyOnMzY3JldA"}
	want := map[string][]string{
		"crd-auth":              nil,
		"crd-tls":               nil,
		"crd-plugins":           nil,
		"crd-upstream-settings": {`ApisixUpstream default/unused-broken: spec.loadbalancer.key: Invalid value: "http_x_user": must be one of uri, server_name, server_addr, request_uri, remote_port, remote_addr, query_string, host, hostname, mqtt_client_id or arg_<name>`, `ApisixUpstream default/unused-broken: spec.healthCheck.active.healthy.interval: Invalid value: "500ms": APISIX probes at intervals of whole seconds (at least 1s)`, `ApisixUpstream default/unused-broken: spec.portLevelSettings[0].healthCheck.active: Required value: APISIX runs passive health checks only together with active ones`},
	}
	for name, wantErrs := range want {
		docs, err := manifestio.ReadPaths([]string{filepath.Join("testdata", name+".in.yaml")}, nil)
		require.NoError(t, err)
		dec, err := snapshotio.Decode(docs, "default")
		require.NoError(t, err)
		res := translator.Translate(dec.Snapshot, translator.Options{SkipSecretContents: true})
		var errs []string
		for _, st := range res.Statuses {
			for _, e := range st.Errors {
				errs = append(errs, st.Ref.String()+": "+e.Error())
			}
		}
		require.Equal(t, wantErrs, errs, name)
		body, err := json.Marshal(res.State)
		require.NoError(t, err)
		for _, v := range secretValues {
			require.NotContains(t, string(body), v, name)
		}
		for _, o := range res.State.All() {
			b, err := json.Marshal(o)
			require.NoError(t, err)
			require.NoError(t, sc.CheckResource(o.Kind(), b), "%s: %s", name, b)
		}
	}
}
