package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// ApisixConsumer scenarios: a consumer's keyAuth, basicAuth and jwtAuth
// credentials, given as values or read from Secrets, let a client through
// the routes whose authentication asks for that kind of credential; a
// wrong credential gets 401.

// jwtHS256 signs claims with secret (RFC 7519, HS256).
func jwtHS256(t *testing.T, secret string, claims map[string]any) string {
	t.Helper()
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	signing := head + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func basicHeader(user, pass string) map[string]string {
	return map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}
}

// TestApisixConsumerCredentials: each kind of credential, from a value and
// from a Secret, is accepted on a route of its kind and nowhere else.
func TestApisixConsumerCredentials(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "consumers." + ns + ".test"
	createSecret(t, ns, "key-secret", corev1.SecretTypeOpaque, map[string][]byte{"key": []byte("secret-key-" + ns)})
	createSecret(t, ns, "basic-secret", corev1.SecretTypeOpaque, map[string][]byte{"username": []byte("sue-" + ns), "password": []byte("from-secret")})
	createSecret(t, ns, "jwt-secret", corev1.SecretTypeOpaque, map[string][]byte{"key": []byte("jwt-sec-" + ns), "secret": []byte("jwt-secret-signing-key-" + ns)})
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: key-value}
spec:
  authParameter: {keyAuth: {value: {key: value-key-`+ns+`}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: key-secret}
spec:
  authParameter: {keyAuth: {secretRef: {name: key-secret}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: basic-value}
spec:
  authParameter: {basicAuth: {value: {username: val-`+ns+`, password: from-value}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: basic-secret}
spec:
  authParameter: {basicAuth: {secretRef: {name: basic-secret}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: jwt-value}
spec:
  authParameter: {jwtAuth: {value: {key: jwt-val-`+ns+`, secret: jwt-value-signing-key-`+ns+`}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: jwt-secret}
spec:
  authParameter: {jwtAuth: {secretRef: {name: jwt-secret}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: consumers}
spec:
  http:
  - name: key
    match: {hosts: [`+host+`], paths: ["/key"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: true, type: keyAuth}
  - name: basic
    match: {hosts: [`+host+`], paths: ["/basic"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: true, type: basicAuth}
  - name: jwt
    match: {hosts: [`+host+`], paths: ["/jwt"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication: {enable: true, type: jwtAuth}
`)
	exp := time.Now().Add(time.Hour).Unix()
	bearer := func(key, secret string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + jwtHS256(t, secret, map[string]any{"key": key, "exp": exp})}
	}
	good := []struct {
		name   string
		path   string
		header map[string]string
	}{
		{"keyAuth value", "/key", map[string]string{"apikey": "value-key-" + ns}},
		{"keyAuth Secret", "/key", map[string]string{"apikey": "secret-key-" + ns}},
		{"basicAuth value", "/basic", basicHeader("val-"+ns, "from-value")},
		{"basicAuth Secret", "/basic", basicHeader("sue-"+ns, "from-secret")},
		{"jwtAuth value", "/jwt", bearer("jwt-val-"+ns, "jwt-value-signing-key-"+ns)},
		{"jwtAuth Secret", "/jwt", bearer("jwt-sec-"+ns, "jwt-secret-signing-key-"+ns)},
	}
	for _, c := range good {
		await(t, Req{Host: host, Path: c.path, Header: c.header}, c.name, served("app"))
	}
	expired := map[string]string{"Authorization": "Bearer " + jwtHS256(t, "jwt-value-signing-key-"+ns,
		map[string]any{"key": "jwt-val-" + ns, "exp": time.Now().Add(-time.Hour).Unix()})}
	for _, c := range []struct {
		name   string
		path   string
		header map[string]string
	}{
		{"no key", "/key", nil},
		{"unknown key", "/key", map[string]string{"apikey": "nope"}},
		{"basic password of another consumer", "/basic", basicHeader("val-"+ns, "from-secret")},
		{"basic unknown user", "/basic", basicHeader("nobody", "from-value")},
		{"jwt signed with another consumer's secret", "/jwt", bearer("jwt-val-"+ns, "jwt-secret-signing-key-"+ns)},
		{"jwt of an unknown key", "/jwt", bearer("nobody", "jwt-value-signing-key-"+ns)},
		{"expired jwt", "/jwt", expired},
		{"a key on the basicAuth route", "/basic", map[string]string{"apikey": "value-key-" + ns}},
	} {
		expect(t, c.name, Req{Host: host, Path: c.path, Header: c.header}, status(401))
	}

	// A new key in the Secret replaces the old one.
	apply(t, ns, `
apiVersion: v1
kind: Secret
metadata: {name: key-secret}
stringData: {key: rotated-key-`+ns+`}
`)
	awaitUpdate(t, Req{Host: host, Path: "/key", Header: map[string]string{"apikey": "rotated-key-" + ns}}, "rotated key accepted", served("app"))
	expect(t, "the key before rotation", Req{Host: host, Path: "/key", Header: map[string]string{"apikey": "secret-key-" + ns}}, status(401))
}

// TestApisixConsumerJwtAuthLocations: a rule's authentication.jwtAuth names
// the header, query argument and cookie the token is read from; the
// default Authorization header is then not read. Deleting the consumer
// revokes its tokens.
func TestApisixConsumerJwtAuthLocations(t *testing.T) {
	ns := newNamespace(t)
	backend(t, ns, "app")
	host := "jwtloc." + ns + ".test"
	apply(t, ns, `
apiVersion: apisix.apache.org/v2
kind: ApisixConsumer
metadata: {name: erin}
spec:
  authParameter: {jwtAuth: {value: {key: erin-`+ns+`, secret: erin-signing-key-`+ns+`}}}
---
apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: jwtloc}
spec:
  http:
  - name: jwt
    match: {hosts: [`+host+`], paths: ["/*"]}
    backends: [{serviceName: app, servicePort: 80}]
    authentication:
      enable: true
      type: jwtAuth
      jwtAuth: {header: X-JWT, query: jwt, cookie: jwt}
`)
	token := jwtHS256(t, "erin-signing-key-"+ns, map[string]any{"key": "erin-" + ns, "exp": time.Now().Add(time.Hour).Unix()})
	await(t, Req{Host: host, Header: map[string]string{"X-JWT": token}}, "token in the named header", served("app"))
	expect(t, "token in the named query argument", Req{Host: host, Path: "/?jwt=" + token}, served("app"))
	expect(t, "token in the named cookie", Req{Host: host, Header: map[string]string{"Cookie": "jwt=" + token}}, served("app"))
	expect(t, "token in Authorization", Req{Host: host, Header: map[string]string{"Authorization": "Bearer " + token}}, status(401))
	if out, code := kubectl(t, nil, "-n", ns, "delete", "apisixconsumer", "erin"); code != 0 {
		t.Fatalf("delete: %s", out)
	}
	awaitUpdate(t, Req{Host: host, Header: map[string]string{"X-JWT": token}}, "consumer deleted", status(401))
}
