package translator_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestIngressPathConflictOnHostWithManyPaths: the Ingress pass keeps a
// host's claimed paths in a list, then in a map past 16 paths; a newer
// Ingress repeating a path of an older one loses it either way, whatever
// the case of the host.
func TestIngressPathConflictOnHostWithManyPaths(t *testing.T) {
	for _, n := range []int{3, 16, 17, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			older := confIngress("older", "many.example.com", "/p0", networkingv1.PathTypePrefix, nil)
			older.CreationTimestamp = metav1.NewTime(time.Unix(1000, 0))
			paths := &older.Spec.Rules[0].HTTP.Paths
			for i := 1; i < n; i++ {
				p := (*paths)[0]
				p.Path = fmt.Sprintf("/p%d", i)
				*paths = append(*paths, p)
			}
			newer := confIngress("newer", "Many.Example.com", fmt.Sprintf("/p%d/", n-1), networkingv1.PathTypePrefix, nil)
			newer.CreationTimestamp = metav1.NewTime(time.Unix(2000, 0))
			res := translator.Translate(&translator.Snapshot{Ingresses: []*networkingv1.Ingress{newer, older}}, translator.Options{})
			require.Equal(t, []string{fmt.Sprintf(`Ingress default/newer: spec.rules[0].http.paths[0].path: Invalid value: "/p%d/": host "Many.Example.com" already serves this path in Ingress default/older; remove it from one of them`, n-1)}, blocking(res))
			require.Len(t, res.State.Routes, n)
		})
	}
}
