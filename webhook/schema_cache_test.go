package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// admitEveryPluginKind sends the admissions whose plugins the cached
// schemas decide: an unmodelled plugin, a modelled one, an unknown one,
// through an ApisixRoute and an Ingress, and returns their answers.
func admitEveryPluginKind(h *harness) []*admissionv1.AdmissionResponse {
	vpath := ValidatePath(apiv2.KindApisixRoute)
	return []*admissionv1.AdmissionResponse{
		h.review(vpath, admissionv1.Create, route("a", "uri-blocker", `{"block_rules":["x"]}`), nil),
		h.review(vpath, admissionv1.Create, route("b", "limit-count", `{"count":0,"time_window":60}`), nil),
		h.review(vpath, admissionv1.Create, route("c", "no-such-plugin", `{}`), nil),
		h.review(vpath, admissionv1.Update, route("d", "echo", `{"body":"x"}`), route("d", "echo", `{}`)),
		h.review(PathValidateIngress, admissionv1.Create, ingress("default", "i", "i.example.com", "/", testutil.TwentyAnnotations()), nil),
	}
}

// TestAdmissionNeverCallsAPISIX: with schemas fetched from APISIX, the
// admissions send no request to the Admin API (the schemas are read from
// what the refresh fetched), and they decide with those schemas.
func TestAdmissionNeverCallsAPISIX(t *testing.T) {
	h, srv := apisixHarness(t)
	require.NoError(t, h.v.RefreshSchemas(t.Context()))
	fetched := len(srv.Requests())
	require.Greater(t, fetched, 1, "the refresh fetches the plugin list and the schemas")

	rs := admitEveryPluginKind(h)
	require.Len(t, srv.Requests(), fetched, "an admission called the Admin API")
	require.True(t, rs[0].Allowed, causes(rs[0]))
	require.Empty(t, rs[0].Warnings)
	require.False(t, rs[1].Allowed)
	require.Equal(t, []string{`spec.http[0].plugins[0].name: Unsupported value: "no-such-plugin": APISIX has no plugin of that name`}, causes(rs[2]))
	require.True(t, rs[3].Allowed, causes(rs[3]))
	require.True(t, rs[4].Allowed, causes(rs[4]))
}

// TestAdmissionAnswersWhileAPISIXHangs: an Admin API that never answers
// (a refresh in flight, waiting on it) does not hold an admission: each is
// answered at once, the modelled plugins checked by their typed
// configurations, the others admitted with a "not checked" warning.
func TestAdmissionAnswersWhileAPISIXHangs(t *testing.T) {
	var calls atomic.Int64
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(hang) })
	cl, err := apisix.NewClient(apisix.Config{BaseURLs: []string{srv.URL}, APIKey: "k", MaxRetries: -1, Timeout: time.Hour})
	require.NoError(t, err)
	snap := &translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}
	h := newHarness(t, snap, nil, Options{APISIX: cl, APISIXTimeout: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = h.v.schemaRefresher().Start(ctx) }()
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, time.Millisecond, "the refresh asks APISIX")

	start := time.Now()
	rs := admitEveryPluginKind(h)
	require.Less(t, time.Since(start), 2*time.Second)
	require.Equal(t, int64(1), calls.Load(), "an admission called the Admin API")
	require.True(t, rs[0].Allowed, causes(rs[0]))
	require.Contains(t, rs[0].Warnings, "spec.http[0].plugins[0]: plugin uri-blocker not checked: APISIX's plugin schemas are not loaded yet")
	require.False(t, rs[1].Allowed, "a modelled plugin is checked by its typed configuration")
	require.True(t, rs[2].Allowed, "without APISIX's list, an unknown plugin cannot be told from an unmodelled one")
	require.True(t, rs[4].Allowed, causes(rs[4]))
	require.Error(t, h.v.plugins.remote.ready(nil), "not ready before the first refresh ends")
}

// TestSchemaRefresherKeepsLastSchemas: the refresher loads the schemas at
// start (then the webhook is ready); when APISIX stops answering, the
// schemas fetched before stay in use.
func TestSchemaRefresherKeepsLastSchemas(t *testing.T) {
	h, srv := apisixHarness(t)
	r := h.v.schemaRefresher()
	r.interval, r.retry = 10*time.Millisecond, 10*time.Millisecond
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Start(ctx) }()
	require.Eventually(t, func() bool { return r.cache.ready(nil) == nil && r.cache.count() > 0 }, 10*time.Second, 5*time.Millisecond)
	n := r.cache.count()
	require.NoError(t, srv.SetDown(true))
	require.Eventually(t, func() bool { return r.cache.failed.Load() }, 10*time.Second, 5*time.Millisecond)
	require.Equal(t, n, r.cache.count())
	rs := h.review(ValidatePath(apiv2.KindApisixRoute), admissionv1.Create, route("a", "uri-blocker", `{"block_rules":"x"}`), nil)
	require.False(t, rs.Allowed, "checked against the schemas fetched before")
	cancel()
	require.NoError(t, <-done)
}
