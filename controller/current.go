package controller

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// currentState is the owned part of APISIX as last listed and since updated
// by the writes that succeeded, indexed by kind and id and by the source
// its ownership labels name, with where each object held came from (its
// origin): read back from APISIX, sent by this controller (APISIX answered
// the PUT with success), or unsure: the PUT's outcome is unknown (APISIX
// answered 5xx, or the connection failed after the request may have
// reached it), so the next diff writes it again if it is still wanted and
// deletes it if not, and a write APISIX stored despite the error never
// stays behind as an orphan until the next full list. Safe for concurrent
// use.
type currentState struct {
	mu       sync.Mutex
	objs     map[apisix.Kind]map[string]apisix.Object
	bySource map[translator.ObjectRef][]opKey
	origin   map[opKey]origin // absent: listed
}

// origin says where a held object came from.
type origin uint8

const (
	listed origin = iota // read back from APISIX
	sent                 // sent by this controller, and stored
	unsure               // sent by this controller, outcome unknown
)

func newCurrentState() *currentState {
	c := &currentState{objs: make(map[apisix.Kind]map[string]apisix.Object, len(apisix.Kinds)),
		bySource: map[translator.ObjectRef][]opKey{}, origin: map[opKey]origin{}}
	for _, k := range apisix.Kinds {
		c.objs[k] = map[string]apisix.Object{}
	}
	return c
}

// set holds o, sent in a PUT that APISIX answered with success.
func (c *currentState) set(o apisix.Object) {
	c.mu.Lock()
	c.put(o)
	c.origin[opKey{o.Kind(), o.GetID()}] = sent
	c.mu.Unlock()
}

// setUnsure holds o, sent in a PUT whose outcome is unknown, as unsure
// unless APISIX is known to hold the object already (then what it holds is
// unknown too: it stays, marked unsure).
func (c *currentState) setUnsure(o apisix.Object) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := opKey{o.Kind(), o.GetID()}
	if _, held := c.objs[key.kind][key.id]; !held {
		c.put(o)
	}
	c.origin[key] = unsure
}

// same is the diff's test of whether APISIX already holds want (see
// apisix.DiffOptions.Same), have being the object held under its id: an
// unsure object never is; an object this controller sent is compared by
// its JSON encoding alone (it is the translation's own output, so a
// desired object that differs only by defaults, which the normalisation
// would take as equal, is rare, and costs one PUT that changes nothing);
// an object read back from APISIX is compared after normalisation (d).
func (c *currentState) same(d apisix.Defaulter) func(k apisix.Kind, want, have apisix.Object) bool {
	return func(k apisix.Kind, want, have apisix.Object) bool {
		c.mu.Lock()
		o := c.origin[opKey{k, have.GetID()}]
		c.mu.Unlock()
		switch o {
		case unsure:
			return false
		case sent:
			return want == have || sameJSON(want, have)
		}
		return apisix.Equal(k, want, have, d)
	}
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b apisix.Object) bool {
	ja, err := json.Marshal(a)
	if err != nil {
		return false
	}
	jb, err := json.Marshal(b)
	return err == nil && bytes.Equal(ja, jb)
}

func (c *currentState) remove(k apisix.Kind, id string) {
	c.mu.Lock()
	c.unindex(k, id)
	delete(c.objs[k], id)
	delete(c.origin, opKey{k, id})
	c.mu.Unlock()
}

// put holds o as read back from APISIX; c.mu is held (or c not yet
// shared).
func (c *currentState) put(o apisix.Object) {
	k, id := o.Kind(), o.GetID()
	delete(c.origin, opKey{k, id})
	c.unindex(k, id)
	c.objs[k][id] = o
	if ref, ok := refOf(o); ok {
		c.bySource[ref] = append(c.bySource[ref], opKey{k, id})
	}
}

// unindex takes the object held as k, id out of the source index.
func (c *currentState) unindex(k apisix.Kind, id string) {
	old, ok := c.objs[k][id]
	if !ok {
		return
	}
	ref, ok := refOf(old)
	if !ok {
		return
	}
	keys := slices.DeleteFunc(c.bySource[ref], func(x opKey) bool { return x == opKey{k, id} })
	if len(keys) == 0 {
		delete(c.bySource, ref)
	} else {
		c.bySource[ref] = keys
	}
}

// state returns the objects as a State (shared objects, fresh lists).
func (c *currentState) state() *apisix.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &apisix.State{}
	for _, k := range apisix.Kinds {
		for _, o := range c.objs[k] {
			s.Add(o)
		}
	}
	return s
}

// counts returns the number of objects per kind.
func (c *currentState) counts() map[apisix.Kind]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[apisix.Kind]int, len(c.objs))
	for k, m := range c.objs {
		out[k] = len(m)
	}
	return out
}

// listOwned reads every kind from APISIX and keeps the objects owns accepts.
// A kind the APISIX instance does not serve (stream routes without stream
// mode) is treated as empty. An object that does not decode is held by its
// id and labels as unsure (see identityOf), and its error returned in
// undecodable.
func listOwned(ctx context.Context, admin *apisix.Client, owns func(apisix.Object) bool) (cur *currentState, undecodable []string, err error) {
	cur = newCurrentState()
	for _, k := range apisix.Kinds {
		items, err := admin.List(ctx, k)
		if err != nil {
			if k == apisix.KindStreamRoute && (errors.Is(err, apisix.ErrInvalid) || errors.Is(err, apisix.ErrNotFound)) {
				continue
			}
			return nil, nil, fmt.Errorf("listing %s: %w", k, err)
		}
		for _, it := range items {
			o, err := decodeObject(k, it)
			if err != nil {
				// An object this program cannot read must not stop the
				// sync of every other one: held by its id and labels
				// alone, as unsure, it is written again when desired and
				// deleted when owned and not.
				if o = identityOf(k, it); o == nil {
					return nil, nil, err
				}
				undecodable = append(undecodable, err.Error())
				if owns(o) {
					cur.put(o)
					cur.origin[opKey{k, o.GetID()}] = unsure
				}
				continue
			}
			if owns(o) {
				cur.put(o)
			}
		}
	}
	return cur, undecodable, nil
}

// identityOf returns an object of kind k carrying only the id (username
// for consumers) and labels of it, nil when even those cannot be read.
func identityOf(k apisix.Kind, it apisix.Item) apisix.Object {
	var id struct {
		ID       any               `json:"id"`
		Username string            `json:"username"`
		Labels   map[string]string `json:"labels"`
	}
	if err := json.Unmarshal(it.Value, &id); err != nil {
		return nil
	}
	b, err := json.Marshal(map[string]any{"id": id.ID, "username": id.Username, "labels": id.Labels})
	if err != nil {
		return nil
	}
	o, err := decodeObject(k, apisix.Item{Key: it.Key, Value: b})
	if err != nil || o.GetID() == "" {
		return nil
	}
	return o
}

// decodeObject decodes an item read from APISIX into its typed object.
func decodeObject(k apisix.Kind, it apisix.Item) (apisix.Object, error) {
	var o apisix.Object
	switch k {
	case apisix.KindRoute:
		o = &apisix.Route{}
	case apisix.KindUpstream:
		o = &apisix.Upstream{}
	case apisix.KindSSL:
		o = &apisix.SSL{}
	case apisix.KindConsumer:
		o = &apisix.Consumer{}
	case apisix.KindPluginConfig:
		o = &apisix.PluginConfig{}
	case apisix.KindGlobalRule:
		o = &apisix.GlobalRule{}
	case apisix.KindStreamRoute:
		o = &apisix.StreamRoute{}
	case apisix.KindService:
		o = &apisix.Service{}
	case apisix.KindConsumerGroup:
		o = &apisix.ConsumerGroup{}
	default:
		return nil, fmt.Errorf("decoding %s: unknown kind", k)
	}
	if err := json.Unmarshal(it.Value, o); err != nil {
		return nil, fmt.Errorf("decoding %s %s: %w", k, it.ID(), err)
	}
	return o, nil
}
