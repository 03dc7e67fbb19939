package apisix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// maxResponseBytes caps how much of an Admin API answer is read.
const maxResponseBytes = 64 << 20

// request is one logical Admin API call, possibly sent several times.
type request struct {
	method      string
	path        string // absolute, e.g. /apisix/admin/routes/1
	query       url.Values
	body        []byte
	contentType string
	// idempotent calls are retried on 5xx and connection errors; others only
	// when the connection could not be established (nothing was sent).
	idempotent bool
}

// response is a non-5xx answer.
type response struct {
	status int
	body   []byte
}

// do sends req with retries, backoff and failover across base URLs. It returns
// the first answer below 500, or an error wrapping ErrUnavailable when every
// attempt failed, or the context's error.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	attempts := 1 + c.maxRetries
	start := int(c.preferred.Load())
	var lastErr error
	for attempt := range attempts {
		if attempt >= len(c.bases) {
			// Every endpoint has had a go: back off before the next round. The
			// first pass over the endpoints fails over without waiting.
			if err := c.sleep(ctx, attempt-len(c.bases)+1); err != nil {
				return nil, ctxError(req, err, lastErr)
			}
		}
		idx := (start + attempt) % len(c.bases)
		resp, err := c.once(ctx, idx, req)
		if err == nil && resp.status < 500 {
			c.preferred.Store(int64(idx))
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctxError(req, ctx.Err(), lastErr)
		}
		retryable := req.idempotent
		if err != nil {
			lastErr = fmt.Errorf("%w: %s %s via %s: %w", ErrUnavailable, req.method, req.path, c.bases[idx].Redacted(), err)
			retryable = retryable || isDialError(err)
		} else {
			lastErr = decodeAPIError(req.method, req.path, resp.status, resp.body)
		}
		if !retryable || attempt == attempts-1 {
			break
		}
		c.log.DebugContext(ctx, "apisix admin api attempt failed; retrying",
			"method", req.method, "path", req.path, "attempt", attempt+1, "error", lastErr.Error())
	}
	return nil, lastErr
}

// once sends req to one endpoint, bounded by the per-attempt timeout.
func (c *Client) once(ctx context.Context, idx int, req request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.bases[idx]
	u.Path += req.path
	u.RawQuery = req.query.Encode()
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	if c.apiKey != "" {
		hr.Header.Set("X-API-KEY", c.apiKey)
	}
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("User-Agent", "apisix-ingress")
	if req.body != nil {
		ct := req.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	res, err := c.hc.Do(hr)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("reading response: %w", err)
	}
	return &response{status: res.StatusCode, body: data}, nil
}

// sleep waits the jittered backoff of the n-th retry round (n >= 1), or until
// ctx is done.
func (c *Client) sleep(ctx context.Context, n int) error {
	ceil := c.backoff.Initial
	for i := 1; i < n && ceil < c.backoff.Max; i++ {
		ceil *= 2
	}
	ceil = min(ceil, c.backoff.Max)
	c.rngMu.Lock()
	d := time.Duration(c.rng.Int64N(int64(ceil) + 1))
	c.rngMu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// isDialError reports whether err happened while connecting, so the request
// was never sent and may be repeated even when not idempotent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// ctxError reports that the caller's context ended, with the last failure.
func ctxError(req request, err, last error) error {
	if last != nil {
		return fmt.Errorf("apisix: %s %s: %w (last failure: %v)", req.method, req.path, err, last)
	}
	return fmt.Errorf("apisix: %s %s: %w", req.method, req.path, err)
}

// errorBody is the error shape of Admin API answers.
type errorBody struct {
	ErrorMsg    string        `json:"error_msg"`
	Message     string        `json:"message"`
	Description string        `json:"description"`
	Errors      []ConfigError `json:"errors"`
}

// decodeAPIError turns an error answer into a classified *APIError.
func decodeAPIError(method, path string, status int, body []byte) *APIError {
	var eb errorBody
	msg := ""
	if err := json.Unmarshal(body, &eb); err == nil {
		msg = eb.ErrorMsg
		if msg == "" {
			msg = eb.Message
		}
		switch {
		case msg == "":
			msg = eb.Description
		case eb.Description != "":
			msg += " (" + eb.Description + ")"
		}
	} else {
		msg = string(body[:min(len(body), 256)])
	}
	return newAPIError(method, path, status, msg, eb.Errors)
}

// expect returns an *APIError unless resp has one of the wanted statuses.
func expect(req request, resp *response, want ...int) error {
	for _, w := range want {
		if resp.status == w {
			return nil
		}
	}
	return decodeAPIError(req.method, req.path, resp.status, resp.body)
}
