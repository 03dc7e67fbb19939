package e2e

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// ApisixPluginConfig and ApisixGlobalRule scenarios, and plugin
// configuration read from Secrets.

// TestApisixGlobalRule: an ApisixGlobalRule's plugins run on every route,
// whatever created it (an ApisixRoute or an Ingress), and stop when it is
// deleted.
func TestApisixGlobalRule(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	crdHost, ingHost := "global-crd."+ns+".test", "global-ing."+ns+".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: global}
spec:
  http:
  - name: all
    match: {hosts: [`+crdHost+`], paths: ["/*"]}
    backends: [{serviceName: app, servicePort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: global}
spec:
  ingressClassName: apisix
  rules:
  - host: `+ingHost+`
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
`)
	await(t, Req{Host: crdHost}, "ApisixRoute served", served("app"))
	await(t, Req{Host: ingHost}, "Ingress served", served("app"))
	mark := "X-Global-" + ns
	t.Cleanup(func() { kubectl(t, nil, "-n", ns, "delete", "apisixglobalrule", "mark", "--ignore-not-found") })
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixGlobalRule
metadata: {name: mark}
spec:
  plugins:
  - name: response-rewrite
    enable: true
    config: {headers: {set: {`+mark+`: "on"}}}
`)
	awaitUpdate(t, Req{Host: crdHost, Path: "/a"}, "global rule on the ApisixRoute's route", all(served("app"), header(mark, "on")))
	await(t, Req{Host: ingHost, Path: "/b"}, "global rule on the Ingress's route", all(served("app"), header(mark, "on")))
	if out, code := kubectl(t, nil, "-n", ns, "delete", "apisixglobalrule", "mark"); code != 0 {
		t.Fatalf("delete: %s", out)
	}
	awaitUpdate(t, Req{Host: crdHost, Path: "/a"}, "global rule removed", all(served("app"), header(mark, "")))
	awaitUpdate(t, Req{Host: ingHost, Path: "/b"}, "global rule removed", all(served("app"), header(mark, "")))
}

// TestApisixPluginConfigPrecedence: a rule's own plugins and those of its
// ApisixPluginConfig both run; for a plugin configured in both places the
// rule's configuration wins (APISIX merges plugin_config into the route, the
// route's plugins taking precedence). plugin_config_namespace names an
// ApisixPluginConfig of another namespace.
func TestApisixPluginConfigPrecedence(t *testing.T) {
	ns := newNamespace(t)
	shared := newNamespace(t)
	backend(t, ns, "app")
	host := "pcp." + ns + ".test"
	apply(t, shared, `
apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata: {name: common}
spec:
  plugins:
  - name: response-rewrite
    enable: true
    config: {headers: {set: {X-Source: shared-config}}}
`)
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata: {name: common}
spec:
  plugins:
  - name: response-rewrite
    enable: true
    config: {headers: {set: {X-Source: config}}}
  - name: proxy-rewrite
    enable: true
    config: {headers: {set: {X-Config-Header: "yes"}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: pcp}
spec:
  http:
  - name: config-only
    match: {hosts: [`+host+`], paths: ["/config"]}
    plugin_config_name: common
    backends: [{serviceName: app, servicePort: 80}]
  - name: rule-wins
    match: {hosts: [`+host+`], paths: ["/rule"]}
    plugin_config_name: common
    plugins:
    - name: response-rewrite
      enable: true
      config: {headers: {set: {X-Source: rule}}}
    backends: [{serviceName: app, servicePort: 80}]
  - name: other-namespace
    match: {hosts: [`+host+`], paths: ["/shared"]}
    plugin_config_name: common
    plugin_config_namespace: `+shared+`
    backends: [{serviceName: app, servicePort: 80}]
`)
	r := await(t, Req{Host: host, Path: "/config"}, "plugin config only", all(served("app"), header("X-Source", "config")))
	if r.Got.Header("X-Config-Header") != "yes" {
		t.Errorf("/config: backend did not receive the config's proxy-rewrite header")
	}
	r = await(t, Req{Host: host, Path: "/rule"}, "rule's plugin wins", all(served("app"), header("X-Source", "rule")))
	if r.Got.Header("X-Config-Header") != "yes" {
		t.Errorf("/rule: the config's other plugin (proxy-rewrite) did not run")
	}
	r = await(t, Req{Host: host, Path: "/shared"}, "plugin config of another namespace", all(served("app"), header("X-Source", "shared-config")))
	if r.Got.Header("X-Config-Header") != "" {
		t.Errorf("/shared: the same-named config of the route's own namespace ran")
	}
}

// TestApisixPluginSecretRef: a plugin's secretRef merges the Secret's keys
// into its configuration (a dotted key sets a nested member), so a secret
// value reaches the plugin without being written in the ApisixRoute.
func TestApisixPluginSecretRef(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "psecret." + ns + ".test"
	createSecret(t, ns, "upstream-token", corev1.SecretTypeOpaque, map[string][]byte{
		"headers.set.X-Upstream-Token": []byte("t0ken-" + ns),
	})
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: psecret}
spec:
  http:
  - name: all
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: app, servicePort: 80}]
    plugins:
    - name: proxy-rewrite
      enable: true
      secretRef: upstream-token
      config: {headers: {set: {X-Plain: plain}}}
`)
	r := await(t, Req{Host: host}, "route served", served("app"))
	if got, plain := r.Got.Header("X-Upstream-Token"), r.Got.Header("X-Plain"); got != "t0ken-"+ns || plain != "plain" {
		t.Errorf("backend received X-Upstream-Token %q and X-Plain %q, want %q and plain", got, plain, fmt.Sprint("t0ken-", ns))
	}
}

// TestApisixPluginReferencesResolveLater: a rule whose ApisixPluginConfig
// or plugin Secret does not exist yet is not served (serving it without
// those plugins could skip an auth check); once they exist it is served
// with them.
func TestApisixPluginReferencesResolveLater(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "later-pc." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: later}
spec:
  http:
  - name: pc
    match: {hosts: [`+host+`], paths: ["/pc"]}
    plugin_config_name: late
    backends: [{serviceName: app, servicePort: 80}]
  - name: secret
    match: {hosts: [`+host+`], paths: ["/secret"]}
    backends: [{serviceName: app, servicePort: 80}]
    plugins:
    - {name: proxy-rewrite, enable: true, secretRef: late-secret}
  - name: plain
    match: {hosts: [`+host+`], paths: ["/plain"]}
    backends: [{serviceName: app, servicePort: 80}]
`)
	await(t, Req{Host: host, Path: "/plain"}, "rule without references", served("app"))
	expect(t, "ApisixPluginConfig missing", Req{Host: host, Path: "/pc"}, status(404))
	expect(t, "plugin Secret missing", Req{Host: host, Path: "/secret"}, status(404))
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata: {name: late}
spec:
  plugins:
  - {name: response-rewrite, enable: true, config: {headers: {set: {X-Late: "yes"}}}}
`)
	createSecret(t, ns, "late-secret", corev1.SecretTypeOpaque, map[string][]byte{"headers.set.X-From-Secret": []byte("yes")})
	awaitUpdate(t, Req{Host: host, Path: "/pc"}, "ApisixPluginConfig created", all(served("app"), header("X-Late", "yes")))
	r := awaitUpdate(t, Req{Host: host, Path: "/secret"}, "Secret created", served("app"))
	if got := r.Got.Header("X-From-Secret"); got != "yes" {
		t.Errorf("backend received X-From-Secret %q, want yes", got)
	}
}
