package apisix_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

const adminKey = "s3cr3t-admin-key"

func newServer(t testing.TB, opts apisixtest.Options) *apisixtest.Server {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = adminKey
	}
	s := apisixtest.NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

func newClient(t testing.TB, cfg apisix.Config) *apisix.Client {
	t.Helper()
	if cfg.APIKey == "" {
		cfg.APIKey = adminKey
	}
	if cfg.Backoff == (apisix.Backoff{}) {
		cfg.Backoff = apisix.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}
	}
	c, err := apisix.NewClient(cfg)
	require.NoError(t, err)
	return c
}

func upstreamBody(i int) []byte {
	return fmt.Appendf(nil, `{"nodes":[{"host":"10.0.%d.%d","port":80,"weight":1}]}`, i/250, i%250+1)
}

// TestClientSurvivesFaults runs every idempotent call against a server that
// answers 30% of requests with 503 and resets 10% of connections: each call
// must eventually succeed.
func TestClientSurvivesFaults(t *testing.T) {
	s := newServer(t, apisixtest.Options{Seed: 7})
	s.SetFaults(apisixtest.Faults{ErrorRate: 0.3, ResetRate: 0.1})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, MaxRetries: 15, Seed: 7, PageSize: 10})
	ctx := context.Background()

	const n = 60
	for i := range n {
		id := fmt.Sprintf("u%03d", i)
		_, _, err := c.Put(ctx, apisix.KindUpstream, id, upstreamBody(i))
		require.NoError(t, err, "put %s", id)
		_, _, err = c.Put(ctx, apisix.KindRoute, "r"+id, fmt.Appendf(nil, `{"uri":"/%d","upstream_id":%q}`, i, id))
		require.NoError(t, err, "put route %s", id)
	}
	for i := range n {
		it, err := c.Get(ctx, apisix.KindUpstream, fmt.Sprintf("u%03d", i))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("/apisix/upstreams/u%03d", i), it.Key)
	}
	items, err := c.List(ctx, apisix.KindRoute)
	require.NoError(t, err)
	assert.Len(t, items, n)
	for i := range n {
		err := c.Delete(ctx, apisix.KindRoute, fmt.Sprintf("ru%03d", i), false)
		// A DELETE whose answer was cut may have been applied: its retry
		// then finds nothing.
		if err != nil {
			require.ErrorIs(t, err, apisix.ErrNotFound)
		}
	}
	_, err = c.PluginList(ctx)
	require.NoError(t, err)

	assert.Empty(t, s.Snapshot()[apisix.KindRoute])
	assert.Len(t, s.Snapshot()[apisix.KindUpstream], n)
	assert.Positive(t, s.Count("", "", http.StatusServiceUnavailable), "5xx faults were injected")
	resets := 0
	for _, r := range s.Requests() {
		if r.Fault == apisixtest.FaultReset {
			resets++
		}
	}
	assert.Positive(t, resets, "connection resets were injected")
}

func TestClientNeverRetries4xx(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, MaxRetries: 5})
	ctx := context.Background()

	_, _, err := c.Put(ctx, apisix.KindRoute, "r1", []byte(`{"uri":"/","upstream_id":"missing"}`))
	require.ErrorIs(t, err, apisix.ErrInvalid)
	var ae *apisix.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 400, ae.Status)
	assert.Equal(t, "failed to fetch upstream info by upstream id [missing], response code: 404", ae.Message)
	assert.Equal(t, 1, s.Count(http.MethodPut, apisix.KindRoute, 0), "a 4xx is never retried")

	_, err = c.Get(ctx, apisix.KindRoute, "nope")
	require.ErrorIs(t, err, apisix.ErrNotFound)
	assert.Equal(t, 1, s.Count(http.MethodGet, apisix.KindRoute, 0))

	bad := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, APIKey: "wrong-key", MaxRetries: 5})
	_, err = bad.List(ctx, apisix.KindRoute)
	require.ErrorIs(t, err, apisix.ErrUnauthorized)
	assert.Equal(t, 1, s.Count(http.MethodGet, apisix.KindRoute, http.StatusUnauthorized))
	assert.Len(t, s.Requests(), 3)
}

func TestClientTypedErrors(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}})
	ctx := context.Background()

	it, created, err := c.Put(ctx, apisix.KindUpstream, "u1", upstreamBody(1))
	require.NoError(t, err)
	assert.True(t, created)
	assert.Equal(t, "u1", it.ID())
	_, created, err = c.Put(ctx, apisix.KindUpstream, "u1", upstreamBody(2))
	require.NoError(t, err)
	assert.False(t, created)
	_, _, err = c.Put(ctx, apisix.KindRoute, "r1", []byte(`{"uri":"/","upstream_id":"u1"}`))
	require.NoError(t, err)

	err = c.Delete(ctx, apisix.KindUpstream, "u1", false)
	require.ErrorIs(t, err, apisix.ErrStillReferenced)
	assert.NotErrorIs(t, err, apisix.ErrInvalid)
	assert.EqualError(t, err, "apisix: DELETE /apisix/admin/upstreams/u1: 400 Bad Request: "+
		"can not delete this upstream, route [r1] is still using it now")
	require.NoError(t, c.Delete(ctx, apisix.KindUpstream, "u1", true))

	err = c.Delete(ctx, apisix.KindUpstream, "never", false)
	require.ErrorIs(t, err, apisix.ErrNotFound)

	// The route now dangles, as in APISIX after a forced delete: a patch that
	// keeps the dangling reference is refused, one that drops it succeeds.
	_, err = c.Patch(ctx, apisix.KindRoute, "r1", []byte(`{"uri":"/patched"}`))
	require.ErrorIs(t, err, apisix.ErrInvalid)
	it, err = c.Patch(ctx, apisix.KindRoute, "r1", []byte(`{"upstream_id":null,"upstream":{"nodes":{"a:1":1}}}`))
	require.NoError(t, err)
	assert.NotContains(t, string(it.Value), "upstream_id")
	_, err = c.Patch(ctx, apisix.KindRoute, "r1", []byte(`{"upstream_id":"gone"}`))
	require.ErrorIs(t, err, apisix.ErrInvalid)

	bad := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, APIKey: "wrong-" + adminKey})
	_, err = bad.Get(ctx, apisix.KindRoute, "r1")
	require.ErrorIs(t, err, apisix.ErrUnauthorized)
	assert.NotContains(t, err.Error(), adminKey)
	assert.Contains(t, err.Error(), "wrong apikey")

	s.SetErrorRate(1)
	_, err = c.Get(ctx, apisix.KindRoute, "r1")
	require.ErrorIs(t, err, apisix.ErrUnavailable)
	require.ErrorAs(t, err, new(*apisix.APIError))
	assert.True(t, apisix.IsRetryable(err))

	s.SetErrorRate(0)
	require.NoError(t, s.SetDown(true))
	_, err = c.Get(ctx, apisix.KindRoute, "r1")
	require.ErrorIs(t, err, apisix.ErrUnavailable)
	assert.NotContains(t, err.Error(), adminKey)
}

func TestClientPatchRetriedOnlyBeforeSending(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, MaxRetries: 5})
	ctx := context.Background()
	_, _, err := c.Put(ctx, apisix.KindUpstream, "u1", upstreamBody(1))
	require.NoError(t, err)
	s.SetErrorRate(1)
	_, err = c.Patch(ctx, apisix.KindUpstream, "u1", []byte(`{"retries":1}`))
	require.ErrorIs(t, err, apisix.ErrUnavailable)
	assert.Equal(t, 1, s.Count(http.MethodPatch, "", 0), "a PATCH that reached the server is not repeated")
}

func TestClientPagination(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, PageSize: 10})
	ctx := context.Background()
	const n = 95
	for i := range n {
		s.Set(apisix.KindUpstream, fmt.Sprintf("u%03d", i), upstreamBody(i))
	}
	items, err := c.List(ctx, apisix.KindUpstream)
	require.NoError(t, err)
	require.Len(t, items, n)
	for i, it := range items {
		assert.Equal(t, fmt.Sprintf("u%03d", i), it.ID())
	}
	var pages []string
	for _, r := range s.Requests() {
		pages = append(pages, r.Query)
	}
	assert.Equal(t, []string{
		"page=1&page_size=10", "page=2&page_size=10", "page=3&page_size=10", "page=4&page_size=10",
		"page=5&page_size=10", "page=6&page_size=10", "page=7&page_size=10", "page=8&page_size=10",
		"page=9&page_size=10", "page=10&page_size=10",
	}, pages)

	page, total, err := c.ListPage(ctx, apisix.KindUpstream, 10, 10)
	require.NoError(t, err)
	assert.Len(t, page, 5)
	assert.Equal(t, n, total)

	items, err = c.List(ctx, apisix.KindRoute)
	require.NoError(t, err)
	assert.Empty(t, items)

	cjson := newServer(t, apisixtest.Options{EmptyListAsObject: true})
	c2 := newClient(t, apisix.Config{BaseURLs: []string{cjson.URL}})
	items, err = c2.List(ctx, apisix.KindRoute)
	require.NoError(t, err, "an empty list encoded as {} is tolerated")
	assert.Empty(t, items)
}

func TestClientFailover(t *testing.T) {
	first := newServer(t, apisixtest.Options{})
	second := newServer(t, apisixtest.Options{})
	require.NoError(t, first.SetDown(true))
	c := newClient(t, apisix.Config{BaseURLs: []string{first.URL, second.URL}, MaxRetries: 1})
	ctx := context.Background()

	_, created, err := c.Put(ctx, apisix.KindUpstream, "u1", upstreamBody(1))
	require.NoError(t, err)
	assert.True(t, created)
	_, err = c.Get(ctx, apisix.KindUpstream, "u1")
	require.NoError(t, err)
	assert.Len(t, second.Requests(), 2)

	// Non-idempotent calls fail over too when the connection is refused.
	_, err = c.Patch(ctx, apisix.KindUpstream, "u1", []byte(`{"retries":2}`))
	require.NoError(t, err)

	// The client sticks to the endpoint that answered; when that one fails
	// with 5xx it moves back to the first.
	require.NoError(t, first.SetDown(false))
	second.SetErrorRate(1)
	_, _, err = c.Put(ctx, apisix.KindUpstream, "u2", upstreamBody(2))
	require.NoError(t, err)
	assert.Contains(t, first.Snapshot()[apisix.KindUpstream], "u2")
	assert.Equal(t, 1, second.Count(http.MethodPut, apisix.KindUpstream, http.StatusServiceUnavailable))
}

func TestClientContextDeadline(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.SetLatency(3 * time.Second)
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, apisix.KindRoute, "r1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)

	// The per-attempt timeout bounds each attempt, and the call retries.
	s.SetLatency(0)
	s.SetErrorRate(1)
	c2 := newClient(t, apisix.Config{BaseURLs: []string{s.URL}, MaxRetries: 1000,
		Backoff: apisix.Backoff{Initial: 20 * time.Millisecond, Max: 40 * time.Millisecond}})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel2()
	_, err = c2.Get(ctx2, apisix.KindRoute, "r1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "last failure")
}

func TestClientPluginsAndValidate(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	c := newClient(t, apisix.Config{BaseURLs: []string{s.URL}})
	ctx := context.Background()

	names, err := c.PluginList(ctx)
	require.NoError(t, err)
	assert.Equal(t, apisix.TypedPluginNames(), names)
	require.NotEmpty(t, names)
	_, err = c.PluginSchema(ctx, names[0])
	require.NoError(t, err)
	_, err = c.PluginSchema(ctx, "no-such-plugin")
	require.ErrorIs(t, err, apisix.ErrNotFound)
	require.NoError(t, c.Ping(ctx))

	require.NoError(t, c.ValidateConfigs(ctx, []byte(`{"routes":[{"id":"r1","uri":"/","upstream_id":"u"}]}`)))
	err = c.ValidateConfigs(ctx, []byte(`{"routes":[{"id":"r1","uri":"/"},{"id":"r1","uri":"/"}]}`))
	require.ErrorIs(t, err, apisix.ErrInvalid)
	var ae *apisix.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Configuration validation failed", ae.Message)
	assert.Equal(t, []apisix.ConfigError{{ResourceType: "routes", ResourceID: "r1", Index: 1, Error: "found duplicate id r1 in routes"}}, ae.Errors)

	old := newServer(t, apisixtest.Options{DisableConfigsValidate: true})
	c2 := newClient(t, apisix.Config{BaseURLs: []string{old.URL}})
	err = c2.ValidateConfigs(ctx, []byte(`{}`))
	require.ErrorIs(t, err, apisix.ErrNotSupported)
	assert.NotErrorIs(t, err, apisix.ErrNotFound)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestClientNeverLogsAPIKey(t *testing.T) {
	s := newServer(t, apisixtest.Options{Seed: 3})
	s.SetFaults(apisixtest.Faults{ErrorRate: 0.5, ResetRate: 0.2})
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, apisix.Config{BaseURLs: []string{"http://user:" + adminKey + "@" + strings.TrimPrefix(s.URL, "http://"), s.URL},
		MaxRetries: 3, Logger: logger})
	var errs []string
	for i := range 20 {
		if _, _, err := c.Put(context.Background(), apisix.KindUpstream, fmt.Sprint("u", i), upstreamBody(i)); err != nil {
			errs = append(errs, err.Error())
		}
	}
	require.NotEmpty(t, logs.String(), "retries were logged")
	assert.NotContains(t, logs.String(), adminKey)
	for _, e := range errs {
		assert.NotContains(t, e, adminKey)
	}
	_, err := apisix.NewClient(apisix.Config{BaseURLs: []string{"ftp://user:" + adminKey + "@host"}})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), adminKey)
}

func TestNewClientConfig(t *testing.T) {
	_, err := apisix.NewClient(apisix.Config{})
	require.Error(t, err)
	_, err = apisix.NewClient(apisix.Config{BaseURLs: []string{"http://a"}, PageSize: 5})
	require.Error(t, err)
	_, err = apisix.NewClient(apisix.Config{BaseURLs: []string{"https://a"}, CABundle: []byte("not pem")})
	require.Error(t, err)
	c, err := apisix.NewClient(apisix.Config{BaseURLs: []string{"http://a/"}})
	require.NoError(t, err)
	_, err = c.Get(context.Background(), apisix.KindRoute, "")
	require.Error(t, err)
	assert.False(t, errors.Is(err, apisix.ErrUnavailable))
}
