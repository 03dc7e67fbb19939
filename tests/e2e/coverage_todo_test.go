package e2e

// notYetCovered lists the translated keys that have no behaviour scenario
// yet. It only shrinks: TestEveryTranslatedKeyHasAScenario fails when a key
// outside it lacks a scenario, and when a key in it gains one.
var notYetCovered = map[string]bool{
	"nginx.ingress.kubernetes.io/ssl-passthrough":                   true,
	"nginx.ingress.kubernetes.io/proxy-ssl-secret":                  true,
	"nginx.ingress.kubernetes.io/proxy-request-buffering":           true,
	"nginx.ingress.kubernetes.io/auth-always-set-cookie":            true,
	"nginx.ingress.kubernetes.io/auth-keepalive-timeout":            true,
	"nginx.ingress.kubernetes.io/enable-opentelemetry":              true,
	"nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span": true,
}
