package controller

import (
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
// its ownership labels name. A PUT whose outcome is unknown (APISIX answered
// 5xx, or the connection failed after the request may have reached it)
// leaves its object held but unsure: the next diff writes it again if it is
// still wanted and deletes it if not, so that a write APISIX stored despite
// the error never stays behind as an orphan until the next full list.
// Safe for concurrent use.
type currentState struct {
	mu       sync.Mutex
	objs     map[apisix.Kind]map[string]apisix.Object
	bySource map[translator.ObjectRef][]opKey
	unsure   map[opKey]bool
}

func newCurrentState() *currentState {
	c := &currentState{objs: make(map[apisix.Kind]map[string]apisix.Object, len(apisix.Kinds)),
		bySource: map[translator.ObjectRef][]opKey{}, unsure: map[opKey]bool{}}
	for _, k := range apisix.Kinds {
		c.objs[k] = map[string]apisix.Object{}
	}
	return c
}

func (c *currentState) set(o apisix.Object) {
	c.mu.Lock()
	c.put(o)
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
	c.unsure[key] = true
}

// isUnsure reports whether the object held as k, id may differ from what
// APISIX holds (see setUnsure).
func (c *currentState) isUnsure(k apisix.Kind, id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.unsure[opKey{k, id}]
}

func (c *currentState) remove(k apisix.Kind, id string) {
	c.mu.Lock()
	c.unindex(k, id)
	delete(c.objs[k], id)
	delete(c.unsure, opKey{k, id})
	c.mu.Unlock()
}

// put sets o, as APISIX is known to hold it; c.mu is held (or c not yet
// shared).
func (c *currentState) put(o apisix.Object) {
	k, id := o.Kind(), o.GetID()
	delete(c.unsure, opKey{k, id})
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
// mode) is treated as empty.
func listOwned(ctx context.Context, admin *apisix.Client, owns func(apisix.Object) bool) (*currentState, error) {
	cur := newCurrentState()
	for _, k := range apisix.Kinds {
		items, err := admin.List(ctx, k)
		if err != nil {
			if k == apisix.KindStreamRoute && (errors.Is(err, apisix.ErrInvalid) || errors.Is(err, apisix.ErrNotFound)) {
				continue
			}
			return nil, fmt.Errorf("listing %s: %w", k, err)
		}
		for _, it := range items {
			o, err := decodeObject(k, it)
			if err != nil {
				return nil, err
			}
			if owns(o) {
				cur.put(o)
			}
		}
	}
	return cur, nil
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
