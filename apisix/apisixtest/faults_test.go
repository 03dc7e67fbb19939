package apisixtest_test

import (
	"errors"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

func TestFaultErrorRate(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.SetErrorRate(1)
	code, body := call(t, s, "PUT", "/apisix/admin/upstreams/u1", upstream1)
	assert.Equal(t, 503, code)
	assert.Equal(t, `{"error_msg":"injected fault: service unavailable"}`, body)
	assert.Empty(t, s.Snapshot()[apisix.KindUpstream], "a 5xx fault does nothing")
	assert.Equal(t, apisixtest.Fault5xx, s.Requests()[0].Fault)
	s.SetErrorRate(0)
	code, _ = call(t, s, "PUT", "/apisix/admin/upstreams/u1", upstream1)
	assert.Equal(t, 201, code)
}

func TestFaultLostReply(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.SetFaults(apisixtest.Faults{LostReplyRate: 1})
	code, body := call(t, s, "PUT", "/apisix/admin/upstreams/u1", upstream1)
	assert.Equal(t, 503, code)
	assert.Equal(t, `{"error_msg":"injected fault: done, then answered unavailable"}`, body)
	assert.Len(t, s.Snapshot()[apisix.KindUpstream], 1, "a lost reply does the request")
	assert.Equal(t, apisixtest.FaultLostReply, s.Requests()[0].Fault)
}

func TestFaultReset(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.SetResetRate(1)
	req, _ := http.NewRequest("GET", s.URL+"/apisix/admin/routes", nil)
	req.Header.Set("X-API-KEY", testKey)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err)
	reqs := s.Requests()
	require.NotEmpty(t, reqs)
	assert.Equal(t, apisixtest.FaultReset, reqs[0].Fault)
	assert.Equal(t, 0, reqs[0].Status)
}

func TestFaultLatency(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.SetLatency(150 * time.Millisecond)
	start := time.Now()
	code, _ := call(t, s, "GET", "/apisix/admin/routes", "")
	assert.Equal(t, 200, code)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	assert.Equal(t, apisixtest.Faults{Latency: 150 * time.Millisecond}, s.Faults())
}

func TestDownSwitch(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, _ := call(t, s, "GET", "/apisix/admin/routes", "") // leaves a keep-alive connection
	require.Equal(t, 200, code)
	require.NoError(t, s.SetDown(true))
	req, _ := http.NewRequest("GET", s.URL+"/apisix/admin/routes", nil)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err)
	_, err = http.DefaultClient.Do(req)
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "want connection refused, got %v", err)

	require.NoError(t, s.SetDown(false))
	code, _ = call(t, s, "GET", "/apisix/admin/routes", "")
	assert.Equal(t, 200, code)
}

func TestFaultsDeterministicWithSeed(t *testing.T) {
	pattern := func() []string {
		s := newServer(t, apisixtest.Options{Seed: 42})
		s.SetErrorRate(0.5)
		var out []string
		for range 20 {
			code, _ := call(t, s, "GET", "/apisix/admin/routes", "")
			out = append(out, http.StatusText(code))
		}
		return out
	}
	a, b := pattern(), pattern()
	assert.Equal(t, a, b)
	assert.Contains(t, a, "OK")
	assert.Contains(t, a, "Service Unavailable")
}
