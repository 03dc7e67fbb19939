// Package certs keeps the admission webhook's serving certificate valid.
//
// Without cert-manager, `apisix-ingress certgen` (a Job at install and a
// CronJob after) calls Reconciler.Reconcile: it generates a short-lived CA and
// a serving certificate for the webhook Service's DNS names, stores them in a
// Secret (ca.crt, tls.crt, tls.key: the layout cert-manager uses too), and
// copies ca.crt into the caBundle of the validating and mutating webhook
// configurations. Each step writes only when something differs, so a second
// run changes nothing. Certificates are renewed well before they expire
// (Policy.RenewBefore), and the previous CA stays in ca.crt while it is still
// valid, so the API server trusts both the old and the new serving
// certificate while the new one reaches the pods. The CA's private key is
// never stored: it signs one serving certificate and is dropped.
//
// With cert-manager, CertManagerObjects builds the Issuers and Certificates
// (with cert-manager's own API types) that the cert-manager overlay ships, and
// cert-manager's cainjector fills caBundle from the inject-ca-from annotation.
//
// Either way the webhook server reads tls.crt and tls.key from the mounted
// Secret through controller-runtime's certwatcher, so a renewed certificate is
// served without a restart.
package certs
