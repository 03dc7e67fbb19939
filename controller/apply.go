package controller

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// abortAfterUnavailable is how many writes must fail with APISIX
// unavailable, none succeeding, before the rest of a sync is put off.
const abortAfterUnavailable = 3

// applyResult is the outcome of one round of writes.
type applyResult struct {
	mu sync.Mutex
	// failed maps a source to the message of its last failed write.
	failed map[translator.ObjectRef]string
	// failedGlobal is the message of a failed global rule write (global
	// rules carry no source labels).
	failedGlobal string
	// pending marks sources with writes not attempted (sync put off).
	pending        map[translator.ObjectRef]bool
	pendingGlobal  bool
	failures       int
	anyUnavailable bool
	aborted        bool
	relist         bool
}

func (r *applyResult) fail(o apisix.Object, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures++
	if ref, ok := refOf(o); ok {
		r.failed[ref] = msg
	} else {
		r.failedGlobal = msg
	}
}

func (r *applyResult) postpone(o apisix.Object) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ref, ok := refOf(o); ok {
		r.pending[ref] = true
	} else {
		r.pendingGlobal = true
	}
}

// phases splits ops (already in Diff's order) into runs of one verb and
// kind: within a phase writes are independent and run concurrently.
func phases(ops []apisix.Op) [][]apisix.Op {
	var out [][]apisix.Op
	for i := 0; i < len(ops); {
		j := i + 1
		for j < len(ops) && ops[j].Verb == ops[i].Verb && ops[j].Kind == ops[i].Kind {
			j++
		}
		out = append(out, ops[i:j])
		i = j
	}
	return out
}

// apply runs ops phase by phase with bounded concurrency. An object in
// backoff is skipped (and reported failed with its last error); an object
// that fails starts or extends its backoff. When APISIX looks down (several
// writes unavailable, none through), the remaining writes are put off.
func (c *Controller) apply(ctx context.Context, ops []apisix.Op) *applyResult {
	res := &applyResult{failed: map[translator.ObjectRef]string{}, pending: map[translator.ObjectRef]bool{}}
	var unavailable, succeeded atomic.Int64
	var left atomic.Int64
	left.Store(int64(len(ops)))
	gauge := c.metrics.queueDepth.WithLabelValues("writes")
	gauge.Set(float64(len(ops)))
	defer gauge.Set(0)
	sem := make(chan struct{}, c.opts.Concurrency)
	for _, phase := range phases(ops) {
		var wg sync.WaitGroup
		for _, op := range phase {
			if ctx.Err() != nil || (unavailable.Load() >= abortAfterUnavailable && succeeded.Load() == 0) {
				res.aborted = ctx.Err() == nil
				res.postpone(op.Object)
				continue
			}
			key := opKey{op.Kind, op.ID}
			if last, blocked := c.backoffs.blocked(key, time.Now()); blocked {
				res.fail(op.Object, "retrying after: "+last.Error())
				continue
			}
			sem <- struct{}{}
			wg.Add(1)
			go func(op apisix.Op) {
				defer wg.Done()
				defer func() { <-sem }()
				err := c.write(ctx, op)
				gauge.Set(float64(left.Add(-1)))
				if err == nil {
					succeeded.Add(1)
					c.backoffs.ok(key)
					return
				}
				if ctx.Err() != nil {
					res.postpone(op.Object)
					return
				}
				c.backoffs.fail(key, time.Now(), err)
				res.fail(op.Object, err.Error())
				res.mu.Lock()
				if apisix.IsRetryable(err) {
					unavailable.Add(1)
					res.anyUnavailable = true
				}
				if needsRelist(op, err) {
					res.relist = true
				}
				res.mu.Unlock()
			}(op)
		}
		wg.Wait()
	}
	return res
}

// needsRelist reports failures that suggest the cached APISIX state is
// wrong: a reference to an object that is not there, or a delete refused
// because something still uses the object.
func needsRelist(op apisix.Op, err error) bool {
	if errors.Is(err, apisix.ErrStillReferenced) {
		return true
	}
	var ae *apisix.APIError
	return op.Verb == apisix.VerbPut && errors.As(err, &ae) && errors.Is(err, apisix.ErrInvalid) &&
		strings.Contains(ae.Message, "failed to fetch")
}

// write makes one Admin API call and records its effect on the cached
// current state.
func (c *Controller) write(ctx context.Context, op apisix.Op) error {
	var err error
	switch op.Verb {
	case apisix.VerbPut:
		var body []byte
		body, err = json.Marshal(op.Object)
		if err == nil {
			_, _, err = c.admin.Put(ctx, op.Kind, op.ID, body)
		}
		switch {
		case err == nil:
			c.current.set(op.Object)
		case outcomeUnknown(err):
			c.current.setUnsure(op.Object)
		}
	case apisix.VerbDelete:
		err = c.admin.Delete(ctx, op.Kind, op.ID, false)
		if errors.Is(err, apisix.ErrNotFound) {
			err = nil
		}
		if err == nil {
			c.current.remove(op.Kind, op.ID)
		}
	}
	c.metrics.adminCalls.WithLabelValues(string(op.Verb), string(op.Kind), resultLabel(err)).Inc()
	return err
}

// outcomeUnknown reports whether a write that failed with err may still
// have been stored: APISIX answered 5xx (its etcd write may have gone
// through, as when etcd times out), or no answer came at all (connection
// reset, timeout, cancellation after the request was sent). A 4xx answer is
// a refusal: nothing was stored.
func outcomeUnknown(err error) bool {
	var ae *apisix.APIError
	if errors.As(err, &ae) {
		return ae.Status >= 500
	}
	return true
}

// resultLabel classifies an Admin API outcome for metrics.
func resultLabel(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case errors.Is(err, apisix.ErrUnavailable):
		return "unavailable"
	case errors.Is(err, apisix.ErrStillReferenced):
		return "still_referenced"
	case errors.Is(err, apisix.ErrInvalid):
		return "invalid"
	case errors.Is(err, apisix.ErrUnauthorized):
		return "unauthorized"
	case errors.Is(err, apisix.ErrNotFound):
		return "not_found"
	}
	return "error"
}
