package translator

import (
	"sync"

	discoveryv1 "k8s.io/api/discovery/v1"
)

// scratch is working memory a translation needs only while it runs: the
// Service index, the Ingress order and the path claims. A large translation
// (the controller re-translates the whole cluster on every change) takes
// it from a pool and returns it emptied, so that its megabytes are not
// allocated, zeroed and collected again each time. Nothing in a Result
// points into it.
//
// Small translations (an admission translates one object) do not use the
// pool: emptying large maps would cost them more than allocating small ones.
type scratch struct {
	services   map[nsName]*serviceEntry
	entries    []serviceEntry
	sliceLists []*discoveryv1.EndpointSlice
	owned      []parsedIngress
	orderKeys  []ingressKey
	orderTmp   []ingressKey
	order      []int32
	claims     pathClaims
}

// pooledScratchFrom is the number of snapshot objects from which a
// translation uses pooled scratch memory.
const pooledScratchFrom = 512

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// getScratch returns pooled scratch memory for a snapshot of this many
// objects, or fresh (empty) scratch for a small one.
func getScratch(objects int) *scratch {
	if objects < pooledScratchFrom {
		return &scratch{}
	}
	return scratchPool.Get().(*scratch)
}

// release empties sc (so that it holds no snapshot object) and returns it
// to the pool when it came from there.
func (sc *scratch) release(objects int) {
	if objects < pooledScratchFrom {
		return
	}
	clear(sc.services)
	clear(sc.entries)
	clear(sc.sliceLists)
	clear(sc.owned[:cap(sc.owned)])
	clear(sc.claims.first)
	clear(sc.claims.entries[:cap(sc.claims.entries)])
	sc.owned, sc.claims.entries = sc.owned[:0], sc.claims.entries[:0]
	scratchPool.Put(sc)
}

// grow returns s with length n, reusing its array when it is large enough
// (the caller overwrites every element).
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// servicesMap returns the emptied Service index map, or a new one with room
// for n entries.
func (sc *scratch) servicesMap(n int) map[nsName]*serviceEntry {
	if sc.services == nil && n > 0 {
		sc.services = make(map[nsName]*serviceEntry, n)
	}
	return sc.services
}

// pathClaims returns the emptied path claims, or new ones with room for
// about this many hosts and paths.
func (sc *scratch) pathClaims(hosts, paths int) *pathClaims {
	if sc.claims.first == nil {
		sc.claims.first = make(map[string]int32, hosts)
	}
	if cap(sc.claims.entries) < paths {
		sc.claims.entries = make([]claimEntry, 0, paths)
	}
	return &sc.claims
}
