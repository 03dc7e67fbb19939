// Package schema checks Admin API objects against Apache APISIX's own JSON
// schemas: the core schema of each resource (core.<resource>.json) and, for
// every entry of a resource's `plugins`, that plugin's schema
// (plugin.<name>.json, member `schema`, or `consumer_schema` on consumers).
//
// The schemas are loaded from a directory given by the caller (the files
// APISIX 3.18's Lua schema tables evaluate to, one per resource and plugin;
// `serve --apisix-schemas DIR`, `validate --schemas DIR`). APISIX writes them as Lua tables checked by a draft-4-ish Lua validator, so the
// loader is tolerant: it reads them as draft 7 (if/then/else and numeric
// exclusiveMinimum occur), drops empty `{}` that were meant as empty arrays
// in keyword positions (required, enum, allOf, anyOf, oneOf), turns empty
// `[]` maps into `{}` and empty `{}` defaults of arrays into `[]`, rewrites draft-4 boolean exclusiveMinimum and
// exclusiveMaximum, and injects APISIX's `_meta` property into every plugin
// schema as APISIX does.
//
// Patterns are PCRE in APISIX. Each is compiled with Go's RE2 and, when RE2
// cannot (lookaround), with a backtracking engine bounded by a timeout; a
// pattern neither compiles is skipped (it matches everything) and reported,
// once per pattern, through Options.Logger and by Schemas.SkippedPatterns.
// With the APISIX 3.18.0 schemas no pattern needs skipping.
//
// APISIX's validator fills in `default` values while it validates, so an
// `if`/`then` on a defaulted property sees the default (limit-count's
// `policy` defaults to `local`, so `redis_host` is required only with
// `policy: redis`). The checks here do the same: each value is checked with
// its defaults filled in (on a copy; the caller's value is not changed).
//
// Errors are worded as APISIX's validator words them, e.g.
// `property "upstream" validation failed: property "nodes" validation
// failed: ...`, so that a test server built on this package answers as
// APISIX would. Where APISIX's validator reports one error among several in
// table order, this package picks one deterministically.
package schema
