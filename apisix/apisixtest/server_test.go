package apisixtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/apisixtest"
)

const testKey = "test-admin-key"

// fixedNow is the clock of the tests' servers: create_time 1700000000.
func fixedNow() time.Time { return time.Unix(1700000000, 0) }

func newServer(t *testing.T, opts apisixtest.Options) *apisixtest.Server {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	s := apisixtest.NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// call sends one request with the test key and returns status and body.
func call(t *testing.T, s *apisixtest.Server, method, path, body string) (int, string) {
	t.Helper()
	return callKey(t, s, method, path, body, testKey)
}

func callKey(t *testing.T, s *apisixtest.Server, method, path, body, key string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("X-API-KEY", key)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, strings.TrimSpace(string(b))
}

const upstream1 = `{"nodes":[{"host":"10.0.0.1","port":80,"weight":1}]}`

func TestPutGetDeleteShapes(t *testing.T) {
	s := newServer(t, apisixtest.Options{})

	code, body := call(t, s, "PUT", "/apisix/admin/upstreams/u1", upstream1)
	assert.Equal(t, 201, code)
	assert.JSONEq(t, `{"key":"/apisix/upstreams/u1","value":{"id":"u1",
		"nodes":[{"host":"10.0.0.1","port":80,"weight":1}],
		"create_time":1700000000,"update_time":1700000000}}`, body, "stored as sent; a write's answer has no etcd indexes")

	code, body = call(t, s, "PUT", "/apisix/admin/upstreams/u1", `{"nodes":{"10.0.0.2:80":1},"type":"chash","key":"remote_addr"}`)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"key":"/apisix/upstreams/u1","value":{"id":"u1","nodes":{"10.0.0.2:80":1},
		"type":"chash","key":"remote_addr",
		"create_time":1700000000,"update_time":1700000000}}`, body)

	code, body = call(t, s, "GET", "/apisix/admin/upstreams/u1", "")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"modifiedIndex":2`)

	code, body = call(t, s, "GET", "/apisix/admin/upstreams/nope", "")
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"message":"Key not found"}`, body)

	code, body = call(t, s, "DELETE", "/apisix/admin/upstreams/u1", "")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"deleted":"1","key":"/apisix/upstreams/u1"}`, body)

	code, body = call(t, s, "DELETE", "/apisix/admin/upstreams/u1", "")
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"message":"Key not found"}`, body)

	code, body = call(t, s, "GET", "/apisix/admin/foos/1", "")
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"error_msg":"Unsupported resource type: foos"}`, body)
}

func TestPutIDRules(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, body := call(t, s, "PUT", "/apisix/admin/upstreams/u1", `{"id":"u2","nodes":{"a:1":1}}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"wrong upstream id"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/routes", `{"uri":"/"}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"missing route id"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/routes/a%20b", `{"uri":"/","upstream":{"nodes":{"a:1":1}}}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"invalid configuration: property \"id\" validation failed: object matches none of the required"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/consumers/jack", `{"username":"jill"}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"wrong username"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/consumers", `{"username":"jack"}`)
	assert.Equal(t, 201, code)
	assert.JSONEq(t, `{"key":"/apisix/consumers/jack","value":{"username":"jack",
		"create_time":1700000000,"update_time":1700000000}}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/upstreams/u1", `{"nodes":`)
	assert.Equal(t, 400, code)
	assert.Contains(t, body, `"error_msg":"invalid request body: `)
}

func TestListAndPaging(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, body := call(t, s, "GET", "/apisix/admin/routes", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"list":[],"total":0}`, body)

	for _, id := range []string{"b", "a", "c"} {
		code, _ := call(t, s, "PUT", "/apisix/admin/upstreams/"+id, upstream1)
		require.Equal(t, 201, code)
	}
	code, body = call(t, s, "GET", "/apisix/admin/upstreams", "")
	assert.Equal(t, 200, code)
	var lb struct {
		List  []apisix.Item `json:"list"`
		Total int           `json:"total"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &lb))
	assert.Equal(t, 3, lb.Total)
	require.Len(t, lb.List, 3)
	assert.Equal(t, []string{"/apisix/upstreams/a", "/apisix/upstreams/b", "/apisix/upstreams/c"},
		[]string{lb.List[0].Key, lb.List[1].Key, lb.List[2].Key})

	code, body = call(t, s, "GET", "/apisix/admin/upstreams?page=2&page_size=10", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"list":{},"total":3}`, body, "APISIX 3.18 answers an empty page with {}")

	code, body = call(t, s, "GET", "/apisix/admin/upstreams?page=1&page_size=5", "")
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"page_size must be between 10 and 500"}`, body)

	s2 := newServer(t, apisixtest.Options{EmptyListAsObject: true})
	_, body = call(t, s2, "GET", "/apisix/admin/routes", "")
	assert.Equal(t, `{"list":{},"total":0}`, body)
}

func TestUnauthorized(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, body := callKey(t, s, "GET", "/apisix/admin/routes", "", "")
	assert.Equal(t, 401, code)
	assert.JSONEq(t, `{"error_msg":"failed to check token","description":"missing apikey"}`, body)

	code, body = callKey(t, s, "PUT", "/apisix/admin/upstreams/u1", upstream1, "wrong")
	assert.Equal(t, 401, code)
	assert.JSONEq(t, `{"error_msg":"failed to check token","description":"wrong apikey"}`, body)
	assert.Empty(t, s.Snapshot()[apisix.KindUpstream])

	code, _ = callKey(t, s, "GET", "/apisix/admin/routes?api_key="+testKey, "", "")
	assert.Equal(t, 200, code)
	for _, r := range s.Requests() {
		assert.NotContains(t, r.Query, testKey, "the API key must never be logged")
	}
}

func TestReferences(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, body := call(t, s, "PUT", "/apisix/admin/routes/r1", `{"uri":"/","upstream_id":"u1"}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"failed to fetch upstream info by upstream id [u1], response code: 404"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/routes/r1", `{"uri":"/","service_id":"s1"}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"failed to fetch service info by service id [s1], response code: 404"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/routes/r1", `{"uri":"/","plugin_config_id":"pc1","upstream":{"nodes":{"a:1":1}}}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"failed to fetch plugin config info by plugin config id [pc1], response code: 404"}`, body)

	code, body = call(t, s, "PUT", "/apisix/admin/consumers/jack", `{"username":"jack","group_id":"g1"}`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"failed to fetch consumer group info by consumer group id [g1], response code: 404"}`, body)

	mustPut := func(path, body string) {
		t.Helper()
		code, resp := call(t, s, "PUT", path, body)
		require.Equal(t, 201, code, resp)
	}
	mustPut("/apisix/admin/upstreams/u1", upstream1)
	mustPut("/apisix/admin/services/s1", `{"upstream_id":"u1"}`)
	mustPut("/apisix/admin/plugin_configs/pc1", `{"plugins":{}}`)
	mustPut("/apisix/admin/routes/r1", `{"uri":"/","service_id":"s1","plugin_config_id":"pc1"}`)
	mustPut("/apisix/admin/routes/r2", `{"uri":"/x","upstream_id":"u1"}`)
	mustPut("/apisix/admin/consumer_groups/g1", `{"plugins":{}}`)
	mustPut("/apisix/admin/consumers/jack", `{"username":"jack","group_id":"g1"}`)

	for _, tc := range []struct{ path, msg string }{
		{"/apisix/admin/upstreams/u1", "can not delete this upstream, route [r2] is still using it now"},
		{"/apisix/admin/services/s1", "can not delete this service directly, route [r1] is still using it now"},
		{"/apisix/admin/plugin_configs/pc1", "can not delete this plugin config, route [r1] is still using it now"},
		{"/apisix/admin/consumer_groups/g1", "can not delete this consumer group, consumer [jack] is still using it now"},
	} {
		code, body := call(t, s, "DELETE", tc.path, "")
		assert.Equal(t, 400, code, tc.path)
		assert.Equal(t, `{"error_msg":"`+tc.msg+`"}`, body)
	}
	code, _ = call(t, s, "DELETE", "/apisix/admin/routes/r2", "")
	require.Equal(t, 200, code)
	code, body = call(t, s, "DELETE", "/apisix/admin/upstreams/u1", "")
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"can not delete this upstream, service [s1] is still using it now"}`, body)
	code, _ = call(t, s, "DELETE", "/apisix/admin/upstreams/u1?force=anything", "")
	assert.Equal(t, 400, code, "only force=true forces")
	code, _ = call(t, s, "DELETE", "/apisix/admin/upstreams/u1?force=true", "")
	assert.Equal(t, 200, code)
}

func TestPatch(t *testing.T) {
	now := fixedNow()
	s := newServer(t, apisixtest.Options{Now: func() time.Time { return now }})
	code, _ := call(t, s, "PUT", "/apisix/admin/routes/r1",
		`{"uri":"/a","labels":{"a":"1","b":"2"},"upstream":{"nodes":{"a:1":1}}}`)
	require.Equal(t, 201, code)
	now = now.Add(time.Minute)

	code, body := call(t, s, "PATCH", "/apisix/admin/routes/r1", `{"uri":"/b","labels":{"b":null,"c":"3"}}`)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"key":"/apisix/routes/r1","value":{"id":"r1","uri":"/b","labels":{"a":"1","c":"3"},
		"upstream":{"nodes":{"a:1":1}},"create_time":1700000000,"update_time":1700000060}}`, body)

	code, body = call(t, s, "PATCH", "/apisix/admin/routes/r1/uris", `["/c","/d"]`)
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"uris":["/c","/d"]`)

	code, body = call(t, s, "PATCH", "/apisix/admin/routes/r1/nope/deeper", `1`)
	assert.Equal(t, 400, code)
	assert.Equal(t, `{"error_msg":"invalid sub path"}`, body)

	code, body = call(t, s, "PATCH", "/apisix/admin/routes/r9", `{"uri":"/"}`)
	assert.Equal(t, 404, code)
	assert.Equal(t, `{"message":"Key not found"}`, body)

	code, _ = call(t, s, "PATCH", "/apisix/admin/routes/r1", `{"upstream_id":"missing"}`)
	assert.Equal(t, 400, code, "a patch is checked like a put")
}

func TestSSLKeyStrippedOnRead(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	code, body := call(t, s, "PUT", "/apisix/admin/ssls/s1", `{"cert":"C","key":"K","snis":["a.example"]}`)
	require.Equal(t, 201, code)
	assert.Contains(t, body, `"key":"K"`)
	_, body = call(t, s, "GET", "/apisix/admin/ssls/s1", "")
	assert.NotContains(t, body, `"key":"K"`)
	assert.Contains(t, body, `"snis":["a.example"]`)
	assert.Contains(t, string(s.Snapshot()[apisix.KindSSL]["s1"]), `"key":"K"`)
}

func TestSnapshotSetReset(t *testing.T) {
	s := newServer(t, apisixtest.Options{})
	s.Set(apisix.KindRoute, "drift", []byte(`{"uri":"/drift","upstream_id":"gone"}`))
	assert.JSONEq(t, `{"uri":"/drift","upstream_id":"gone"}`, string(s.Snapshot()[apisix.KindRoute]["drift"]))
	call(t, s, "GET", "/apisix/admin/routes/drift", "")
	call(t, s, "GET", "/apisix/admin/routes/none", "")
	assert.Equal(t, 2, s.Count("GET", apisix.KindRoute, 0))
	assert.Equal(t, 1, s.Count("", "", 404))
	assert.Equal(t, 1, s.Counts()[apisixtest.CountKey{Method: "GET", Kind: apisix.KindRoute, Status: 200}])
	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, apisixtest.Request{Method: "GET", Path: "/apisix/admin/routes/none", Kind: apisix.KindRoute,
		ID: "none", Status: 404, Body: []byte{}, Time: fixedNow()}, reqs[1])

	s.Reset()
	assert.Empty(t, s.Snapshot()[apisix.KindRoute])
	assert.Empty(t, s.Requests())
	assert.Zero(t, s.Count("", "", 0))
}
