package annotations

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCORSCredentialsWarningOnlyWithAnyOrigin: cors-allow-credentials
// "true" warns that credentials are not allowed only when the allowed origin
// is "*" (written or by default), where they are dropped; with named origins
// they are sent, and there is nothing to warn about.
func TestCORSCredentialsWarningOnlyWithAnyOrigin(t *testing.T) {
	warning := Notice{n("cors-allow-credentials"), SeverityWarning,
		`with allow-origin "*" credentials are not allowed; browsers refused them from ingress-nginx too`}
	cases := []struct {
		name string
		ann  map[string]string
		want []Notice
	}{
		{"named origin", map[string]string{n("enable-cors"): "true", n("cors-allow-credentials"): "true", n("cors-allow-origin"): "https://a.com"}, nil},
		{"origin *", map[string]string{n("enable-cors"): "true", n("cors-allow-credentials"): "true", n("cors-allow-origin"): "*"}, []Notice{warning}},
		{"origin * by default", map[string]string{n("enable-cors"): "true", n("cors-allow-credentials"): "true"}, []Notice{warning}},
		{"canonical origin *", map[string]string{n("enable-cors"): "true", n("cors-allow-credentials"): "true", a("cors-allow-origin"): "*"}, []Notice{warning}},
		{"credentials off", map[string]string{n("enable-cors"): "true", n("cors-allow-credentials"): "false", n("cors-allow-origin"): "*"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, notices := Parse(tc.ann)
			require.Empty(t, errs)
			var got []Notice
			for _, nt := range notices {
				if nt.Key == n("cors-allow-credentials") {
					got = append(got, nt)
				}
			}
			require.Equal(t, tc.want, got)
		})
	}
}
