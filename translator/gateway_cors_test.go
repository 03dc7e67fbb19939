package translator

import (
	"encoding/json"
	"testing"

	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// TestGatewayCORS: a CORS filter becomes APISIX's cors plugin with its
// lists joined by commas, max age and credentials as given (migrate --to
// gateway-api writes enable-cors and the cors-* annotations this way).
func TestGatewayCORS(t *testing.T) {
	yes := true
	got, err := json.Marshal(gatewayCORS(&gwv1.HTTPCORSFilter{
		AllowOrigins:     []gwv1.CORSOrigin{"https://app.example.com", "https://admin.example.com"},
		AllowMethods:     []gwv1.HTTPMethodWithWildcard{"GET", "POST"},
		AllowHeaders:     []gwv1.HTTPHeaderName{"Authorization", "X-Request-Id"},
		ExposeHeaders:    []gwv1.HTTPHeaderName{"X-Total"},
		MaxAge:           600,
		AllowCredentials: &yes,
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"allow_origins":"https://app.example.com,https://admin.example.com","allow_methods":"GET,POST",` +
		`"allow_headers":"Authorization,X-Request-Id","expose_headers":"X-Total","max_age":600,"allow_credential":true}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
