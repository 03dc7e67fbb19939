package gatewayconformance

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGatewayAddressesReachAPISIX: every address of the Gateway pool
// reaches APISIX on the listener ports, so a Gateway given any of them is
// served: plain HTTP on 80 and 8080 answers with APISIX's own 404 (no route
// yet), and 443 accepts connections.
func TestGatewayAddressesReachAPISIX(t *testing.T) {
	need(t)
	c := http.Client{Timeout: 5 * time.Second}
	for _, u := range []string{"http://198.18.250.7/nothing-here", "http://198.18.250.7:8080/nothing-here",
		"http://198.18.250.1/nothing-here", "http://198.18.250.254/nothing-here"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "404 Route Not Found") ||
			!strings.HasPrefix(resp.Header.Get("Server"), "APISIX") {
			t.Errorf("GET %s = %d Server=%q %s; want APISIX's 404 Route Not Found", u, resp.StatusCode, resp.Header.Get("Server"), body)
		}
	}
	conn, err := net.DialTimeout("tcp", "198.18.250.7:443", 5*time.Second)
	if err != nil {
		t.Fatalf("198.18.250.7:443: %v", err)
	}
	_ = conn.Close()
}
