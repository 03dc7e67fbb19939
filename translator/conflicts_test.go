package translator_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

var classApisix = "apisix"

func confIngress(name, host, path string, pt networkingv1.PathType, ann map[string]string) *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name, Annotations: ann},
		Spec: networkingv1.IngressSpec{
			IngressClassName: &classApisix,
			Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: &pt, Backend: networkingv1.IngressBackend{
					Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}},
				}}},
			}}}},
		},
	}
}

func confRoute(name, host string, paths ...string) *apiv2.ApisixRoute {
	return &apiv2.ApisixRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
		Spec: apiv2.ApisixRouteSpec{HTTP: []apiv2.ApisixRouteHTTP{{
			Name:     "r",
			Match:    apiv2.ApisixRouteHTTPMatch{Hosts: []string{host}, Paths: paths},
			Backends: []apiv2.ApisixRouteHTTPBackend{{ServiceName: "web", ServicePort: intstr.FromInt32(80)}},
		}}},
	}
}

func passthroughRoute(name, sni string) *apiv2.ApisixRoute {
	return &apiv2.ApisixRoute{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
		Spec: apiv2.ApisixRouteSpec{Stream: []apiv2.ApisixRouteStream{{Name: "s", Protocol: "TCP",
			Match:   apiv2.ApisixRouteStreamMatch{IngressPort: 9443, Host: sni},
			Backend: apiv2.ApisixRouteStreamBackend{ServiceName: "web", ServicePort: intstr.FromInt32(443)}}}},
	}
}

func confTLS(name, secret string, hosts ...string) *apiv2.ApisixTls {
	o := &apiv2.ApisixTls{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
		Spec:       apiv2.ApisixTlsSpec{Secret: apiv2.ApisixSecret{Name: secret, Namespace: "default"}},
	}
	for _, h := range hosts {
		o.Spec.Hosts = append(o.Spec.Hosts, apiv2.HostType(h))
	}
	return o
}

func withTLS(ing *networkingv1.Ingress, secret string, hosts ...string) *networkingv1.Ingress {
	ing.Spec.TLS = append(ing.Spec.TLS, networkingv1.IngressTLS{SecretName: secret, Hosts: hosts})
	return ing
}

// blocking returns "Kind ns/name: error" for each error of the snapshot's
// statuses other than an unresolved reference.
func blocking(res *translator.Result) []string {
	var out []string
	for _, st := range res.Statuses {
		for _, e := range st.Errors {
			if e.Type != field.ErrorTypeNotFound {
				out = append(out, st.Ref.String()+": "+e.Error())
			}
		}
		if len(st.Errors) > 0 && st.Emitted {
			for _, e := range st.Errors {
				if e.Type != field.ErrorTypeNotFound {
					out = append(out, st.Ref.String()+" emitted despite an error")
				}
			}
		}
	}
	return out
}

// TestCrossKindConflictsOldestWins pins each conflict the translator
// resolves across kinds, with the objects created in both orders: the
// older object keeps the claim, the newer one gets an error at its field
// naming the winner, and its objects are withheld.
func TestCrossKindConflictsOldestWins(t *testing.T) {
	prefix, exact, impl := networkingv1.PathTypePrefix, networkingv1.PathTypeExact, networkingv1.PathTypeImplementationSpecific
	cases := []struct {
		name string
		a, b client.Object
		// aLoses and bLoses are the errors of a and b when they lose.
		aLoses, bLoses string
	}{
		{"Ingress Prefix and ApisixRoute exact path",
			confIngress("ing", "A.example.com", "/api/", prefix, nil), confRoute("ar", "a.example.com", "/api"),
			`Ingress default/ing: spec.rules[0].http.paths[0].path: Invalid value: "/api/": host "A.example.com" already serves this path in ApisixRoute default/ar; remove it from one of them`,
			`ApisixRoute default/ar: spec.http[0].match.paths[0]: Invalid value: "/api": host "a.example.com" already serves this path in Ingress default/ing; remove it from one of them`},
		{"Ingress root and ApisixRoute /*",
			confIngress("ing", "", "/", impl, nil), confRoute("ar", "", "/*"),
			`Ingress default/ing: spec.rules[0].http.paths[0].path: Invalid value: "/": host "*" already serves this path in ApisixRoute default/ar; remove it from one of them`,
			`ApisixRoute default/ar: spec.http[0].match.paths[0]: Invalid value: "/*": host "*" already serves this path in Ingress default/ing; remove it from one of them`},
		{"Ingress Exact and ApisixRoute exact",
			confIngress("ing", "a.example.com", "/login", exact, nil), confRoute("ar", "a.example.com", "/other", "/login"),
			`Ingress default/ing: spec.rules[0].http.paths[0].path: Invalid value: "/login": host "a.example.com" already serves this path in ApisixRoute default/ar; remove it from one of them`,
			`ApisixRoute default/ar: spec.http[0].match.paths[1]: Invalid value: "/login": host "a.example.com" already serves this path in Ingress default/ing; remove it from one of them`},
		{"two ApisixRoutes",
			confRoute("ar1", "a.example.com", "/x*"), confRoute("ar2", "A.EXAMPLE.COM", "/x*"),
			`ApisixRoute default/ar1: spec.http[0].match.paths[0]: Invalid value: "/x*": host "a.example.com" already serves this path in ApisixRoute default/ar2; remove it from one of them`,
			`ApisixRoute default/ar2: spec.http[0].match.paths[0]: Invalid value: "/x*": host "A.EXAMPLE.COM" already serves this path in ApisixRoute default/ar1; remove it from one of them`},
		{"Ingress TLS and ApisixTls",
			withTLS(confIngress("ing", "a.example.com", "/", prefix, nil), "ing-cert", "a.example.com"), confTLS("tls", "tls-cert", "A.example.com"),
			`Ingress default/ing: spec.tls[0].hosts[0]: Invalid value: "a.example.com": already has a certificate from Secret default/tls-cert of ApisixTls default/tls; use the same Secret or remove the host from one of them`,
			`ApisixTls default/tls: spec.hosts[0]: Invalid value: "A.example.com": already has a certificate from Secret default/ing-cert of Ingress default/ing; use the same Secret or remove the host from one of them`},
		{"two Ingresses' TLS",
			withTLS(confIngress("ing1", "a.example.com", "/", prefix, nil), "c1", "a.example.com"), withTLS(confIngress("ing2", "a.example.com", "/b", prefix, nil), "c2", "a.example.com"),
			`Ingress default/ing1: spec.tls[0].hosts[0]: Invalid value: "a.example.com": already has a certificate from Secret default/c2 of Ingress default/ing2; use the same Secret or remove the host from one of them`,
			`Ingress default/ing2: spec.tls[0].hosts[0]: Invalid value: "a.example.com": already has a certificate from Secret default/c1 of Ingress default/ing1; use the same Secret or remove the host from one of them`},
		{"two ApisixTlses",
			confTLS("t1", "c1", "a.example.com"), confTLS("t2", "c2", "b.example.com", "a.example.com"),
			`ApisixTls default/t1: spec.hosts[0]: Invalid value: "a.example.com": already has a certificate from Secret default/c2 of ApisixTls default/t2; use the same Secret or remove the host from one of them`,
			`ApisixTls default/t2: spec.hosts[1]: Invalid value: "a.example.com": already has a certificate from Secret default/c1 of ApisixTls default/t1; use the same Secret or remove the host from one of them`},
		{"ssl-passthrough Ingress and ApisixRoute stream SNI",
			confIngress("ing", "p.example.com", "/", prefix, map[string]string{"nginx.ingress.kubernetes.io/ssl-passthrough": "true"}), passthroughRoute("ar", "P.example.com"),
			`Ingress default/ing: spec.rules[0].host: Invalid value: "p.example.com": SNI "p.example.com" on the ssl-passthrough port 9443 is already served by ApisixRoute default/ar; remove it from one of them`,
			`ApisixRoute default/ar: spec.stream[0].match.host: Invalid value: "P.example.com": SNI "P.example.com" on the ssl-passthrough port 9443 is already served by Ingress default/ing; remove it from one of them`},
		{"two ssl-passthrough Ingresses",
			confIngress("ing1", "p.example.com", "/", prefix, map[string]string{"nginx.ingress.kubernetes.io/ssl-passthrough": "true"}), confIngress("ing2", "p.example.com", "/", prefix, map[string]string{"nginx.ingress.kubernetes.io/ssl-passthrough": "true"}),
			`Ingress default/ing1: spec.rules[0].host: Invalid value: "p.example.com": SNI "p.example.com" on the ssl-passthrough port 9443 is already served by Ingress default/ing2; remove it from one of them`,
			`Ingress default/ing2: spec.rules[0].host: Invalid value: "p.example.com": SNI "p.example.com" on the ssl-passthrough port 9443 is already served by Ingress default/ing1; remove it from one of them`},
		{"use-regex and a path that is no regex",
			confIngress("plain", "a.example.com", "/a[", impl, nil), confIngress("regex", "a.example.com", "/b/.*", impl, map[string]string{"nginx.ingress.kubernetes.io/use-regex": "true"}),
			`Ingress default/plain: spec.rules[0].http.paths[0].path: Invalid value: "/a[": host "a.example.com" has regular-expression paths because Ingress default/regex sets use-regex or rewrite-target, and this path does not compile as one (error parsing regexp: missing closing ]: ` + "`[`" + `); change it or move it to another host`,
			`Ingress default/regex: metadata.annotations["nginx.ingress.kubernetes.io/use-regex"]: Invalid value: "true": makes every path of its hosts a regular expression, and path "/a[" of the older Ingress default/plain does not compile as one (error parsing regexp: missing closing ]: ` + "`[`" + `); change that path or remove this annotation`},
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		for _, aFirst := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/a first %v", tc.name, aFirst), func(t *testing.T) {
				a, b := tc.a.DeepCopyObject().(client.Object), tc.b.DeepCopyObject().(client.Object)
				older, newer, want := a, b, tc.bLoses
				if !aFirst {
					older, newer, want = b, a, tc.aLoses
				}
				older.SetCreationTimestamp(metav1.NewTime(t0))
				newer.SetCreationTimestamp(metav1.NewTime(t0.Add(time.Second)))
				snap := &translator.Snapshot{}
				for _, o := range []client.Object{a, b} {
					switch o := o.(type) {
					case *networkingv1.Ingress:
						snap.Ingresses = append(snap.Ingresses, o)
					case *apiv2.ApisixRoute:
						snap.ApisixRoutes = append(snap.ApisixRoutes, o)
					case *apiv2.ApisixTls:
						snap.ApisixTlses = append(snap.ApisixTlses, o)
					}
				}
				res := translator.Translate(snap, translator.Options{SkipSecretContents: true})
				require.Equal(t, []string{want}, blocking(res))
				st, ok := res.StatusOf(translator.ObjectRef{Kind: kindOf(newer), Namespace: "default", Name: newer.GetName()})
				require.True(t, ok)
				require.False(t, st.Emitted)
				for _, o := range res.State.All() {
					require.NotEqual(t, newer.GetName(), o.GetLabels()["k8s-name"], "an object of the loser is emitted")
				}
				require.Len(t, res.Conflicts, 1)
				require.Equal(t, kindOf(older), res.Conflicts[0].Winner.Kind)
				require.Equal(t, older.GetName(), res.Conflicts[0].Winner.Name)
				require.NotEmpty(t, res.Conflicts[0].WinnerField)
			})
		}
	}
}

func kindOf(o client.Object) string {
	switch o.(type) {
	case *networkingv1.Ingress:
		return "Ingress"
	case *apiv2.ApisixRoute:
		return "ApisixRoute"
	}
	return "ApisixTls"
}

// TestSameSecretIsNoSNIConflict: two objects with a certificate for one
// host from the same Secret serve the same certificate.
func TestSameSecretIsNoSNIConflict(t *testing.T) {
	snap := &translator.Snapshot{
		Ingresses:   []*networkingv1.Ingress{withTLS(confIngress("ing", "a.example.com", "/", networkingv1.PathTypePrefix, nil), "cert", "a.example.com")},
		ApisixTlses: []*apiv2.ApisixTls{confTLS("tls", "cert", "a.example.com")},
	}
	res := translator.Translate(snap, translator.Options{SkipSecretContents: true})
	require.Empty(t, blocking(res))
	require.Empty(t, res.Conflicts)
}

// TestRouteWithMethodsSharesAPath: an ApisixRoute rule that also matches
// on methods shares its path with an Ingress on purpose.
func TestRouteWithMethodsSharesAPath(t *testing.T) {
	ar := confRoute("ar", "a.example.com", "/api")
	ar.Spec.HTTP[0].Match.Methods = []string{"POST"}
	snap := &translator.Snapshot{
		Ingresses:    []*networkingv1.Ingress{confIngress("ing", "a.example.com", "/api", networkingv1.PathTypeExact, nil)},
		ApisixRoutes: []*apiv2.ApisixRoute{ar},
	}
	res := translator.Translate(snap, translator.Options{SkipSecretContents: true})
	require.Empty(t, blocking(res))
}

// TestNewerPathOnRegexHostNamesTheSetter: a path added to a host that an
// older Ingress made a regex host loses when it does not compile.
func TestNewerPathOnRegexHostNamesTheSetter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := confIngress("regex", "a.example.com", "/b/.*", networkingv1.PathTypeImplementationSpecific, map[string]string{"nginx.ingress.kubernetes.io/rewrite-target": "/$1"})
	r.CreationTimestamp = metav1.NewTime(t0)
	p := confIngress("plain", "a.example.com", "/a(", networkingv1.PathTypePrefix, nil)
	p.CreationTimestamp = metav1.NewTime(t0.Add(time.Second))
	res := translator.Translate(&translator.Snapshot{Ingresses: []*networkingv1.Ingress{p, r}}, translator.Options{SkipSecretContents: true})
	require.Equal(t, []string{`Ingress default/plain: spec.rules[0].http.paths[0].path: Invalid value: "/a(": host "a.example.com" has regular-expression paths because Ingress default/regex sets use-regex or rewrite-target, and this path does not compile as one (error parsing regexp: missing closing ): ` + "`(?i)^/a(`" + `); change it or move it to another host`}, blocking(res))
	require.Equal(t, `metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]`, res.Conflicts[0].WinnerField)
}
