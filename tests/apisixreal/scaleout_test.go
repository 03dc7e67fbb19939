// Package apisixreal holds tests against real APISIX 3.18.0 instances
// (internal/apisixrt) that need neither Kubernetes nor the controller: plain
// Admin API calls and echo backends (internal/echo). It is a package of its
// own so that it does not start the tests/e2e stack (kube-apiserver, webhook,
// controller) it has no use for; the controller's side of the same path is
// tests/e2e/scaleout_test.go.
//
// Without the APISIX runtime the tests are skipped; under CI=true that is a
// failure (testutil.APISIX).
package apisixreal

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/echo"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// propagationLimit is how soon a change applied through one instance's Admin
// API must be served by every instance sharing its etcd.
const propagationLimit = time.Second

// TestScaleOutSharedEtcd: two APISIX instances on one etcd (the scale-out
// deployment: several data planes, one configuration store). Each change is
// applied once, through the Admin API of one of them, and both serve it
// within a second; the propagation time of each is measured and logged.
func TestScaleOutSharedEtcd(t *testing.T) {
	first := testutil.APISIX(t, apisixrt.Options{})
	second := testutil.APISIX(t, apisixrt.Options{EtcdURL: first.EtcdURL})
	if second.EtcdURL != first.EtcdURL {
		t.Fatalf("second instance reads %s, want the first's etcd %s", second.EtcdURL, first.EtcdURL)
	}
	t.Logf("instances started in %v and %v", first.StartedIn().Round(time.Millisecond), second.StartedIn().Round(time.Millisecond))
	a, b := startEcho(t, "a"), startEcho(t, "b")
	instances := []*apisixrt.Instance{first, second}

	admin(t, first, "PUT", "/upstreams/u1", fmt.Sprintf(`{"nodes":{%q:1}}`, a.Addr()), 201)

	measure(t, "route created through the first", instances, "/scale", servedBy("a"), func() {
		admin(t, first, "PUT", "/routes/r1", `{"uri":"/scale","upstream_id":"u1"}`, 201)
	})
	// The second's Admin API reads what the first wrote.
	if body := admin(t, second, "GET", "/routes/r1", "", 200); !strings.Contains(body, `"upstream_id":"u1"`) {
		t.Errorf("second instance's Admin API: GET /routes/r1 = %s", body)
	}
	measure(t, "upstream changed through the second", instances, "/scale", servedBy("b"), func() {
		admin(t, second, "PUT", "/upstreams/u1", fmt.Sprintf(`{"nodes":{%q:1}}`, b.Addr()), 200)
	})
	measure(t, "route patched through the first", instances, "/moved", servedBy("b"), func() {
		admin(t, first, "PATCH", "/routes/r1", `{"uri":"/moved"}`, 200)
	})
	for i, in := range instances {
		if code, backend := get(in.HTTPURL + "/scale"); code != 404 {
			t.Errorf("instance %d still serves the old uri /scale after the patch: %d from %q", i+1, code, backend)
		}
	}
	measure(t, "route deleted through the second", instances, "/moved", answers(404), func() {
		admin(t, second, "DELETE", "/routes/r1", "", 200)
	})
}

// measure runs change, then polls path on every instance's proxy until check passes
// on each, and fails when one takes longer than propagationLimit.
func measure(t *testing.T, what string, instances []*apisixrt.Instance, path string, check func(int, string) error, change func()) {
	t.Helper()
	change()
	start := time.Now()
	took := make([]time.Duration, len(instances))
	last := make([]error, len(instances))
	for pending := len(instances); pending > 0; {
		for i, in := range instances {
			if took[i] != 0 {
				continue
			}
			code, backend := get(in.HTTPURL + path)
			if last[i] = check(code, backend); last[i] == nil {
				took[i] = time.Since(start)
				pending--
			}
		}
		if time.Since(start) > 10*propagationLimit {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	for i, d := range took {
		switch {
		case d == 0:
			t.Errorf("%s: instance %d never served it: %v", what, i+1, last[i])
		case d > propagationLimit:
			t.Errorf("%s: instance %d served it after %v, want within %v", what, i+1, d, propagationLimit)
		}
	}
	t.Logf("%s: served by instance 1 after %v, by instance 2 after %v", what, took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
}

func servedBy(name string) func(int, string) error {
	return func(code int, backend string) error {
		if code != 200 || backend != name {
			return fmt.Errorf("got %d from %q, want 200 from %q", code, backend, name)
		}
		return nil
	}
}

func answers(want int) func(int, string) error {
	return func(code int, backend string) error {
		if code != want {
			return fmt.Errorf("got %d from %q, want %d", code, backend, want)
		}
		return nil
	}
}

var client = &http.Client{Timeout: 5 * time.Second}

// get sends GET url and returns the status and the answering backend.
func get(url string) (int, string) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Backend")
}

// admin sends one Admin API request and fails the test unless it answers
// want; it returns the body.
func admin(t *testing.T, in *apisixrt.Instance, method, path, body string, want int) string {
	t.Helper()
	req, err := http.NewRequest(method, in.AdminURL+"/apisix/admin"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", in.AdminKey)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
	return string(b)
}

func startEcho(t *testing.T, name string) *echo.Server {
	t.Helper()
	srv, err := echo.Start(name, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}
