// Package migrate moves Ingresses off ingress-nginx onto this controller.
//
// Run reads Kubernetes manifests (or objects listed from a cluster), picks
// the Ingresses ingress-nginx serves, and produces:
//
//   - a Report: per Ingress and per annotation, whether it is translated,
//     translated with a difference (which), ignored (why) or blocked (why, and
//     the APISIX way to do it); the cluster-level traps that only show when
//     Ingresses are looked at together (use-regex on a host, canary pairs,
//     affinity across the Ingresses of a host); and totals;
//   - the rewritten manifests: with ModeIngress the same Ingresses, with
//     spec.ingressClassName set and canonical k8s.apisix.apache.org/*
//     annotations, edited in place so that every other byte (comments,
//     key order, quoting, indentation) is kept;
//     with ModeCRD ApisixRoute, ApisixUpstream and ApisixTls objects that
//     translate to the same APISIX state; with ModeGateway a Gateway (or
//     routes attached to a given one), HTTPRoutes with Gateway API filters
//     for what Gateway API expresses and, for the other plugins the
//     translator makes, ApisixPluginConfigs referenced by ExtensionRef
//     filters (the report says which form each annotation took; see
//     docs/gateway-api-migration.md). Other documents pass through byte
//     for byte.
//
// It reuses the annotations table and the translator that the admission
// webhook and the controller use, so a migration report and an admission
// decision can never disagree. The package does no I/O besides what its
// callers hand it, except LoadCluster, which lists objects through a client.
package migrate
