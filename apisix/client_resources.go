package apisix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// objectPath returns the Admin API path of one object.
func objectPath(kind Kind, id string) (string, error) {
	if kind == "" {
		return "", errors.New("apisix: empty kind")
	}
	if id == "" {
		return "", fmt.Errorf("apisix: empty %s id", kind)
	}
	return kind.Path() + "/" + url.PathEscape(id), nil
}

// decodeItem parses a single-object answer {key, value, createdIndex, modifiedIndex}.
func decodeItem(req request, body []byte) (Item, error) {
	var it Item
	if err := json.Unmarshal(body, &it); err != nil {
		return Item{}, fmt.Errorf("apisix: %s %s: decoding answer: %w", req.method, req.path, err)
	}
	return it, nil
}

// Put creates or replaces the object kind/id with body (a JSON object). created
// reports a 201 answer. A PUT retried after a lost answer may report
// created=false for an object this call created.
func (c *Client) Put(ctx context.Context, kind Kind, id string, body []byte) (it Item, created bool, err error) {
	path, err := objectPath(kind, id)
	if err != nil {
		return Item{}, false, err
	}
	req := request{method: http.MethodPut, path: path, body: body, idempotent: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return Item{}, false, err
	}
	if err := expect(req, resp, http.StatusOK, http.StatusCreated); err != nil {
		return Item{}, false, err
	}
	it, err = decodeItem(req, resp.body)
	return it, resp.status == http.StatusCreated, err
}

// Get returns the object kind/id, or an error matching ErrNotFound.
func (c *Client) Get(ctx context.Context, kind Kind, id string) (Item, error) {
	path, err := objectPath(kind, id)
	if err != nil {
		return Item{}, err
	}
	req := request{method: http.MethodGet, path: path, idempotent: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return Item{}, err
	}
	if err := expect(req, resp, http.StatusOK); err != nil {
		return Item{}, err
	}
	return decodeItem(req, resp.body)
}

// Delete removes the object kind/id. Without force APISIX refuses to delete
// an object still referenced by another (ErrStillReferenced). A missing object
// gives ErrNotFound, also when a retried DELETE follows one whose answer was
// lost: callers that only want the object gone should ignore ErrNotFound.
func (c *Client) Delete(ctx context.Context, kind Kind, id string, force bool) error {
	path, err := objectPath(kind, id)
	if err != nil {
		return err
	}
	req := request{method: http.MethodDelete, path: path, idempotent: true}
	if force {
		req.query = url.Values{"force": {"true"}}
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	return expect(req, resp, http.StatusOK)
}

// Patch merges body (a JSON object) into the object kind/id the way APISIX
// does (objects merged recursively, other values replaced) and returns the
// result. PATCH is not retried once it may have reached APISIX.
func (c *Client) Patch(ctx context.Context, kind Kind, id string, body []byte) (Item, error) {
	path, err := objectPath(kind, id)
	if err != nil {
		return Item{}, err
	}
	req := request{method: http.MethodPatch, path: path, body: body}
	resp, err := c.do(ctx, req)
	if err != nil {
		return Item{}, err
	}
	if err := expect(req, resp, http.StatusOK, http.StatusCreated); err != nil {
		return Item{}, err
	}
	return decodeItem(req, resp.body)
}

// List returns every object of kind, fetching pages of Config.PageSize.
// Objects created or deleted while it pages may be missed; an object is never
// returned twice.
func (c *Client) List(ctx context.Context, kind Kind) ([]Item, error) {
	var all []Item
	seen := map[string]bool{}
	for page := 1; ; page++ {
		items, total, err := c.ListPage(ctx, kind, page, c.pageSize)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !seen[it.Key] {
				seen[it.Key] = true
				all = append(all, it)
			}
		}
		// A short page is the last one. A page longer than asked means the
		// server ignores paging and sent everything at once.
		if len(items) != c.pageSize || len(all) >= total {
			return all, nil
		}
	}
}

// ListPage returns one page (1-based) of objects of kind and the total count.
// APISIX accepts page sizes 10..500.
func (c *Client) ListPage(ctx context.Context, kind Kind, page, pageSize int) ([]Item, int, error) {
	if kind == "" {
		return nil, 0, errors.New("apisix: empty kind")
	}
	req := request{
		method: http.MethodGet, path: kind.Path(), idempotent: true,
		query: url.Values{"page": {strconv.Itoa(page)}, "page_size": {strconv.Itoa(pageSize)}},
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	if err := expect(req, resp, http.StatusOK); err != nil {
		return nil, 0, err
	}
	var lb struct {
		List  json.RawMessage `json:"list"`
		Total int             `json:"total"`
	}
	if err := json.Unmarshal(resp.body, &lb); err != nil {
		return nil, 0, fmt.Errorf("apisix: %s %s: decoding list: %w", req.method, req.path, err)
	}
	var items []Item
	// lua-cjson encodes an empty array as {}: treat any object as empty.
	if len(lb.List) > 0 && lb.List[0] == '[' {
		if err := json.Unmarshal(lb.List, &items); err != nil {
			return nil, 0, fmt.Errorf("apisix: %s %s: decoding list: %w", req.method, req.path, err)
		}
	}
	return items, lb.Total, nil
}
