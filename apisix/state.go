package apisix

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// State is a set of APISIX objects of every kind: the desired state the
// translator produces, or the current state read back from APISIX.
//
// Its JSON form is deterministic: every list sorted by id and present (as
// `[]` when empty), in the order routes, upstreams, ssls, consumers,
// plugin_configs, global_rules, stream_routes, services, consumer_groups.
type State struct {
	Routes         []*Route         `json:"routes"`
	Upstreams      []*Upstream      `json:"upstreams"`
	SSLs           []*SSL           `json:"ssls"`
	Consumers      []*Consumer      `json:"consumers"`
	PluginConfigs  []*PluginConfig  `json:"plugin_configs"`
	GlobalRules    []*GlobalRule    `json:"global_rules"`
	StreamRoutes   []*StreamRoute   `json:"stream_routes"`
	Services       []*Service       `json:"services"`
	ConsumerGroups []*ConsumerGroup `json:"consumer_groups"`
}

// NewState returns a state holding objs.
func NewState(objs ...Object) *State {
	s := &State{}
	for _, o := range objs {
		s.Add(o)
	}
	return s
}

// Add appends o to the list of its kind. It panics on an Object type this
// package does not define, which is a programming error.
func (s *State) Add(o Object) {
	switch v := o.(type) {
	case *Route:
		s.Routes = append(s.Routes, v)
	case *Upstream:
		s.Upstreams = append(s.Upstreams, v)
	case *SSL:
		s.SSLs = append(s.SSLs, v)
	case *Consumer:
		s.Consumers = append(s.Consumers, v)
	case *PluginConfig:
		s.PluginConfigs = append(s.PluginConfigs, v)
	case *GlobalRule:
		s.GlobalRules = append(s.GlobalRules, v)
	case *StreamRoute:
		s.StreamRoutes = append(s.StreamRoutes, v)
	case *Service:
		s.Services = append(s.Services, v)
	case *ConsumerGroup:
		s.ConsumerGroups = append(s.ConsumerGroups, v)
	default:
		panic(fmt.Sprintf("apisix: State.Add: unsupported object type %T", o))
	}
}

// Objects returns the objects of kind k, in their current order.
func (s *State) Objects(k Kind) []Object {
	switch k {
	case KindRoute:
		return objects(s.Routes)
	case KindUpstream:
		return objects(s.Upstreams)
	case KindSSL:
		return objects(s.SSLs)
	case KindConsumer:
		return objects(s.Consumers)
	case KindPluginConfig:
		return objects(s.PluginConfigs)
	case KindGlobalRule:
		return objects(s.GlobalRules)
	case KindStreamRoute:
		return objects(s.StreamRoutes)
	case KindService:
		return objects(s.Services)
	case KindConsumerGroup:
		return objects(s.ConsumerGroups)
	}
	return nil
}

// All returns every object, kinds in dependency order (Kinds), each kind
// sorted by id.
func (s *State) All() []Object {
	var out []Object
	for _, k := range Kinds {
		objs := s.Objects(k)
		sortObjects(objs)
		out = append(out, objs...)
	}
	return out
}

// Len returns the number of objects in the state.
func (s *State) Len() int {
	n := 0
	for _, k := range Kinds {
		n += len(s.Objects(k))
	}
	return n
}

// Sort orders every list by id, in place.
func (s *State) Sort() {
	sortByID(s.Routes)
	sortByID(s.Upstreams)
	sortByID(s.SSLs)
	sortByID(s.Consumers)
	sortByID(s.PluginConfigs)
	sortByID(s.GlobalRules)
	sortByID(s.StreamRoutes)
	sortByID(s.Services)
	sortByID(s.ConsumerGroups)
}

// stateFields has State's fields without its methods.
type stateFields State

// MarshalJSON emits the deterministic form described on State without
// reordering the receiver's lists.
func (s State) MarshalJSON() ([]byte, error) {
	c := stateFields{
		Routes:         sortedCopy(s.Routes),
		Upstreams:      sortedCopy(s.Upstreams),
		SSLs:           sortedCopy(s.SSLs),
		Consumers:      sortedCopy(s.Consumers),
		PluginConfigs:  sortedCopy(s.PluginConfigs),
		GlobalRules:    sortedCopy(s.GlobalRules),
		StreamRoutes:   sortedCopy(s.StreamRoutes),
		Services:       sortedCopy(s.Services),
		ConsumerGroups: sortedCopy(s.ConsumerGroups),
	}
	return json.Marshal(c)
}

func objects[T Object](in []T) []Object {
	out := make([]Object, len(in))
	for i, o := range in {
		out[i] = o
	}
	return out
}

// sortByID orders in by id. Large lists (a translation of a big cluster
// holds tens of thousands of routes) are radix-sorted through a compact
// array of id prefixes: that reads each id once, where a comparison sort
// reaches two ids through two objects spread over the heap for each of its
// n log n comparisons.
func sortByID[T Object](in []T) {
	if len(in) < 256 || uint64(len(in)) >= math.MaxUint32 {
		slices.SortFunc(in, func(a, b T) int { return strings.Compare(a.GetID(), b.GetID()) })
		return
	}
	buf := sortKeysPool.Get().(*[]idKey)
	defer sortKeysPool.Put(buf)
	if cap(*buf) < 2*len(in) {
		*buf = make([]idKey, 2*len(in))
	}
	keys, tmp := (*buf)[:len(in)], (*buf)[len(in):2*len(in)]
	for i, o := range in {
		keys[i] = newIDKey(o.GetID(), uint32(i))
	}
	radixSort(keys, tmp)
	// Ids that share their first 12 bytes are adjacent: order them in full.
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j].compare(keys[i]) == 0 {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(keys[i:j], func(a, b idKey) int {
				return strings.Compare(in[a.index].GetID(), in[b.index].GetID())
			})
		}
		i = j
	}
	permute(in, keys)
}

// sortKeysPool holds the key arrays of large sorts (they hold no pointers,
// so nothing is kept alive by them): the controller sorts tens of thousands
// of objects on every translation.
var sortKeysPool = sync.Pool{New: func() any { return new([]idKey) }}

// radixSort sorts keys by (hi, lo), one byte at a time from the least
// significant, skipping the bytes every key shares (ids start alike, e.g.
// "ing-r-"); tmp is scratch space of the same length. The bytes that differ
// are found, and all their counts taken, in one pass each before any key
// moves (counts do not depend on the order).
func radixSort(keys, tmp []idKey) {
	first := keys[0]
	var diffHi uint64
	var diffLo uint32
	for _, k := range keys {
		diffHi |= k.hi ^ first.hi
		diffLo |= k.lo ^ first.lo
	}
	var digits [12]int // the byte positions that differ, least significant first
	n := 0
	for b := 0; b < 12; b++ {
		if (idKey{hi: diffHi, lo: diffLo}).byteAt(b) != 0 {
			digits[n] = b
			n++
		}
	}
	var count [12][256]int32
	for _, k := range keys {
		for i, b := range digits[:n] {
			count[i][k.byteAt(b)]++
		}
	}
	src, dst := keys, tmp
	for i, b := range digits[:n] {
		c := &count[i]
		var sum int32
		for d, x := range c {
			c[d] = sum
			sum += x
		}
		for _, k := range src {
			d := k.byteAt(b)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// byteAt returns byte b of the key, 0 being the least significant of lo.
func (a idKey) byteAt(b int) byte {
	if b < 4 {
		return byte(a.lo >> (8 * b))
	}
	return byte(a.hi >> (8 * (b - 4)))
}

// idKey is the first 12 bytes of an id (zero-padded) as two big-endian
// integers, and the position of its object. Integer order is the ids'
// byte order, except that ids sharing these 12 bytes compare equal and
// must be compared in full.
type idKey struct {
	hi    uint64
	lo    uint32
	index uint32
}

func newIDKey(id string, index uint32) idKey {
	var b [12]byte
	copy(b[:], id)
	return idKey{hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint32(b[8:]), index: index}
}

func (a idKey) compare(b idKey) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, b.lo)
}

// permute moves in[keys[i].index] to position i for every i, in place, by
// following the cycles of the permutation; it marks the keys it has placed.
func permute[T any](in []T, keys []idKey) {
	const placed = math.MaxUint32
	for start := range keys {
		if keys[start].index == placed {
			continue
		}
		first := in[start]
		i := start
		for {
			from := keys[i].index
			keys[i].index = placed
			if int(from) == start {
				in[i] = first
				break
			}
			in[i] = in[from]
			i = int(from)
		}
	}
}

func sortObjects(in []Object) {
	slices.SortFunc(in, func(a, b Object) int { return strings.Compare(a.GetID(), b.GetID()) })
}

func sortedCopy[T Object](in []T) []T {
	out := make([]T, len(in))
	copy(out, in)
	sortByID(out)
	return out
}
