package webhook

import (
	"fmt"
	"slices"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Conflicts between objects (a host+path, a TLS SNI, a host-wide regex
// effect) are the translator's to resolve (see translator.Conflict): an
// admission translates the object together with its neighbours, the
// Ingresses, ApisixRoutes and ApisixTlses that share a host with it (found
// through IndexHost), and reports what the translation reports for the
// object. So the object is refused when it loses a claim to an existing
// object (an object being created is the newest), and also when it would
// win one, which happens on an UPDATE of an older object or with
// creationTimestamps equal to the second: admitting it would withhold an
// object that is served today. A claim the object already won before an
// UPDATE is left alone. An object without a creationTimestamp (one the
// offline validate command reads from a file) is being created: it is
// translated as the newest.

// neighbours adds to snap the objects that share one of hosts (in the
// translator's normal form) with the object admitted, self, which is
// already in snap.
func (c *check) neighbours(snap *translator.Snapshot, self translator.ObjectRef, hosts []string) {
	seen := map[translator.ObjectRef]bool{self: true}
	fresh := func(kind string, o client.Object) bool {
		ref := translator.ObjectRef{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}
		if seen[ref] {
			return false
		}
		seen[ref] = true
		return true
	}
	for _, h := range hosts {
		ings, err := c.v.store.IngressesByHost(c.ctx, h)
		if err != nil {
			c.lookupFailed("host index", err)
		}
		for _, o := range ings {
			if fresh("Ingress", o) {
				snap.Ingresses = append(snap.Ingresses, o)
			}
		}
		routes, err := c.v.store.ApisixRoutesByHost(c.ctx, h)
		if err != nil {
			c.lookupFailed("host index", err)
		}
		for _, o := range routes {
			if fresh(apiv2.KindApisixRoute, o) {
				snap.ApisixRoutes = append(snap.ApisixRoutes, o)
			}
		}
		tlses, err := c.v.store.ApisixTlsesByHost(c.ctx, h)
		if err != nil {
			c.lookupFailed("host index", err)
		}
		for _, o := range tlses {
			if fresh(apiv2.KindApisixTls, o) {
				snap.ApisixTlses = append(snap.ApisixTlses, o)
			}
		}
	}
}

// asNewest gives the admitted object, first of its kind in snap, a
// creationTimestamp after every other object's when it has none.
func asNewest(snap *translator.Snapshot, obj client.Object) {
	if !obj.GetCreationTimestamp().Time.IsZero() {
		return
	}
	var last time.Time
	note := func(o client.Object) {
		if t := o.GetCreationTimestamp().Time; t.After(last) {
			last = t
		}
	}
	for _, o := range snap.Ingresses {
		note(o)
	}
	for _, o := range snap.ApisixRoutes {
		note(o)
	}
	for _, o := range snap.ApisixTlses {
		note(o)
	}
	for _, o := range snap.ApisixGlobalRules {
		note(o)
	}
	ts := metav1.NewTime(last.Add(time.Second))
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		cp := *o
		cp.CreationTimestamp = ts
		snap.Ingresses[0] = &cp
	case *apiv2.ApisixRoute:
		cp := *o
		cp.CreationTimestamp = ts
		snap.ApisixRoutes[0] = &cp
	case *apiv2.ApisixTls:
		cp := *o
		cp.CreationTimestamp = ts
		snap.ApisixTlses[0] = &cp
	case *apiv2.ApisixGlobalRule:
		cp := *o
		cp.CreationTimestamp = ts
		snap.ApisixGlobalRules[0] = &cp
	}
}

// conflictsWon refuses the claims ref wins over a neighbour in res, but
// for those the object already won before an UPDATE (the old object
// translated in its place in snap).
func (c *check) conflictsWon(snap *translator.Snapshot, res *translator.Result, ref translator.ObjectRef) {
	var won []translator.Conflict
	for _, cf := range res.Conflicts {
		if cf.Winner == ref && cf.Loser != ref {
			won = append(won, cf)
		}
	}
	if len(won) == 0 {
		return
	}
	if c.old != nil {
		before := translator.Translate(withOld(snap, ref, c.old), c.v.opts.Translator).Conflicts
		won = slices.DeleteFunc(won, func(cf translator.Conflict) bool {
			return slices.ContainsFunc(before, func(b translator.Conflict) bool {
				return b.Winner == ref && b.Loser == cf.Loser && b.Error.Error() == cf.Error.Error()
			})
		})
	}
	for _, cf := range won {
		c.fail(&field.Error{Type: field.ErrorTypeInvalid, Field: cf.WinnerField, BadValue: cf.WinnerValue,
			Detail: fmt.Sprintf("%s, which is served now, would lose %s to this object (it is older); remove it from one of them", cf.Loser, cf.Error.Field)})
	}
}

// withOld returns a copy of snap with old in place of the object ref.
func withOld(snap *translator.Snapshot, ref translator.ObjectRef, old client.Object) *translator.Snapshot {
	out := *snap
	same := func(o client.Object) bool { return o.GetNamespace() == ref.Namespace && o.GetName() == ref.Name }
	switch o := old.(type) {
	case *networkingv1.Ingress:
		out.Ingresses = replaceObj(snap.Ingresses, o, same)
	case *apiv2.ApisixRoute:
		out.ApisixRoutes = replaceObj(snap.ApisixRoutes, o, same)
	case *apiv2.ApisixTls:
		out.ApisixTlses = replaceObj(snap.ApisixTlses, o, same)
	}
	return &out
}

func replaceObj[T client.Object](list []T, old T, same func(client.Object) bool) []T {
	out := slices.Clone(list)
	for i, o := range out {
		if same(o) {
			out[i] = old
		}
	}
	return out
}
