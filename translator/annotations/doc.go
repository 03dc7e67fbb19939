// Package annotations is the only place in the project that knows annotation
// keys. It holds one table of every nginx.ingress.kubernetes.io/* key that
// ingress-nginx defines (plus the aliases and removed keys users still carry)
// and every canonical k8s.apisix.apache.org/* key of this project, each with
// its value type, default, stance, APISIX building block and description.
//
// Parse turns an object's annotations into a typed, normalised Config
// (durations in seconds, sizes in bytes, booleans), a field.ErrorList with
// exact paths for every value that cannot be honoured, and Notices (kubectl
// warnings) for every semantic difference. Canonical gives the canonical key
// and value form of one annotation, for the mutating webhook and `migrate`.
//
// The package is pure: no clock, environment, network or mutable state.
package annotations
