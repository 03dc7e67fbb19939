package translator_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestPooledScratchLeavesNothingBehind: large translations reuse pooled
// working memory (the Service index, the Ingress order, the path claims).
// Each snapshot translates the same whether the previous translation was
// of itself or of the other: nothing of one translation shows in the next.
func TestPooledScratchLeavesNothingBehind(t *testing.T) {
	a := ingressSnapshot(700)
	// B: a third of the Services lost their EndpointSlices and another
	// third their Service, and half the Ingresses are gone; then the
	// ApisixRoutes of another snapshot.
	b := &translator.Snapshot{Ingresses: a.Ingresses[:350]}
	for i := range a.Services {
		if i%3 != 1 {
			b.Services = append(b.Services, a.Services[i])
		}
		if i%3 != 0 {
			b.EndpointSlices = append(b.EndpointSlices, a.EndpointSlices[i])
		}
	}
	crd := crdSnapshot(600, true)
	b.ApisixRoutes = crd.ApisixRoutes
	b.Services = append(b.Services, crd.Services...)
	b.EndpointSlices = append(b.EndpointSlices, crd.EndpointSlices...)

	encode := func(s *translator.Snapshot) string {
		res := translator.Translate(s, translator.Options{})
		out, err := json.Marshal(struct {
			State    any
			Statuses any
			Notices  any
		}{res.State, res.Statuses, res.Notices})
		require.NoError(t, err)
		return string(out)
	}
	a1 := encode(a)
	b1 := encode(b) // after A
	b2 := encode(b) // after B
	a2 := encode(a) // after B
	a3 := encode(a) // after A
	require.Equal(t, b1, b2)
	require.Equal(t, a2, a3)
	require.Equal(t, a1, a2)
	require.NotEqual(t, a1, b1)
	require.Contains(t, b1, `"Type":"FieldValueNotFound"`, "Services without a Service object are reported")
}
