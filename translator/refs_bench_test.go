package translator_test

import (
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// BenchmarkReferencesIngress: References of an Ingress with twenty
// annotations (what the controller computes per Ingress and sync).
func BenchmarkReferencesIngress(b *testing.B) {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "web", Annotations: testutil.TwentyAnnotations()}}
	b.ReportAllocs()
	for b.Loop() {
		_ = translator.References(ing)
	}
}
