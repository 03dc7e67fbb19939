// Package apisixtest runs an in-memory APISIX Admin API v3 for tests, the way
// net/http/httptest runs an HTTP server: NewServer listens on 127.0.0.1 and
// answers with APISIX 3.x semantics.
//
// It stores every resource kind of package apisix and answers PUT, GET,
// DELETE, PATCH and paged lists with v3 shapes and status codes; it rejects
// bodies that fail APISIX's resource or plugin schemas (when Options.SchemasDir
// names APISIX's JSON schemas), references to missing objects, and deletes of
// objects still referenced; like APISIX it checks bodies with the schemas'
// defaults filled in but stores them as sent, adds create_time and
// update_time, shows the fields APISIX encrypts encrypted in a write's answer
// (with APISIX's default keyring; an upstream's tls.client_key also on
// reads), words malformed JSON as lua-cjson does, and runs APISIX's checks
// beside the schemas (exclusive route members, upstream rules such as a
// chash key, vars expressions) in APISIX's order; it serves the plugin schema endpoints and POST
// /apisix/admin/configs/validate.
//
// Faults can be injected while it runs (latency, a rate of 5xx answers, a rate
// of connection resets, a down switch that refuses connections), and every
// request is logged and counted for assertions.
//
// # Held to the real thing
//
// differential_test.go sends the same Admin API sequences to this server and
// to a real APISIX 3.18.0 (internal/apisixrt) and compares status codes and
// bodies, timestamps and etcd indexes aside. The differences that remain on
// purpose, each skipped there by its name:
//
//   - "stream_routes": the real instance of the test runtime has no stream
//     proxy, so it answers every stream_routes request with 400 "stream mode
//     is disabled, can not add stream routes"; this server answers as an
//     APISIX with stream mode on (the project emits stream routes for
//     ApisixRoute TCP/UDP rules), so there is nothing to compare against.
//   - "several failures": when more than one property of one object fails
//     (two missing required properties, two too-short strings), APISIX names
//     the first in the order its generated validator walks the schema's
//     properties, which is Lua's hash order of the schema table and changes
//     from one APISIX start to the next (limit-req without burst and key:
//     "burst" in one run, "key" in another). The Go validator (package
//     apisix/schema) names a fixed one. Bodies with a single failure are
//     worded alike.
//   - "plugin list": GET /apisix/admin/plugins/list names the plugins of
//     Options.SchemasDir (117 in APISIX 3.18.0's), the real runtime the
//     plugins it loads (102 by default); each plugin's schema is compared.
//   - "validate order": POST /apisix/admin/configs/validate reports the kinds
//     in Lua hash order of its resource table (objects of one kind in index
//     order); this server reports them in the order of apisix.Kinds. The test
//     compares the set of errors.
//   - "settled references": APISIX checks whether a deleted object is still
//     referenced against its in-memory copy of etcd, which the etcd watch
//     brings up to date some milliseconds after each write; right after a
//     write it may refuse a delete for a referrer just deleted (400 "... is
//     still using it now") or allow one despite a referrer just created. This
//     server answers at once as APISIX does once settled; the test waits for
//     the real instance to settle (its control API) before each delete. The
//     controller retries a refused delete after a relist.
//
// Also not modelled: a data_encryption keyring other than APISIX's default,
// and plugin encrypt_fields without Options.SchemasDir.
package apisixtest
