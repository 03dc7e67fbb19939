package apisix_test

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

func TestClientHTTPSWithCABundle(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, adminKey, r.Header.Get("X-API-KEY"))
		assert.Equal(t, "/apisix/admin/plugins/list", r.URL.Path)
		fmt.Fprint(w, `["key-auth","cors"]`)
	}))
	defer ts.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})

	c := newClient(t, apisix.Config{BaseURLs: []string{ts.URL}, CABundle: ca})
	names, err := c.PluginList(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"key-auth", "cors"}, names)

	untrusted := newClient(t, apisix.Config{BaseURLs: []string{ts.URL}, MaxRetries: -1})
	_, err = untrusted.PluginList(context.Background())
	require.ErrorIs(t, err, apisix.ErrUnavailable)
}

// An APISIX that ignores page and page_size sends every object at once: List
// must return them once, without looping.
func TestClientListServerIgnoresPaging(t *testing.T) {
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprint(w, `{"total":12,"list":[`)
		for i := range 12 {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"key":"/apisix/routes/%d","value":{"id":"%d"}}`, i, i)
		}
		fmt.Fprint(w, `]}`)
	}))
	defer ts.Close()
	c := newClient(t, apisix.Config{BaseURLs: []string{ts.URL}, PageSize: 10})
	items, err := c.List(context.Background(), apisix.KindRoute)
	require.NoError(t, err)
	assert.Len(t, items, 12)
	assert.Equal(t, int32(1), calls.Load())
}

// A body that is not JSON still yields a classified error with its text.
func TestClientNonJSONError(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
	}))
	defer ts.Close()
	c := newClient(t, apisix.Config{BaseURLs: []string{ts.URL}, MaxRetries: 2})
	_, err := c.Get(context.Background(), apisix.KindRoute, "1")
	require.ErrorIs(t, err, apisix.ErrUnavailable)
	var ae *apisix.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 502, ae.Status)
	assert.Equal(t, "<html>bad gateway</html>\n", ae.Message)
}
