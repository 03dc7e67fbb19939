// Package gatewaystatus_test translates the Gateway API conformance suite's
// own manifests (sigs.k8s.io/gateway-api/conformance, embedded) and checks
// the status the translator gives each object against what the suite's
// core tests expect, without a cluster: the conditions, reasons and
// attached route counts of the tests that check status.
package gatewaystatus_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/gateway-api/conformance"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

const (
	infra = "gateway-conformance-infra"
	web   = "gateway-conformance-web-backend"
	app   = "gateway-conformance-app-backend"
)

// expect is one condition a conformance test expects: of a listener of a
// Gateway (listener set), or of a route's entry for a Gateway (gateway
// set); reason "" means any.
type expect struct {
	kind, ns, name   string
	gateway          string // a route's parent Gateway (in infra)
	listener         string // a Gateway's listener
	typ, status, why string
	attached         int32 // a listener's attachedRoutes, when >= 0
}

func route(kind, ns, name, gw, typ, status, why string) expect {
	return expect{kind: kind, ns: ns, name: name, gateway: gw, typ: typ, status: status, why: why, attached: -1}
}

func listener(name, l, typ, status, why string, attached int32) expect {
	return expect{kind: translator.KindGateway, ns: infra, name: name, listener: l, typ: typ, status: status, why: why, attached: attached}
}

func gateway(name, typ, status, why string) expect {
	return expect{kind: translator.KindGateway, ns: infra, name: name, typ: typ, status: status, why: why, attached: -1}
}

const hr = translator.KindHTTPRoute

// cases are the core tests that check status, by manifest.
var cases = map[string][]expect{
	"tests/gateway-invalid-listeners-unsupported-protocol.yaml": {
		gateway("gateway-only-unsupported-protocols", "Accepted", "False", "ListenersNotValid"),
		listener("gateway-only-unsupported-protocols", "invalid", "Accepted", "False", "UnsupportedProtocol", 0),
		gateway("gateway-supported-and-unsupported-protocols", "Accepted", "True", "ListenersNotValid"),
		listener("gateway-supported-and-unsupported-protocols", "http", "Accepted", "True", "Accepted", 0),
	},
	"tests/gateway-invalid-route-kind.yaml": {
		listener("gateway-only-invalid-route-kind", "http", "ResolvedRefs", "False", "InvalidRouteKinds", 0),
		listener("gateway-supported-and-invalid-route-kind", "http", "ResolvedRefs", "False", "InvalidRouteKinds", 0),
	},
	"tests/gateway-invalid-tls-configuration.yaml": {
		listener("gateway-certificate-nonexistent-secret", "https", "ResolvedRefs", "False", "InvalidCertificateRef", 0),
		listener("gateway-certificate-unsupported-group", "https", "ResolvedRefs", "False", "InvalidCertificateRef", 0),
		listener("gateway-certificate-unsupported-kind", "https", "ResolvedRefs", "False", "InvalidCertificateRef", 0),
		listener("gateway-certificate-malformed-secret", "https", "ResolvedRefs", "False", "InvalidCertificateRef", 0),
	},
	"tests/gateway-secret-missing-reference-grant.yaml": {
		listener("gateway-secret-missing-reference-grant", "https", "ResolvedRefs", "False", "RefNotPermitted", 0),
	},
	"tests/gateway-secret-invalid-reference-grant.yaml": {
		listener("gateway-secret-invalid-reference-grant", "https", "ResolvedRefs", "False", "RefNotPermitted", 0),
	},
	"tests/gateway-secret-reference-grant-specific.yaml": {
		listener("gateway-secret-reference-grant-specific", "https", "ResolvedRefs", "True", "", 0),
		listener("gateway-secret-reference-grant-specific", "https", "Programmed", "True", "Programmed", 0),
	},
	"tests/gateway-secret-reference-grant-all-in-namespace.yaml": {
		listener("gateway-secret-reference-grant-all-in-namespace", "https", "ResolvedRefs", "True", "", 0),
	},
	"tests/gateway-with-attached-routes.yaml": {
		listener("gateway-with-one-attached-route", "http", "Accepted", "True", "", 1),
		listener("gateway-with-two-attached-routes", "http", "ResolvedRefs", "True", "", 2),
		route(hr, infra, "http-route-not-accepted", "gateway-with-two-attached-routes", "Accepted", "False", "NoMatchingListenerHostname"),
		listener("unresolved-gateway-with-one-attached-unresolved-route", "tls", "Programmed", "False", "", 1),
		listener("unresolved-gateway-with-one-attached-unresolved-route", "tls", "ResolvedRefs", "False", "", 1),
		route(hr, infra, "http-route-4", "unresolved-gateway-with-one-attached-unresolved-route", "ResolvedRefs", "False", ""),
	},
	"tests/httproute-hostname-intersection.yaml": {
		route(hr, infra, "specific-host-matches-listener-specific-host", "httproute-hostname-intersection", "Accepted", "True", "Accepted"),
		route(hr, infra, "wildcard-host-matches-listener-wildcard-host", "httproute-hostname-intersection", "Accepted", "True", "Accepted"),
		route(hr, infra, "no-intersecting-hosts", "httproute-hostname-intersection", "Accepted", "False", "NoMatchingListenerHostname"),
	},
	"tests/httproute-invalid-cross-namespace-parent-ref.yaml": {
		route(hr, web, "invalid-cross-namespace-parent-ref", "same-namespace", "Accepted", "False", "NotAllowedByListeners"),
	},
	"tests/httproute-invalid-parentref-not-matching-section-name.yaml": {
		route(hr, infra, "httproute-listener-not-matching-section-name", "same-namespace", "Accepted", "False", "NoMatchingParent"),
	},
	"tests/httproute-invalid-reference-grant.yaml": {
		route(hr, infra, "reference-grant", "same-namespace", "Accepted", "True", "Accepted"),
		route(hr, infra, "reference-grant", "same-namespace", "ResolvedRefs", "False", "RefNotPermitted"),
	},
	"tests/httproute-invalid-cross-namespace-backend-ref.yaml": {
		route(hr, infra, "invalid-cross-namespace-backend-ref", "same-namespace", "Accepted", "True", "Accepted"),
		route(hr, infra, "invalid-cross-namespace-backend-ref", "same-namespace", "ResolvedRefs", "False", "RefNotPermitted"),
	},
	"tests/httproute-invalid-nonexistent-backendref.yaml": {
		route(hr, infra, "invalid-nonexistent-backend-ref", "same-namespace", "Accepted", "True", "Accepted"),
		route(hr, infra, "invalid-nonexistent-backend-ref", "same-namespace", "ResolvedRefs", "False", "BackendNotFound"),
	},
	"tests/httproute-invalid-backendref-unknown-kind.yaml": {
		route(hr, infra, "invalid-backend-ref-unknown-kind", "same-namespace", "Accepted", "True", "Accepted"),
		route(hr, infra, "invalid-backend-ref-unknown-kind", "same-namespace", "ResolvedRefs", "False", "InvalidKind"),
	},
	"tests/httproute-cross-namespace.yaml": {
		route(hr, web, "cross-namespace", "backend-namespaces", "Accepted", "True", "Accepted"),
		route(hr, web, "cross-namespace", "backend-namespaces", "ResolvedRefs", "True", "ResolvedRefs"),
	},
	"tests/httproute-reference-grant.yaml": {
		route(hr, infra, "reference-grant", "same-namespace", "ResolvedRefs", "True", "ResolvedRefs"),
	},
	"tests/httproute-simple-same-namespace.yaml": {
		route(hr, infra, "gateway-conformance-infra-test", "same-namespace", "Accepted", "True", "Accepted"),
	},
	"tests/httproute-https-listener.yaml": {
		route(hr, infra, "httproute-https-test", "same-namespace-with-https-listener", "Accepted", "True", "Accepted"),
	},
}

// TestConformanceManifestsStatus translates the suite's base manifests
// with each test's manifests, with the Secrets the suite would create,
// and checks the conditions the test expects.
func TestConformanceManifestsStatus(t *testing.T) {
	base := read(t, "base/manifests.yaml")
	for file, exps := range cases {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(file, "tests/"), ".yaml"), func(t *testing.T) {
			s := &translator.Snapshot{}
			s.Merge(base)
			s.Merge(read(t, file))
			for _, sec := range suiteSecrets(t) {
				s.Add(sec)
			}
			res := translator.Translate(s, translator.Options{GatewayAddresses: []string{"192.0.2.1"}})
			for _, x := range exps {
				ref := translator.ObjectRef{Kind: x.kind, Namespace: x.ns, Name: x.name}
				st, ok := res.StatusOf(ref)
				require.True(t, ok, "%s has no status", ref)
				require.NotNil(t, st.GatewayAPI, "%s", ref)
				conds, attached := conditionsOf(t, st.GatewayAPI, x)
				c := meta(conds, x.typ)
				require.NotNil(t, c, "%s %+v: no %s condition in %+v", ref, x, x.typ, conds)
				require.Equal(t, x.status, string(c.Status), "%s %+v: %+v", ref, x, c)
				if x.why != "" {
					require.Equal(t, x.why, c.Reason, "%s %+v: %+v", ref, x, c)
				}
				if x.attached >= 0 {
					require.Equal(t, x.attached, attached, "%s listener %s attachedRoutes", ref, x.listener)
				}
			}
		})
	}
}

func conditionsOf(t *testing.T, st *translator.GatewayAPIStatus, x expect) ([]metav1.Condition, int32) {
	switch {
	case x.listener != "":
		for _, l := range st.Listeners {
			if string(l.Name) == x.listener {
				return l.Conditions, l.AttachedRoutes
			}
		}
		t.Fatalf("%+v: no listener %s", x, x.listener)
	case x.gateway != "":
		for _, p := range st.Parents {
			ns := x.ns
			if p.ParentRef.Namespace != nil {
				ns = string(*p.ParentRef.Namespace)
			}
			if string(p.ParentRef.Name) == x.gateway && ns == infra {
				return p.Conditions, 0
			}
		}
		t.Fatalf("%+v: no parent %s in %+v", x, x.gateway, st.Parents)
	}
	return st.Conditions, 0
}

func meta(cs []metav1.Condition, typ string) *metav1.Condition {
	for i := range cs {
		if cs[i].Type == typ {
			return &cs[i]
		}
	}
	return nil
}

// read decodes a manifest of the suite, with this controller's class.
func read(t *testing.T, file string) *translator.Snapshot {
	b, err := conformance.Manifests.ReadFile(file)
	require.NoError(t, err)
	b = bytes.ReplaceAll(b, []byte("{GATEWAY_CLASS_NAME}"), []byte("apisix"))
	docs, err := manifestio.Read(file, bytes.NewReader(b))
	require.NoError(t, err)
	dec, err := snapshotio.Decode(docs, "default")
	require.NoError(t, err)
	dec.Snapshot.GatewayClasses = append(dec.Snapshot.GatewayClasses, &gwv1.GatewayClass{
		ObjectMeta: metav1.ObjectMeta{Name: "apisix"},
		Spec:       gwv1.GatewayClassSpec{ControllerName: translator.DefaultGatewayControllerName},
	})
	return dec.Snapshot
}

// suiteSecrets are the certificate Secrets the suite creates before its
// tests (a self-signed certificate each), and the malformed one its TLS
// test applies itself.
func suiteSecrets(t *testing.T) []*corev1.Secret {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "*"}, DNSNames: []string{"*"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<33, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kb, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	crt := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	k := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	sec := func(ns, name string) *corev1.Secret {
		return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Type: corev1.SecretTypeTLS,
			Data: map[string][]byte{corev1.TLSCertKey: crt, corev1.TLSPrivateKeyKey: k}}
	}
	return []*corev1.Secret{sec(web, "certificate"), sec(infra, "tls-validity-checks-certificate"), sec(app, "tls-passthrough-checks-certificate")}
}

// TestBaseGatewaysReady: the suite's base Gateways must be Accepted and
// Programmed, and every listener Accepted, Programmed and ResolvedRefs,
// before any test runs.
func TestBaseGatewaysReady(t *testing.T) {
	s := read(t, "base/manifests.yaml")
	for _, sec := range suiteSecrets(t) {
		s.Add(sec)
	}
	res := translator.Translate(s, translator.Options{GatewayAddressPool: "127.0.1.0/24"})
	require.NotEmpty(t, s.Gateways)
	for _, g := range s.Gateways {
		st, ok := res.StatusOf(translator.ObjectRef{Kind: translator.KindGateway, Namespace: g.Namespace, Name: g.Name})
		require.True(t, ok, g.Name)
		for _, typ := range []string{"Accepted", "Programmed"} {
			c := meta(st.GatewayAPI.Conditions, typ)
			require.NotNil(t, c, "%s %s", g.Name, typ)
			require.Equal(t, metav1.ConditionTrue, c.Status, "%s: %+v", g.Name, c)
		}
		require.Len(t, st.GatewayAPI.Addresses, 1, g.Name)
		for _, l := range st.GatewayAPI.Listeners {
			for _, typ := range []string{"Accepted", "Programmed", "ResolvedRefs"} {
				c := meta(l.Conditions, typ)
				require.NotNil(t, c, "%s/%s %s", g.Name, l.Name, typ)
				require.Equal(t, metav1.ConditionTrue, c.Status, "%s/%s: %+v", g.Name, l.Name, c)
			}
		}
	}
}
