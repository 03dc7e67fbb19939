package echobasic

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestEchoAnswersAsEchoBasic pins what the conformance suite reads: the
// JSON fields (path with the query, host, method, headers, namespace, pod,
// httpPort), Content-Type exactly application/json, X-Echo-Set-Header
// turned into response headers, /status/NNN, and the log line mirror tests
// look for.
func TestEchoAnswersAsEchoBasic(t *testing.T) {
	port := freePort(t)
	s, err := Start(Options{IP: "127.0.0.1", HTTPPort: port, H2CPort: freePort(t), Namespace: "ns1", Pod: "web-abcdefghjk-xyz12"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	since := time.Now()
	req, _ := http.NewRequest("GET", "http://"+s.Addr()+"/some/path?a=1&b=2", nil)
	req.Host = "example.com"
	req.Header.Set("X-Echo-Set-Header", "X-Foo: bar, X-Foo: baz,X-Other:1")
	req.Header.Set("X-Mine", "v")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := resp.Header.Values("X-Foo"); len(got) != 1 || got[0] != "bar,baz" {
		t.Errorf("X-Foo = %q, want [\"bar,baz\"]", got)
	}
	if got := resp.Header.Get("X-Other"); got != "1" {
		t.Errorf("X-Other = %q", got)
	}
	var e Echo
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	if e.Path != "/some/path?a=1&b=2" || e.Host != "example.com" || e.Method != "GET" || e.Proto != "HTTP/1.1" ||
		e.Namespace != "ns1" || e.Pod != "web-abcdefghjk-xyz12" || e.Headers["X-Mine"][0] != "v" || e.TLS != nil {
		t.Errorf("echo = %+v", e)
	}
	resp, err = http.Get("http://" + s.Addr() + "/status/503")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("/status/503 = %d", resp.StatusCode)
	}
	if logs := s.Log.Since(since, false); !strings.Contains(logs, "Echoing back request made to /some/path?a=1&b=2 to client (127.0.0.1:") {
		t.Errorf("log = %q", logs)
	}
	if logs := s.Log.Since(time.Now().Add(time.Second), false); logs != "" {
		t.Errorf("log since the future = %q", logs)
	}
}
