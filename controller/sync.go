package controller

import (
	"context"
	"errors"
	"maps"
	"time"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// listRetryMax caps the delay between attempts to read APISIX's state.
const listRetryMax = 5 * time.Second

// sync makes APISIX's owned state equal the translation: it lists APISIX
// when its state is not known (or a resync is due), diffs, writes, and
// posts statuses. Between full lists it works from the translation's
// changes alone: it diffs only the objects they removed or added, those
// APISIX holds for the sources they translated again or deleted (found by
// source, so that a withheld source keeps what it has and a fixed or
// deleted one loses what it left), and those written last time; it posts
// only the statuses of the sources they translated again (and those whose
// writes failed or were put off last time). After a list it diffs the
// whole translation. It runs only on the leader, with a context that ends
// when leadership or the manager does.
func (c *Controller) sync(ctx context.Context) {
	start := time.Now()
	changes := c.changes
	c.changes = nil // a sync that stops early is followed by a full one
	listed := false
	if c.current == nil || c.forceList.Load() {
		c.forceList.Store(false)
		cur, undecodable, err := listOwned(ctx, c.admin, c.owns)
		for _, msg := range undecodable {
			c.log.Error(errors.New(msg), "an object APISIX holds cannot be read; it is written again if desired, deleted if not")
		}
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
	if !listed && c.synced != nil && c.tracked != nil {
		c.tracked.apply(changes)
		want, have = c.changed(changes)
	} else {
		res = c.feed.result()
		c.tracked = newStatusTrack(res)
		want = c.desired(res)
		have = c.current.state()
		c.synced = byKey(res.State)
	}
	ops := apisix.Diff(want, have, apisix.DiffOptions{
		ControllerName: c.opts.Translator.ManagedBy,
		Defaults:       c.opts.Defaults,
		Owns:           c.owns,
		Same:           c.current.same(c.opts.Defaults),
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
		c.postStatuses(res.Statuses, true, c.sourcesFor(ctx, res.Statuses), out)
	} else {
		post := c.tracked.toPost(out)
		c.postStatuses(post, false, c.sourcesFor(ctx, post), out)
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

// objIndex holds objects by kind and id.
type objIndex map[apisix.Kind]map[string]apisix.Object

// byKey indexes a state's objects by kind and id.
func byKey(s *apisix.State) objIndex {
	m := make(objIndex, len(apisix.Kinds))
	for _, k := range apisix.Kinds {
		objs := s.Objects(k)
		m[k] = make(map[string]apisix.Object, len(objs))
		for _, o := range objs {
			m[k][o.GetID()] = o
		}
	}
	return m
}

// changed returns the part of the desired state, and of the current state,
// that the diff needs after changes: the objects the changes removed or
// added, those APISIX holds for the sources the changes translated again
// or deleted (and every global rule it holds when a global rule is
// involved: they carry no source labels), and those written last time (a
// write may have failed). For each of them the desired object is the
// translation's, else what APISIX holds when desired keeps it (its source
// is withheld), else none. It brings c.synced (the translation's objects)
// up to date; c.tracked must have applied changes.
func (c *Controller) changed(changes []*translator.Change) (want, have *apisix.State) {
	keys := maps.Clone(c.retry)
	if keys == nil {
		keys = map[opKey]bool{}
	}
	globals := false
	for _, ch := range changes {
		for _, o := range ch.Removed.All() {
			key := opKey{o.Kind(), o.GetID()}
			keys[key] = true
			delete(c.synced[key.kind], key.id)
			globals = globals || key.kind == apisix.KindGlobalRule
		}
		for _, o := range ch.Added.All() {
			key := opKey{o.Kind(), o.GetID()}
			keys[key] = true
			c.synced[key.kind][key.id] = o
			globals = globals || key.kind == apisix.KindGlobalRule
		}
	}
	c.current.mu.Lock()
	defer c.current.mu.Unlock()
	for ref := range c.tracked.touched {
		for _, key := range c.current.bySource[ref] {
			keys[key] = true
		}
		globals = globals || ref.Kind == apiv2.KindApisixGlobalRule
	}
	if globals {
		for id := range c.current.objs[apisix.KindGlobalRule] {
			keys[opKey{apisix.KindGlobalRule, id}] = true
		}
	}
	var withheldGlobal map[string]bool
	var translatedGlobal []*apisix.GlobalRule
	if globals {
		withheldGlobal = map[string]bool{}
		for ref := range c.tracked.withheld {
			if ref.Kind == apiv2.KindApisixGlobalRule {
				withheldGlobal[translator.GlobalRuleID(c.opts.Translator, ref.Namespace, ref.Name)] = true
			}
		}
		for _, o := range c.synced[apisix.KindGlobalRule] {
			translatedGlobal = append(translatedGlobal, o.(*apisix.GlobalRule))
		}
	}
	want, have = &apisix.State{}, &apisix.State{}
	for key := range keys {
		cur, held := c.current.objs[key.kind][key.id]
		if held {
			have.Add(cur)
		}
		if o, ok := c.synced[key.kind][key.id]; ok {
			want.Add(o)
			continue
		}
		if !held {
			continue
		}
		if ref, ok := refOf(cur); ok && c.tracked.withheld[ref] {
			want.Add(cur)
		} else if g, ok := cur.(*apisix.GlobalRule); ok && withheldGlobal[g.ID] && !sharesPlugin(g, translatedGlobal) {
			want.Add(cur)
		}
	}
	return want, have
}
