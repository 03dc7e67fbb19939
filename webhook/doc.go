// Package webhook is the admission webhook of apisix-ingress: validating and
// mutating handlers for networking.k8s.io/v1 Ingress (only those of this
// controller's IngressClass; others are admitted untouched) and every
// apisix.apache.org/v2 kind.
//
// Validation is one predicate shared with the controller and with the
// offline `apisix-ingress validate` command: field checks, then translating
// the object with the references it names looked up (never required: a
// missing Service is a warning), then checking the translated APISIX objects
// (typed plugin configurations, and user plugin configurations against the
// plugin's JSON schema: from --schemas, or fetched from APISIX in the
// background and cached). An admission never calls APISIX; only the offline
// validate command may also ask APISIX's POST /apisix/admin/configs/validate.
// Cross-object checks (a host+path or TLS host already served by another
// object, a class change that moves ownership) read the cache through
// controller-runtime's List with field indexes, so a request costs the same
// whatever the size of the cluster. The work is proportional to the object
// admitted; nothing is rendered or executed and no Secret content is read.
//
// The handlers are controller-runtime's stock admission webhooks
// (admission.WithValidator, WithCustomDefaulter), one table of admitted
// kinds registering every path, behind a guard bounding the body size, the
// admissions in flight and the time.
//
// Mutation only adds what is missing (spec.ingressClassName from the legacy
// kubernetes.io/ingress.class annotation, the defaults of the CRDs), through
// controller-runtime's defaulter machinery, so a second admission of the
// stored object yields no patch and GitOps tools see no drift. Values written
// in an accepted but non-canonical form are left as written and get a
// warning naming the canonical form.
//
// Until APISIX's plugin schemas are fetched (or when it cannot be reached
// and none were), a plugin the project does not model is admitted with a
// warning saying it was not checked; the webhook never holds the API server
// beyond its per-request deadline.
package webhook
