package translator_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out.yaml")

// golden is the pinned form of a translation.
type golden struct {
	State    json.RawMessage `json:"state"`
	Statuses []goldenStatus  `json:"statuses"`
	Notices  []string        `json:"notices,omitempty"`
}

type goldenStatus struct {
	Object  string   `json:"object"`
	Emitted bool     `json:"emitted"`
	Errors  []string `json:"errors,omitempty"`
	// GatewayAPI is the status a Gateway API object should show.
	GatewayAPI *translator.GatewayAPIStatus `json:"gatewayAPI,omitempty"`
}

func render(res *translator.Result) ([]byte, error) {
	st, err := json.Marshal(res.State)
	if err != nil {
		return nil, err
	}
	g := golden{State: st, Statuses: []goldenStatus{}}
	for _, s := range res.Statuses {
		gs := goldenStatus{Object: s.Ref.String(), Emitted: s.Emitted, GatewayAPI: s.GatewayAPI}
		for _, e := range s.Errors {
			gs.Errors = append(gs.Errors, e.Error())
		}
		g.Statuses = append(g.Statuses, gs)
	}
	for _, n := range res.Notices {
		g.Notices = append(g.Notices, fmt.Sprintf("%s: %s: %s: %s", n.Severity, n.Ref, n.Field, n.Message))
	}
	js, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	return yaml.JSONToYAML(js)
}

func translateFile(t *testing.T, path string) *translator.Result {
	t.Helper()
	docs, err := manifestio.ReadPaths([]string{path}, nil)
	require.NoError(t, err)
	dec, err := snapshotio.Decode(docs, "default")
	require.NoError(t, err)
	require.Empty(t, dec.Skipped, "documents of kinds the translator does not read")
	return translator.Translate(dec.Snapshot, goldenOptions(path))
}

// goldenOptions are the options of a golden scenario: the Gateway API
// scenarios give Gateways addresses, from a pool for gateway-pool-*.
func goldenOptions(path string) translator.Options {
	base := filepath.Base(path)
	switch {
	case strings.HasPrefix(base, "gateway-pool"):
		return translator.Options{GatewayAddressPool: "127.0.1.0/24"}
	case strings.HasPrefix(base, "gateway-"):
		return translator.Options{GatewayAddresses: []string{"192.0.2.10", "gw.example.net"}}
	}
	return translator.Options{}
}

// TestGolden translates every testdata/<scenario>.in.yaml and compares with
// <scenario>.out.yaml (regenerate with -update, then review the diff).
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, ins)
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.yaml")
		t.Run(name, func(t *testing.T) {
			res := translateFile(t, in)
			got, err := render(res)
			require.NoError(t, err)
			// Deterministic: a second translation renders the same bytes.
			again, err := render(translateFile(t, in))
			require.NoError(t, err)
			require.Equal(t, string(got), string(again))
			out := filepath.Join("testdata", name+".out.yaml")
			if *update {
				require.NoError(t, os.WriteFile(out, got, 0o644))
				return
			}
			want, err := os.ReadFile(out)
			require.NoError(t, err, "run go test ./translator -update and review the output")
			require.Equal(t, string(want), string(got))
		})
	}
}

// TestGoldenPassesAPISIXSchemas checks every object of every golden
// translation against APISIX's own JSON schemas.
func TestGoldenPassesAPISIXSchemas(t *testing.T) {
	sc, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	require.NoError(t, err)
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	require.NoError(t, err)
	for _, in := range ins {
		res := translateFile(t, in)
		for _, o := range res.State.All() {
			body, err := json.Marshal(o)
			require.NoError(t, err)
			require.NoError(t, sc.CheckResource(o.Kind(), body), "%s: %s %s: %s", in, o.Kind(), o.GetID(), body)
			require.True(t, apisix.ValidID(o.GetID()), "%s: id %q", in, o.GetID())
			if o.Kind() != apisix.KindGlobalRule && o.Kind() != apisix.KindConsumer {
				require.NoError(t, apisix.CheckLabels(o.GetLabels()))
			}
		}
	}
}
