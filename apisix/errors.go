package apisix

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors of the Admin API client. Test for them with errors.Is; the
// error returned for a rejected request is an *APIError carrying the status and
// APISIX's own message, available with errors.As.
var (
	// ErrNotFound: the object (or endpoint) does not exist (404).
	ErrNotFound = errors.New("apisix: not found")
	// ErrInvalid: APISIX rejected the request body (400), e.g. a schema error
	// or a missing referenced object. APIError.Message holds APISIX's error_msg.
	ErrInvalid = errors.New("apisix: invalid request")
	// ErrUnauthorized: the API key is missing or wrong (401), or its role may
	// not do this (403).
	ErrUnauthorized = errors.New("apisix: unauthorized")
	// ErrStillReferenced: a delete was refused because another object still
	// references this one (APISIX answers 400 "... is still using it now").
	ErrStillReferenced = errors.New("apisix: still referenced")
	// ErrUnavailable: no Admin API endpoint answered successfully: every
	// attempt failed with a 5xx status or a connection error.
	ErrUnavailable = errors.New("apisix: admin api unavailable")
	// ErrNotSupported: the endpoint does not exist on this APISIX version,
	// e.g. POST /apisix/admin/configs/validate before APISIX 3.17.
	ErrNotSupported = errors.New("apisix: not supported by this apisix version")
)

// APIError is an Admin API answer with an error status. It never holds the
// API key.
type APIError struct {
	Method string // HTTP method of the request
	Path   string // request path without the query, e.g. /apisix/admin/routes/1
	Status int    // HTTP status code
	// Message is APISIX's error_msg (or message) field, or a prefix of the body
	// when it is not JSON.
	Message string
	// Errors lists per-object failures of POST /apisix/admin/configs/validate.
	Errors []ConfigError
	kind   error
}

// ConfigError is one object rejected by POST /apisix/admin/configs/validate.
type ConfigError struct {
	ResourceType string `json:"resource_type"`
	ResourceID   string `json:"resource_id,omitempty"`
	Index        int    `json:"index"`
	Error        string `json:"error"`
}

// Error describes the failed request and APISIX's message.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "apisix: %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, ce := range e.Errors {
		fmt.Fprintf(&b, "; %s[%d]", ce.ResourceType, ce.Index)
		if ce.ResourceID != "" {
			fmt.Fprintf(&b, " id=%s", ce.ResourceID)
		}
		fmt.Fprintf(&b, ": %s", ce.Error)
	}
	return b.String()
}

// Is reports whether target is the sentinel this error is classified as.
func (e *APIError) Is(target error) bool { return e.kind != nil && target == e.kind }

// Unwrap returns the sentinel this error is classified as, if any.
func (e *APIError) Unwrap() error { return e.kind }

// newAPIError classifies an error answer by status and message.
func newAPIError(method, path string, status int, msg string, errs []ConfigError) *APIError {
	e := &APIError{Method: method, Path: path, Status: status, Message: msg, Errors: errs}
	switch {
	case status == http.StatusNotFound:
		e.kind = ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.kind = ErrUnauthorized
	case status == http.StatusBadRequest && strings.Contains(msg, "is still using it now"):
		e.kind = ErrStillReferenced
	case status >= 500:
		e.kind = ErrUnavailable
	case status >= 400:
		e.kind = ErrInvalid
	}
	return e
}

// IsRetryable reports whether err is a transient failure (a 5xx answer or a
// connection error) after which repeating an idempotent request may succeed.
func IsRetryable(err error) bool {
	return errors.Is(err, ErrUnavailable)
}

// UnmarshalJSON accepts resource_id as a JSON string or number.
func (ce *ConfigError) UnmarshalJSON(data []byte) error {
	var aux struct {
		ResourceType string          `json:"resource_type"`
		ResourceID   json.RawMessage `json:"resource_id"`
		Index        int             `json:"index"`
		Error        string          `json:"error"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*ce = ConfigError{ResourceType: aux.ResourceType, Index: aux.Index, Error: aux.Error}
	var s string
	switch {
	case len(aux.ResourceID) == 0 || string(aux.ResourceID) == "null":
	case json.Unmarshal(aux.ResourceID, &s) == nil:
		ce.ResourceID = s
	default:
		ce.ResourceID = string(aux.ResourceID)
	}
	return nil
}
