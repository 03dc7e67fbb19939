// Package translator turns a snapshot of Kubernetes objects (Ingresses,
// IngressClasses, Services, EndpointSlices, Secrets and the
// apisix.apache.org/v2 kinds) into the APISIX state that serves them, a status
// per source object, and notices for the user.
//
// It is pure: Translate reads only its arguments (no clock, environment,
// network or client), and its output is sorted and deterministic, so a golden
// file is stable and a resync that changed nothing writes nothing.
//
// Incremental translation. A Translator keeps the result up to date: Update
// takes the objects created or updated and the refs of those deleted, and
// translates again only the sources whose inputs changed (see Translator).
// Translate is one update of an empty Translator.
//
// Failure model. Every problem is reported against the source object with its
// field path. Problems come in two classes:
//
//   - Invalid input (a bad annotation value, a resource backend, a malformed
//     Secret): the object's status carries the errors and none of its APISIX
//     objects are emitted; Result.Failed lists it so that the controller keeps
//     what APISIX already serves for it instead of deleting it.
//   - An unresolved reference (a Service or Secret that does not exist yet,
//     common when GitOps applies objects in any order): the error is reported
//     with field.ErrorTypeNotFound and the rest of the object is still served
//     (an upstream with no nodes, which APISIX answers with 503; no certificate
//     for the TLS hosts until the Secret appears).
//
// Identity. Every emitted object carries ownership labels (managed-by, the
// source kind, namespace and name) and an id derived from the source's
// identity and the content that distinguishes it (host, path, Service and
// port), never from list positions, so ids are stable across restarts and
// unrelated edits, and within APISIX's id rules (64 characters of
// [a-zA-Z0-9-_.]).
package translator
