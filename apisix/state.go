package apisix

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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
		sortByID(objs)
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

// sortByID orders in by id, reading each id once (GetID is a method call
// through an interface when T is Object).
func sortByID[T Object](in []T) {
	type withID struct {
		id string
		o  T
	}
	l := make([]withID, len(in))
	for i, o := range in {
		l[i] = withID{o.GetID(), o}
	}
	slices.SortFunc(l, func(a, b withID) int { return strings.Compare(a.id, b.id) })
	for i := range l {
		in[i] = l[i].o
	}
}

func sortedCopy[T Object](in []T) []T {
	out := make([]T, len(in))
	copy(out, in)
	sortByID(out)
	return out
}
