package testutil

// TwentyAnnotations are the annotations of the Ingress the admission
// benchmarks measure (webhook and tests/webhookbench), and of those filling
// their clusters: 19 ingress-nginx keys and the legacy class annotation.
func TwentyAnnotations() map[string]string {
	const nginx = "nginx.ingress.kubernetes.io/"
	return map[string]string{
		nginx + "enable-cors": "true", nginx + "cors-allow-origin": "https://a.example.com", nginx + "cors-allow-methods": "GET, POST",
		nginx + "cors-max-age": "600", nginx + "limit-rps": "10", nginx + "limit-burst-multiplier": "3",
		nginx + "proxy-read-timeout": "30", nginx + "proxy-send-timeout": "30", nginx + "proxy-connect-timeout": "5",
		nginx + "proxy-body-size": "8m", nginx + "ssl-redirect": "true", nginx + "whitelist-source-range": "10.0.0.0/8,192.168.0.0/16",
		nginx + "upstream-vhost": "internal.example.com", nginx + "x-forwarded-prefix": "/app", nginx + "load-balance": "ewma",
		nginx + "proxy-next-upstream-tries": "3", nginx + "enable-access-log": "true", nginx + "backend-protocol": "HTTP",
		nginx + "service-upstream": "false", "kubernetes.io/ingress.class": "apisix",
	}
}
