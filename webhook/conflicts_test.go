package webhook

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// admitter admits objects one after the other into a MemoryStore, as the
// cluster does.
type admitter struct {
	t     *testing.T
	store *MemoryStore
	v     *Validator
}

func newAdmitter(t *testing.T) *admitter {
	store := NewMemoryStore(&translator.Snapshot{Services: []*corev1.Service{service("default", "web")}}, nil)
	return &admitter{t: t, store: store, v: NewValidator(store, Options{})}
}

// admit validates obj (an UPDATE when old is set) and stores it when
// admitted; it returns the errors.
func (a *admitter) admit(obj, old client.Object) []string {
	a.t.Helper()
	op := Create
	if old != nil {
		op = Update
	}
	v := a.v.Validate(context.Background(), op, obj, old)
	var out []string
	for _, e := range v.Errors {
		out = append(out, e.Error())
	}
	if len(out) == 0 {
		a.store.Admit(obj)
	}
	return out
}

func at(o client.Object, sec int) client.Object {
	o.SetCreationTimestamp(metav1.NewTime(time.Date(2026, 1, 1, 0, 0, sec, 0, time.UTC)))
	return o
}

func TestIngressLosesAPathToAnApisixRoute(t *testing.T) {
	a := newAdmitter(t)
	require.Empty(t, a.admit(at(route("api", "cors", `{}`), 1), nil))
	ing := ingress("default", "ing", "api.example.com", "/api", nil)
	require.Equal(t, []string{`spec.rules[0].http.paths[0].path: Invalid value: "/api": host "api.example.com" already serves this path in ApisixRoute default/api; remove it from one of them`},
		a.admit(at(ing, 2), nil))
}

func TestApisixRouteLosesAPathToAnIngress(t *testing.T) {
	a := newAdmitter(t)
	require.Empty(t, a.admit(at(ingress("default", "ing", "API.example.com", "/api", nil), 1), nil))
	require.Equal(t, []string{`spec.http[0].match.paths[0]: Invalid value: "/api/*": host "api.example.com" already serves this path in Ingress default/ing; remove it from one of them`},
		a.admit(at(route("api", "cors", `{}`), 2), nil))
}

func TestApisixTlsLosesAHostToAnIngress(t *testing.T) {
	a := newAdmitter(t)
	ing := ingress("default", "ing", "a.example.com", "/", nil)
	ing.Spec.TLS = []networkingv1.IngressTLS{tlsEntry("ing-cert", "a.example.com")}
	require.Empty(t, a.admit(at(ing, 1), nil))
	tls := &apiv2.ApisixTls{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "t"},
		Spec: apiv2.ApisixTlsSpec{IngressClassName: "apisix", Hosts: []apiv2.HostType{"A.example.com"}, Secret: apiv2.ApisixSecret{Name: "other", Namespace: "default"}}}
	require.Equal(t, []string{`spec.hosts[0]: Invalid value: "A.example.com": already has a certificate from Secret default/ing-cert of Ingress default/ing; use the same Secret or remove the host from one of them`},
		a.admit(at(tls, 2), nil))
	tls.Spec.Secret.Name = "ing-cert"
	require.Empty(t, a.admit(at(tls, 2), nil))
}

// TestUseRegexThatBreaksAnOlderPathIsRefused: use-regex makes every path
// of the host a regex; the webhook sees the host's other Ingresses.
func TestUseRegexThatBreaksAnOlderPathIsRefused(t *testing.T) {
	a := newAdmitter(t)
	plain := ingress("default", "plain", "a.example.com", "/a[", nil)
	require.Empty(t, a.admit(at(plain, 1), nil))
	regex := ingress("default", "regex", "a.example.com", "/b", map[string]string{nginx + "use-regex": "true"})
	require.Equal(t, []string{`metadata.annotations["nginx.ingress.kubernetes.io/use-regex"]: Invalid value: "true": makes every path of its hosts a regular expression, and path "/a[" of the older Ingress default/plain does not compile as one (error parsing regexp: missing closing ]: ` + "`[`" + `); change that path or remove this annotation`},
		a.admit(at(regex, 2), nil))
}

// TestUpdateThatTakesAServedPathIsRefused: an older object updated to a
// path a newer one serves would win it and withhold the newer one.
func TestUpdateThatTakesAServedPathIsRefused(t *testing.T) {
	a := newAdmitter(t)
	first := at(ingress("default", "first", "a.example.com", "/a", nil), 1).(*networkingv1.Ingress)
	require.Empty(t, a.admit(first, nil))
	require.Empty(t, a.admit(at(ingress("default", "second", "a.example.com", "/b", nil), 2), nil))
	moved := first.DeepCopy()
	moved.Spec.Rules[0].HTTP.Paths[0].Path = "/b"
	require.Equal(t, []string{`spec.rules[0].http.paths[0].path: Invalid value: "/b": Ingress default/second, which is served now, would lose spec.rules[0].http.paths[0].path to this object (it is older); remove it from one of them`},
		a.admit(moved, first))
}

// TestUpdateOfAWinnerIsAdmitted: objects that bypassed the webhook may
// conflict; the older one, which wins, can still be updated.
func TestUpdateOfAWinnerIsAdmitted(t *testing.T) {
	a := newAdmitter(t)
	first := at(ingress("default", "first", "a.example.com", "/a", nil), 1).(*networkingv1.Ingress)
	a.store.Admit(first)
	a.store.Admit(at(ingress("default", "second", "a.example.com", "/a", nil), 2))
	changed := first.DeepCopy()
	changed.Annotations = map[string]string{nginx + "proxy-read-timeout": "30"}
	require.Empty(t, a.admit(changed, first))
}

// TestObjectWithoutTimestampIsTheNewest: files the validate command reads
// have no creationTimestamp; the later one loses, whatever the names.
func TestObjectWithoutTimestampIsTheNewest(t *testing.T) {
	a := newAdmitter(t)
	require.Empty(t, a.admit(ingress("default", "z-first", "a.example.com", "/a", nil), nil))
	require.Equal(t, []string{`spec.rules[0].http.paths[0].path: Invalid value: "/a": host "a.example.com" already serves this path in Ingress default/z-first; remove it from one of them`},
		a.admit(ingress("default", "a-second", "a.example.com", "/a", nil), nil))
}
