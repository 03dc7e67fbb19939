package webhook

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestInformerStoreLookups checks the index lookups of informerStore over
// client-go indexers against MemoryStore holding the same objects.
func TestInformerStoreLookups(t *testing.T) {
	ixs := informerIndexers()
	s := &informerStore{
		classes:   toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, nil),
		ingresses: toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, ixs["ingresses"]),
		routes:    toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, ixs["routes"]),
		tlses:     toolscache.NewIndexer(toolscache.MetaNamespaceKeyFunc, ixs["tlses"]),
	}
	class := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "apisix"}}
	a := ingress("default", "a", "A.example.com", "/x/", nil)
	a.Spec.TLS = []networkingv1.IngressTLS{tlsEntry("s", "A.example.com")}
	b := ingress("other", "b", "a.example.com", "/x", nil)
	exact := ingress("default", "exact", "a.example.com", "/x", nil)
	exact.Spec.Rules[0].HTTP.Paths[0].PathType = pathType(networkingv1.PathTypeExact)
	r := route("r", "uri-blocker", `{}`)
	r.Spec.HTTP[0].Match = apiv2.ApisixRouteHTTPMatch{Hosts: []string{"a.example.com"}, Paths: []string{"/x", "/y*"}}
	tls := &apiv2.ApisixTls{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "t"},
		Spec: apiv2.ApisixTlsSpec{Hosts: []apiv2.HostType{"a.EXAMPLE.com"}}}
	mem := NewMemoryStore(&translator.Snapshot{IngressClasses: []*networkingv1.IngressClass{class}}, nil)
	require.NoError(t, s.classes.Add(class))
	for _, o := range []*networkingv1.Ingress{a, b, exact} {
		require.NoError(t, s.ingresses.Add(o))
		mem.Admit(o)
	}
	require.NoError(t, s.routes.Add(r))
	mem.Admit(r)
	require.NoError(t, s.tlses.Add(tls))
	mem.Admit(tls)

	ctx := context.Background()
	same := func(want, got any, err error) {
		t.Helper()
		require.NoError(t, err)
		require.ElementsMatch(t, want, got)
	}
	wantClasses, _ := mem.IngressClasses(ctx)
	gotClasses, err := s.IngressClasses(ctx)
	same(wantClasses, gotClasses, err)
	for _, host := range []string{"a.example.com", "b.example.com", "A.example.com", ""} {
		want, _ := mem.IngressesByHost(ctx, host)
		got, err := s.IngressesByHost(ctx, host)
		same(want, got, err)
		wantR, _ := mem.ApisixRoutesByHost(ctx, host)
		gotR, err := s.ApisixRoutesByHost(ctx, host)
		same(wantR, gotR, err)
		wantT, _ := mem.ApisixTlsesByHost(ctx, host)
		gotT, err := s.ApisixTlsesByHost(ctx, host)
		same(wantT, gotT, err)
	}
	got, err := s.IngressesByHost(ctx, translator.HostKey("A.example.com"))
	require.NoError(t, err)
	require.Len(t, got, 3, "a, b and exact serve a.example.com, whatever the case")
	gotT, err := s.ApisixTlsesByHost(ctx, "a.example.com")
	require.NoError(t, err)
	require.Len(t, gotT, 1)
}
