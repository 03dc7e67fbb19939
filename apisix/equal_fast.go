package apisix

import "reflect"

// sameStruct is Equal's fast path: both objects, copied shallowly without
// timestamps and with the core defaults set on the struct, are deeply
// equal. It never reports a false "same"; when it says "not sure" the full
// normalised comparison decides.
func sameStruct(a, b Object) bool {
	af, ok := fastForm(a)
	if !ok {
		return false
	}
	bf, ok := fastForm(b)
	return ok && reflect.DeepEqual(af, bf)
}

func fastForm(o Object) (any, bool) {
	var v any
	switch x := o.(type) {
	case *Route:
		c := *x
		// A copy of the extra members (never the caller's), always present
		// so that a route read back (with timestamps and status) and one
		// built without them compare alike.
		e := x.Extra()
		e.CreateTime, e.UpdateTime = 0, 0
		if e.Status == nil {
			e.Status = Ptr(1)
		}
		if e.Upstream != nil {
			u := upstreamFast(*e.Upstream)
			e.Upstream = &u
		}
		c.RouteExtra = &e
		v = &c
	case *Upstream:
		v = upstreamFast(*x)
	default:
		return nil, false
	}
	return v, true
}

func upstreamFast(u Upstream) Upstream {
	// A copy of the extra members without timestamps (never the caller's),
	// and none at all when nothing else is set.
	e := u.Extra()
	e.CreateTime, e.UpdateTime = 0, 0
	u.UpstreamExtra = nil
	if e != (UpstreamExtra{}) {
		u.UpstreamExtra = &e
	}
	if u.Type == "" {
		u.Type = UpstreamRoundRobin
	}
	if u.Scheme == "" {
		u.Scheme = "http"
	}
	if u.PassHost == "" {
		u.PassHost = PassHostPass
	}
	if u.HashOn == "" {
		u.HashOn = "vars"
	}
	return u
}
