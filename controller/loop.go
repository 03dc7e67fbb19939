package controller

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Stats counts what the loop did; read it with Controller.Stats.
type Stats struct {
	translations atomic.Int64
	syncs        atomic.Int64
	lists        atomic.Int64
}

// StatsSnapshot is a copy of the counters.
type StatsSnapshot struct {
	// Translations counts snapshots translated.
	Translations int64
	// Syncs counts syncs to APISIX that ran to completion as leader.
	Syncs int64
	// Lists counts full reads of APISIX's owned state.
	Lists int64
}

// Stats returns the loop's counters.
func (c *Controller) Stats() StatsSnapshot {
	return StatsSnapshot{
		Translations: c.stats.translations.Load(),
		Syncs:        c.stats.syncs.Load(),
		Lists:        c.stats.lists.Load(),
	}
}

// run is the single worker: it waits for a change, a poke, a retry or the
// periodic resync, lets events settle, then translates and (as leader)
// syncs. It returns when ctx ends.
func (c *Controller) run(ctx context.Context) error {
	c.loopRunning.Store(true)
	defer c.loopRunning.Store(false)
	var resync <-chan time.Time
	if c.opts.ResyncPeriod > 0 {
		t := time.NewTicker(c.opts.ResyncPeriod)
		defer t.Stop()
		resync = t.C
	}
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	defer retry.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-c.dirty:
			if !c.settle(ctx) {
				return nil
			}
		case <-c.wake:
		case <-retry.C:
		case <-resync:
			c.forceList.Store(true)
			c.needsTrans.Store(true)
			c.feed.reset() // a full translation now and then, besides the full diff
		}
		c.runOnce(ctx)
		retry.Stop()
		if !c.retryAt.IsZero() {
			retry.Reset(max(time.Until(c.retryAt), time.Millisecond))
		}
	}
}

// settle waits until no event came for Debounce, at most MaxDebounce.
func (c *Controller) settle(ctx context.Context) bool {
	deadline := time.NewTimer(c.opts.MaxDebounce)
	defer deadline.Stop()
	quiet := time.NewTimer(c.opts.Debounce)
	defer quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-c.dirty:
			quiet.Reset(c.opts.Debounce)
		case <-quiet.C:
			return true
		case <-deadline.C:
			return true
		}
	}
}

// runOnce translates when something changed, then syncs when leading.
func (c *Controller) runOnce(ctx context.Context) {
	c.retryAt = time.Time{}
	if c.needsTrans.Swap(false) || !c.translated {
		start := time.Now()
		c.eventCount.Store(0)
		c.metrics.queueDepth.WithLabelValues("events").Set(0)
		full := !c.feed.started()
		if full && !c.awaitInitialEvents(ctx) {
			return
		}
		// Taken before the cache is read: an event that comes later is in
		// the next batch.
		keys := c.events.take()
		var ch *translator.Change
		if full {
			snap, err := c.buildSnapshot(ctx)
			if err != nil {
				c.retryTranslation(ctx, err, "building the snapshot")
				return
			}
			ch = c.feed.full(snap)
		} else {
			set, deleted, err := c.gather(ctx, keys)
			if err != nil {
				// The reference index may be half updated: start again
				// from a full snapshot, and diff it whole.
				c.feed.reset()
				c.synced = nil
				c.retryTranslation(ctx, err, "reading changed objects")
				return
			}
			ch = c.feed.apply(set, deleted)
		}
		c.changes = append(c.changes, ch)
		c.translated = true
		c.stats.translations.Add(1)
		c.metrics.translateDuration.Observe(time.Since(start).Seconds())
		c.standbyReady.Store(true)
	}
	lctx := c.leader()
	if lctx == nil {
		c.current = nil // a future leadership starts from a fresh list
		c.changes = nil // and from the whole translation
		return
	}
	sctx, cancel := context.WithCancel(lctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	c.sync(sctx)
}

// retryTranslation logs err and has the translation tried again in a
// second.
func (c *Controller) retryTranslation(ctx context.Context, err error, what string) {
	if ctx.Err() != nil {
		return
	}
	c.log.Error(err, what+"; retrying")
	c.needsTrans.Store(true)
	c.retryAt = time.Now().Add(time.Second)
}
