package translator_test

import (
	"fmt"
	"testing"

	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// BenchmarkTranslatorFirstUpdate is BenchmarkTranslateIngresses through a
// Translator that keeps what later updates need (each source's lookups,
// host keys, outputs): the controller's cold start.
//
//	go test ./translator -run '^$' -bench TranslatorFirstUpdate -benchmem -cpu 1
func BenchmarkTranslatorFirstUpdate(b *testing.B) {
	snap := ingressSnapshot(10000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := testutil.ProcessCPU()
	for range b.N {
		res := translator.NewTranslator(translator.Options{}).Update(snap, nil)
		if len(res.State.Routes) != 30000 {
			b.Fatalf("routes: %d", len(res.State.Routes))
		}
	}
	testutil.ReportCPU(b, cpu)
}

// BenchmarkTranslatorChange measures one change applied to a Translator
// holding n Ingresses (see ingressSnapshot): an Ingress whose path changes,
// and an EndpointSlice whose endpoints change (a rolling deployment).
// "apply" is Translator.Apply, whose work should not grow with n; "update"
// is Translator.Update (Apply, then the sorted lists of the new Result
// built), whose copying grows with n.
//
//	go test ./translator -run '^$' -bench TranslatorChange -benchtime 500x -benchmem -cpu 1
func BenchmarkTranslatorChange(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		snap := ingressSnapshot(n)
		tr := translator.NewTranslator(translator.Options{})
		tr.Update(snap, nil)
		editIngress := func(i int) *translator.Snapshot {
			ing := snap.Ingresses[i%n].DeepCopy()
			ing.Spec.Rules[0].HTTP.Paths[1].Path = fmt.Sprintf("/api-%d", i)
			return &translator.Snapshot{Ingresses: []*networkingv1.Ingress{ing}}
		}
		editSlice := func(i int) *translator.Snapshot {
			es := snap.EndpointSlices[i%n].DeepCopy()
			es.Endpoints = es.Endpoints[:1+i%3]
			return &translator.Snapshot{EndpointSlices: []*discoveryv1.EndpointSlice{es}}
		}
		b.Run(fmt.Sprintf("update/ingress/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := testutil.ProcessCPU()
			for i := range b.N {
				res := tr.Update(editIngress(i), nil)
				if len(res.State.Routes) != 3*n {
					b.Fatalf("routes: %d", len(res.State.Routes))
				}
			}
			testutil.ReportCPU(b, cpu)
		})
		b.Run(fmt.Sprintf("update/endpointslice/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := testutil.ProcessCPU()
			for i := range b.N {
				res := tr.Update(editSlice(i), nil)
				if len(res.State.Upstreams) != n {
					b.Fatalf("upstreams: %d", len(res.State.Upstreams))
				}
			}
			testutil.ReportCPU(b, cpu)
		})
		b.Run(fmt.Sprintf("apply/ingress/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := testutil.ProcessCPU()
			for i := range b.N {
				c := tr.Apply(editIngress(i), nil)
				if len(c.Added.Routes) != 3 || len(c.Removed.Routes) != 3 {
					b.Fatalf("routes: +%d -%d", len(c.Added.Routes), len(c.Removed.Routes))
				}
			}
			testutil.ReportCPU(b, cpu)
		})
		b.Run(fmt.Sprintf("apply/endpointslice/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := testutil.ProcessCPU()
			for i := range b.N {
				c := tr.Apply(editSlice(i), nil)
				if len(c.Added.Upstreams) != 1 || len(c.Removed.Upstreams) != 1 {
					b.Fatalf("upstreams: +%d -%d", len(c.Added.Upstreams), len(c.Removed.Upstreams))
				}
			}
			testutil.ReportCPU(b, cpu)
		})
		if res := tr.Result(); len(res.State.Routes) != 3*n || len(res.State.Upstreams) != n {
			b.Fatalf("after the changes: %d routes, %d upstreams", len(res.State.Routes), len(res.State.Upstreams))
		}
	}
}
