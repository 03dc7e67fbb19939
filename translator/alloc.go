package translator

import (
	"unsafe"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// allocator hands out the routes, upstreams, node lists, owners and id/name strings
// of one translation from a few large blocks rather than one heap
// allocation each: a large cluster's translation emits tens of thousands of
// each, and per-object allocation (and the garbage collector's work on so
// many small objects) was a third of its time.
//
// Every block is referenced by the objects carved from it, so an object
// kept after the rest of its Result is dropped keeps its block alive (at
// most maxBlockObjects objects, or maxStringBlock bytes). Strings are written once
// and never modified afterwards, which is what makes turning arena bytes
// into strings safe.
type allocator struct {
	routes    []apisix.Route
	upstreams []apisix.Upstream
	nodes     apisix.Nodes
	owners    []apisix.Owner
	lists     []string // string lists (route hosts)
	bytes     []byte
	// The sizes of the next blocks: they start at what the snapshot
	// suggests (an admission translates one object) and double up to the
	// maximums.
	routeBlock, upstreamBlock, nodeBlock, ownerBlock, stringBlock int
}

const (
	maxBlockObjects = 1024
	maxStringBlock  = 32 << 10
	maxNodeBlock    = 1024
)

// newAllocator returns an allocator sized for a translation expected to
// emit about this many routes and upstreams.
func newAllocator(routes, upstreams int) allocator {
	routes = min(max(routes, 1), maxBlockObjects)
	upstreams = min(max(upstreams, 1), maxBlockObjects)
	return allocator{
		routeBlock:    routes,
		upstreamBlock: upstreams,
		nodeBlock:     min(4*upstreams, maxNodeBlock),
		ownerBlock:    upstreams, // about one per source
		stringBlock:   min(128*(routes+upstreams), maxStringBlock),
	}
}

func (a *allocator) route() *apisix.Route { return take(&a.routes, &a.routeBlock) }

func (a *allocator) upstream() *apisix.Upstream { return take(&a.upstreams, &a.upstreamBlock) }

func (a *allocator) owner() *apisix.Owner { return take(&a.owners, &a.ownerBlock) }

// take returns the next element of block, allocating a block of size
// elements when it is used up, and doubles size up to maxBlockObjects.
func take[T any](block *[]T, size *int) *T {
	if len(*block) == 0 {
		*block = make([]T, *size)
		*size = min(2**size, maxBlockObjects)
	}
	x := &(*block)[0]
	*block = (*block)[1:]
	return x
}

// nodeList returns an empty node list with room for n nodes; appending more
// than n moves it to an array of its own.
func (a *allocator) nodeList(n int) apisix.Nodes {
	if n == 0 {
		return apisix.Nodes{} // never nil: an upstream without endpoints has an empty list
	}
	if n > maxNodeBlock/8 {
		return make(apisix.Nodes, 0, n)
	}
	if cap(a.nodes)-len(a.nodes) < n {
		a.nodes = make(apisix.Nodes, 0, max(a.nodeBlock, n))
		a.nodeBlock = min(2*a.nodeBlock, maxNodeBlock)
	}
	l := a.nodes[len(a.nodes) : len(a.nodes) : len(a.nodes)+n]
	a.nodes = a.nodes[:len(a.nodes)+n]
	return l
}

// stringList returns an empty list with room for n strings; appending more
// than n moves it to an array of its own.
func (a *allocator) stringList(n int) []string {
	if n > maxNodeBlock/8 {
		return make([]string, 0, n)
	}
	if cap(a.lists)-len(a.lists) < n {
		a.lists = make([]string, 0, max(a.nodeBlock, n))
	}
	l := a.lists[len(a.lists) : len(a.lists) : len(a.lists)+n]
	a.lists = a.lists[:len(a.lists)+n]
	return l
}

// buf returns n writable bytes that become a string with str; nothing else
// may write them afterwards.
func (a *allocator) buf(n int) []byte {
	if n > maxStringBlock/8 {
		return make([]byte, n)
	}
	if cap(a.bytes)-len(a.bytes) < n {
		a.bytes = make([]byte, 0, max(a.stringBlock, n))
		a.stringBlock = min(2*a.stringBlock, maxStringBlock)
	}
	b := a.bytes[len(a.bytes) : len(a.bytes)+n : len(a.bytes)+n]
	a.bytes = a.bytes[:len(a.bytes)+n]
	return b
}

// str turns bytes from buf, fully written, into a string without copying.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
