package translator_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// TestAnnotationCacheSameOutput: every golden scenario renders the same
// bytes with a shared AnnotationCache as without one, on a cold and on a
// warm cache, with scenarios translated concurrently (run with -race).
func TestAnnotationCacheSameOutput(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	require.NoError(t, err)
	cache := translator.NewAnnotationCache(0)
	for round := range 2 {
		var wg sync.WaitGroup
		for _, in := range ins {
			docs, err := manifestio.ReadPaths([]string{in}, nil)
			require.NoError(t, err)
			dec, err := snapshotio.Decode(docs, "default")
			require.NoError(t, err)
			want, err := render(translator.Translate(dec.Snapshot, translator.Options{}))
			require.NoError(t, err)
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := render(translator.Translate(dec.Snapshot, translator.Options{AnnotationCache: cache}))
				if err != nil || string(got) != string(want) {
					t.Errorf("round %d, %s: with the cache the output differs (err %v)", round, strings.TrimSuffix(filepath.Base(in), ".in.yaml"), err)
				}
			}()
		}
		wg.Wait()
	}
	require.Positive(t, cache.Len())
}

// TestAnnotationCacheOwnsItsCopy: changing an Ingress's annotations after a
// translation does not change what the cache returns for the old set, and
// the new set is parsed afresh.
func TestAnnotationCacheOwnsItsCopy(t *testing.T) {
	cache := translator.NewAnnotationCache(0)
	snap := ingressSnapshot(1)
	ing := snap.Ingresses[0]
	ing.Annotations = map[string]string{"nginx.ingress.kubernetes.io/limit-rps": "50", "nginx.ingress.kubernetes.io/enable-cors": "true"}
	first, err := render(translator.Translate(snap, translator.Options{AnnotationCache: cache}))
	require.NoError(t, err)
	ing.Annotations["nginx.ingress.kubernetes.io/limit-rps"] = "7"
	changed, err := render(translator.Translate(snap, translator.Options{AnnotationCache: cache}))
	require.NoError(t, err)
	require.NotEqual(t, string(first), string(changed))
	require.Contains(t, string(changed), "rate: 7")
	ing.Annotations["nginx.ingress.kubernetes.io/limit-rps"] = "50"
	again, err := render(translator.Translate(snap, translator.Options{AnnotationCache: cache}))
	require.NoError(t, err)
	require.Equal(t, string(first), string(again))
	require.Equal(t, 2, cache.Len())
}

// TestAnnotationCacheBounded: the cache never holds more than its maximum.
func TestAnnotationCacheBounded(t *testing.T) {
	cache := translator.NewAnnotationCache(10)
	snap := ingressSnapshot(200) // 50 distinct annotation sets
	translator.Translate(snap, translator.Options{AnnotationCache: cache})
	require.LessOrEqual(t, cache.Len(), 10)
	require.Positive(t, cache.Len())
}
