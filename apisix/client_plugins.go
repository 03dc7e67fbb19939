package apisix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// PluginSchema returns the JSON schema APISIX checks plugin name's
// configuration against (GET /apisix/admin/plugins/{name}), or an error
// matching ErrNotFound for an unknown plugin.
func (c *Client) PluginSchema(ctx context.Context, name string) (json.RawMessage, error) {
	if name == "" {
		return nil, errors.New("apisix: empty plugin name")
	}
	req := request{method: http.MethodGet, path: AdminPrefix + "plugins/" + url.PathEscape(name), idempotent: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := expect(req, resp, http.StatusOK); err != nil {
		return nil, err
	}
	if !json.Valid(resp.body) {
		return nil, fmt.Errorf("apisix: %s %s: answer is not JSON", req.method, req.path)
	}
	return json.RawMessage(resp.body), nil
}

// PluginList returns the names of the plugins APISIX runs
// (GET /apisix/admin/plugins/list), in APISIX's order (by priority).
func (c *Client) PluginList(ctx context.Context) ([]string, error) {
	req := request{method: http.MethodGet, path: AdminPrefix + "plugins/list", idempotent: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := expect(req, resp, http.StatusOK); err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(resp.body, &names); err != nil {
		return nil, fmt.Errorf("apisix: %s %s: decoding answer: %w", req.method, req.path, err)
	}
	return names, nil
}

// ValidateConfigs asks APISIX to check a whole declarative configuration
// (POST /apisix/admin/configs/validate, APISIX >= 3.17): body is a JSON object
// {"routes":[...],"upstreams":[...],...}. It runs every object's full check,
// plugins included, without reference checks. A rejection is an *APIError
// matching ErrInvalid whose Errors list the failing objects; an APISIX
// without the endpoint gives ErrNotSupported. The call changes nothing, so it
// is retried like a GET.
func (c *Client) ValidateConfigs(ctx context.Context, body []byte) error {
	req := request{method: http.MethodPost, path: AdminPrefix + "configs/validate", body: body, idempotent: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	if resp.status == http.StatusNotFound || resp.status == http.StatusMethodNotAllowed {
		e := decodeAPIError(req.method, req.path, resp.status, resp.body)
		e.kind = ErrNotSupported
		return e
	}
	return expect(req, resp, http.StatusOK)
}

// Ping checks that an Admin API endpoint answers and accepts the API key
// (GET /apisix/admin/plugins/list, which every APISIX 3.x has).
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.PluginList(ctx)
	return err
}
