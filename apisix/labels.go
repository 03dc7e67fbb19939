package apisix

import (
	"maps"
	"slices"
)

// Labels are an object's labels (the `labels` member of the Admin API). The
// translator gives every object of one source the same map: emitted objects
// are never modified.
type Labels map[string]string

// Keys returns the label keys, sorted.
func (l Labels) Keys() []string {
	return slices.Sorted(maps.Keys(l))
}
