package controller

import "github.com/apisix-ingress/apisix-ingress/apisix"

// defaultsPasses is how many times the defaulter runs over an object: a
// default inserted by one pass (an absent object replaced by its default)
// may itself have members with defaults that only the next pass fills, as
// APISIX's own validation does when it stores the object.
const defaultsPasses = 3

// repeatedDefaults applies a Defaulter several times, so that both sides of
// the diff reach the same fixed point.
type repeatedDefaults struct{ d apisix.Defaulter }

// ApplyDefaults implements apisix.Defaulter.
func (r repeatedDefaults) ApplyDefaults(k apisix.Kind, m map[string]any) {
	for range defaultsPasses {
		r.d.ApplyDefaults(k, m)
	}
}
