// Package v2 holds the Go types of the apisix.apache.org/v2 custom resources:
// ApisixRoute, ApisixUpstream, ApisixTls, ApisixPluginConfig, ApisixConsumer
// and ApisixGlobalRule.
//
// The types are field-compatible with the CRDs published by the Apache APISIX
// ingress controller (1.x and 2.x), so existing manifests apply unchanged. They
// are stricter where a looser schema lets real mistakes through: host
// patterns, the method enum (which includes PURGE), the expression operator
// enum, resolveGranularity, non-negative weights, port ranges, health check
// ranges, and CEL rules for checks that span fields of one object (unique rule
// names, backends or upstreams, value or secretRef, exactly one auth type).
//
// Durations (timeouts, health check intervals) are kept as the strings the user
// wrote, checked against Go's duration syntax, so that nothing the API server
// stores differs from what is in Git.
//
// +kubebuilder:object:generate=true
// +groupName=apisix.apache.org
package v2
