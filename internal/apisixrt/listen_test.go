package apisixrt_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// TestListenAddsAddresses: after Listen, a request to an address that is
// not 127.0.0.1 (one of 198.18.0.0/15, made local by podnet) reaches
// APISIX, which answers its own 404 for an unknown route; the original
// listener still answers.
func TestListenAddsAddresses(t *testing.T) {
	in := testutil.APISIX(t, apisixrt.Options{})
	if err := podnet.Ensure(); err != nil {
		t.Skip(err)
	}
	// A free port on an address of its own, so that this test clashes with
	// no other package's listeners.
	ip := "198.18.251.7"
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	_ = ln.Close()
	addr := net.JoinHostPort(ip, port)
	if err := in.Listen(context.Background(), []string{addr}, nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://" + addr + "/nothing-here", in.HTTPURL + "/nothing-here"} {
		c := http.Client{Timeout: 5 * time.Second}
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
}
