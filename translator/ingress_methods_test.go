package translator

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// TestMethodFilter pins the fault-injection that refuses methods with 405:
// the allow list wins over the block list; nothing when neither is set.
func TestMethodFilter(t *testing.T) {
	for _, c := range []struct {
		name   string
		access annotations.Access
		want   string
	}{
		{"neither", annotations.Access{}, `null`},
		{"allow", annotations.Access{AllowMethods: []string{"GET", "POST"}},
			`{"abort":{"http_status":405,"headers":{"Allow":"GET, POST"},"vars":[[["request_method","!","in",["GET","POST"]]]]}}`},
		{"block", annotations.Access{BlockMethods: []string{"DELETE"}},
			`{"abort":{"http_status":405,"vars":[[["request_method","in",["DELETE"]]]]}}`},
		{"both: allow wins", annotations.Access{AllowMethods: []string{"GET"}, BlockMethods: []string{"GET", "PATCH"}},
			`{"abort":{"http_status":405,"headers":{"Allow":"GET"},"vars":[[["request_method","!","in",["GET"]]]]}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.Marshal(methodFilter(c.access))
			require.NoError(t, err)
			require.JSONEq(t, c.want, string(got))
		})
	}
}
