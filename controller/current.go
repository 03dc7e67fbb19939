package controller

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// currentState is the owned part of APISIX as last listed and since updated
// by the writes that succeeded. Safe for concurrent use.
type currentState struct {
	mu   sync.Mutex
	objs map[apisix.Kind]map[string]apisix.Object
}

func newCurrentState() *currentState {
	c := &currentState{objs: make(map[apisix.Kind]map[string]apisix.Object, len(apisix.Kinds))}
	for _, k := range apisix.Kinds {
		c.objs[k] = map[string]apisix.Object{}
	}
	return c
}

func (c *currentState) set(o apisix.Object) {
	c.mu.Lock()
	c.objs[o.Kind()][o.GetID()] = o
	c.mu.Unlock()
}

func (c *currentState) remove(k apisix.Kind, id string) {
	c.mu.Lock()
	delete(c.objs[k], id)
	c.mu.Unlock()
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
				cur.objs[k][o.GetID()] = o
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
