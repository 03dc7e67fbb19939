package controller

import (
	"context"
	"maps"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// listRetryMax caps the delay between attempts to read APISIX's state.
const listRetryMax = 5 * time.Second

// sync makes APISIX's owned state equal the translation: it lists APISIX
// when its state is not known (or a resync is due), diffs, writes, and
// posts statuses. Between full lists, while no source is withheld, it works
// from the translation's changes alone: it diffs only the objects they
// removed or added (and those written last time), and posts only the
// statuses of the sources they translated again (and those whose writes
// failed or were put off last time); otherwise it diffs the whole
// translation. It runs only on the leader, with a context that ends when
// leadership or the manager does.
func (c *Controller) sync(ctx context.Context, srcs sources) {
	start := time.Now()
	changes := c.changes
	c.changes = nil // a sync that stops early is followed by a full one
	listed := false
	if c.current == nil || c.forceList.Load() {
		c.forceList.Store(false)
		cur, err := listOwned(ctx, c.admin, c.owns)
		c.stats.lists.Add(1)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			c.listFails++
			c.forceList.Store(true)
			d := min(c.opts.RetryBackoffInitial<<min(c.listFails-1, 10), listRetryMax)
			c.retryAt = time.Now().Add(d)
			c.log.Error(err, "reading APISIX's state; retrying", "in", d.String())
			c.metrics.syncDuration.WithLabelValues("list_error").Observe(time.Since(start).Seconds())
			return
		}
		c.listFails = 0
		c.current = cur
		listed = true
	}
	var res *translator.Result
	var want, have *apisix.State
	if !listed && c.synced != nil && c.tracked != nil && c.tracked.apply(changes) {
		want, have = c.changed(changes)
	} else {
		res = c.feed.result()
		c.tracked = newStatusTrack(res)
		desired := c.desired(res)
		want = desired
		if listed || c.synced == nil {
			have = c.current.state()
		} else {
			want, have = c.touched(desired)
		}
		c.synced = byKey(desired)
	}
	ops := apisix.Diff(want, have, apisix.DiffOptions{
		ControllerName: c.opts.Translator.ManagedBy,
		Defaults:       c.opts.Defaults,
		Owns:           c.owns,
	})
	out := c.apply(ctx, ops)
	c.retry = make(map[opKey]bool, len(ops))
	for _, op := range ops {
		c.retry[opKey{op.Kind, op.ID}] = true
	}
	if ctx.Err() != nil {
		c.synced = nil // diff everything next time
		return
	}
	keep := make(map[opKey]bool, len(ops))
	for _, op := range ops {
		keep[opKey{op.Kind, op.ID}] = true
	}
	next := c.backoffs.retain(keep)
	if out.relist {
		c.forceList.Store(true)
	}
	result := "ok"
	switch {
	case out.aborted:
		result = "unavailable"
		c.listFails++
		c.retryAt = time.Now().Add(min(c.opts.RetryBackoffInitial<<min(c.listFails-1, 10), listRetryMax))
	case out.failures > 0:
		result = "partial"
		c.retryAt = next
	default:
		c.listFails = 0
	}
	if c.retryAt.IsZero() && out.relist {
		c.retryAt = time.Now().Add(c.opts.RetryBackoffInitial)
	}
	c.metrics.syncDuration.WithLabelValues(result).Observe(time.Since(start).Seconds())
	for k, n := range c.current.counts() {
		c.metrics.apisixObjects.WithLabelValues(string(k)).Set(float64(n))
	}
	if len(ops) > 0 || out.failures > 0 {
		c.log.V(1).Info("synced to APISIX", "writes", len(ops), "failures", out.failures, "duration", time.Since(start).String())
	}
	if !out.aborted && !out.anyUnavailable {
		c.ready.Store(true)
	}
	c.stats.syncs.Add(1)
	if res != nil {
		c.postStatuses(res.Statuses, true, srcs, out)
	} else {
		c.postStatuses(c.tracked.toPost(out), false, srcs, out)
	}
	c.tracked.retain(out)
}

// owns reports whether an APISIX object belongs to this controller.
func (c *Controller) owns(o apisix.Object) bool {
	if o.Kind() == apisix.KindGlobalRule {
		return c.opts.OwnsGlobalRule(o.GetID())
	}
	return o.GetLabels()[apisix.LabelManagedBy] == c.opts.Translator.ManagedBy
}

// refOf returns the source of an object from its ownership labels.
func refOf(o apisix.Object) (translator.ObjectRef, bool) {
	l := o.GetLabels()
	if l[apisix.LabelSourceKind] == "" {
		return translator.ObjectRef{}, false
	}
	return translator.ObjectRef{Kind: l[apisix.LabelSourceKind], Namespace: l[apisix.LabelSourceNamespace], Name: l[apisix.LabelSourceName]}, true
}

// desired is the translation's state plus, for every source the translator
// withheld because of errors, what APISIX already holds for it, so that a
// broken edit never takes a working configuration down. Global rules carry
// no labels: a withheld ApisixGlobalRule's is found by its id, and kept
// only while none of its plugins is in a translated global rule (APISIX
// refuses a plugin in two global rules, so keeping it would lock out the
// rule the translator chose: a Duplicate loser served before the older
// winner was seen must yield to it).
func (c *Controller) desired(res *translator.Result) *apisix.State {
	failed := res.Failed()
	if len(failed) == 0 {
		return res.State
	}
	refs := make(map[translator.ObjectRef]bool, len(failed))
	failedGlobal := map[string]bool{}
	for _, r := range failed {
		refs[r] = true
		if r.Kind == "ApisixGlobalRule" {
			failedGlobal[translator.GlobalRuleID(c.opts.Translator, r.Namespace, r.Name)] = true
		}
	}
	d := &apisix.State{}
	ids := map[opKey]bool{}
	for _, o := range res.State.All() {
		d.Add(o)
		ids[opKey{o.Kind(), o.GetID()}] = true
	}
	cur := c.current.state()
	for _, o := range cur.All() {
		if ids[opKey{o.Kind(), o.GetID()}] {
			continue
		}
		ref, ok := refOf(o)
		if ok && refs[ref] {
			d.Add(o)
		}
		if g, isGlobal := o.(*apisix.GlobalRule); isGlobal && failedGlobal[g.ID] && !sharesPlugin(g, res.State.GlobalRules) {
			d.Add(o)
		}
	}
	return d
}

// sharesPlugin reports whether g configures a plugin one of rules does.
func sharesPlugin(g *apisix.GlobalRule, rules []*apisix.GlobalRule) bool {
	for _, r := range rules {
		for name := range g.Plugins {
			if _, ok := r.Plugins[name]; ok {
				return true
			}
		}
	}
	return false
}

// byKey indexes a state's objects by kind and id.
func byKey(s *apisix.State) map[opKey]apisix.Object {
	m := make(map[opKey]apisix.Object, s.Len())
	for _, k := range apisix.Kinds {
		for _, o := range s.Objects(k) {
			m[opKey{k, o.GetID()}] = o
		}
	}
	return m
}

// changed returns the part of the desired state, and of the current state,
// that the diff needs after changes when no source is withheld (so the
// desired state is the translation's): the objects the changes removed or
// added, and those written last time (a write may have failed). It brings
// c.synced up to date.
func (c *Controller) changed(changes []*translator.Change) (want, have *apisix.State) {
	keys := maps.Clone(c.retry)
	if keys == nil {
		keys = map[opKey]bool{}
	}
	for _, ch := range changes {
		for _, o := range ch.Removed.All() {
			key := opKey{o.Kind(), o.GetID()}
			keys[key] = true
			delete(c.synced, key)
		}
		for _, o := range ch.Added.All() {
			key := opKey{o.Kind(), o.GetID()}
			keys[key] = true
			c.synced[key] = o
		}
	}
	want, have = &apisix.State{}, &apisix.State{}
	for key := range keys {
		if o, ok := c.synced[key]; ok {
			want.Add(o)
		}
	}
	c.current.mu.Lock()
	defer c.current.mu.Unlock()
	for key := range keys {
		if o, ok := c.current.objs[key.kind][key.id]; ok {
			have.Add(o)
		}
	}
	return want, have
}

// touched returns the part of desired, and of the current state, that the
// diff needs between full lists: the objects whose desired version is not
// the very object of the last sync (the translator keeps the objects of
// sources it did not translate again), those no longer desired, and those
// written last time (a write may have failed). The periodic resync lists
// APISIX and compares everything.
func (c *Controller) touched(desired *apisix.State) (want, have *apisix.State) {
	keys := maps.Clone(c.retry)
	if keys == nil {
		keys = map[opKey]bool{}
	}
	seen := 0
	for _, k := range apisix.Kinds {
		for _, o := range desired.Objects(k) {
			key := opKey{k, o.GetID()}
			prev, ok := c.synced[key]
			if ok {
				seen++
			}
			if !ok || prev != o {
				keys[key] = true
			}
		}
	}
	if seen < len(c.synced) {
		next := byKey(desired)
		for key := range c.synced {
			if _, ok := next[key]; !ok {
				keys[key] = true
			}
		}
	}
	want, have = &apisix.State{}, &apisix.State{}
	for _, k := range apisix.Kinds {
		for _, o := range desired.Objects(k) {
			if keys[opKey{k, o.GetID()}] {
				want.Add(o)
			}
		}
	}
	c.current.mu.Lock()
	defer c.current.mu.Unlock()
	for key := range keys {
		if o, ok := c.current.objs[key.kind][key.id]; ok {
			have.Add(o)
		}
	}
	return want, have
}
