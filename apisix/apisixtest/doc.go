// Package apisixtest runs an in-memory APISIX Admin API v3 for tests, the way
// net/http/httptest runs an HTTP server: NewServer listens on 127.0.0.1 and
// answers with APISIX 3.x semantics.
//
// It stores every resource kind of package apisix and answers PUT, GET,
// DELETE, PATCH and paged lists with v3 shapes and status codes; it rejects
// bodies that fail APISIX's resource or plugin schemas (when Options.SchemasDir
// names APISIX's JSON schemas), references to missing objects, and deletes of
// objects still referenced; it fills server defaults, create_time and
// update_time as APISIX does; it serves the plugin schema endpoints and POST
// /apisix/admin/configs/validate.
//
// Faults can be injected while it runs (latency, a rate of 5xx answers, a rate
// of connection resets, a down switch that refuses connections), and every
// request is logged and counted for assertions.
package apisixtest
