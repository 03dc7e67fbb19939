package controller

import (
	"context"
	"strconv"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// statusRetryDelay is the wait before a failed status write is retried.
const statusRetryDelay = time.Second

// statusUpdate is a decided status for one cached source object.
type statusUpdate struct {
	desired desiredStatus
	obj     client.Object // from the cache: read-only
}

func (u statusUpdate) key(lb []string) string {
	k := string(u.obj.GetUID()) + "\x00" + strconv.FormatInt(u.desired.generation, 10) + "\x00" + u.desired.fingerprint()
	for _, a := range lb {
		k += "\x00" + a
	}
	return k
}

// writtenEntry remembers what was last written (or found) for a source.
type writtenEntry struct {
	key   string
	round int
}

// statusWriter writes statuses and events asynchronously, latest decision
// wins, so slow API calls never hold the sync loop. It writes only what
// changed: a decision equal to the last one written, or (after a restart or
// failover) to what the object already shows, is dropped.
type statusWriter struct {
	c *Controller

	mu      sync.Mutex
	pending map[translator.ObjectRef]statusUpdate
	written map[translator.ObjectRef]writtenEntry
	evented map[translator.ObjectRef]string
	round   int
	wake    chan struct{}
	takes   int // calls of take, for tests: an idle writer makes none
}

func newStatusWriter(c *Controller) *statusWriter {
	return &statusWriter{
		c:       c,
		pending: map[translator.ObjectRef]statusUpdate{},
		written: map[translator.ObjectRef]writtenEntry{},
		evented: map[translator.ObjectRef]string{},
		wake:    make(chan struct{}, 1),
	}
}

// post queues the updates that change something.
func (w *statusWriter) post(updates []statusUpdate) {
	lb := w.c.opts.IngressStatusAddresses
	w.mu.Lock()
	w.round++
	for _, u := range updates {
		ref := u.desired.ref
		key := u.key(lb)
		if e, ok := w.written[ref]; ok {
			w.written[ref] = writtenEntry{e.key, w.round}
			if e.key == key {
				delete(w.pending, ref)
				continue
			}
		} else if shows(u.obj, u.desired, lb, w.c.gatewayControllerName()) {
			w.written[ref] = writtenEntry{key, w.round}
			continue
		}
		w.pending[ref] = u
	}
	for ref, e := range w.written {
		if w.round-e.round > 2 {
			delete(w.written, ref)
			delete(w.evented, ref)
		}
	}
	n := len(w.pending)
	w.mu.Unlock()
	w.c.metrics.queueDepth.WithLabelValues("status").Set(float64(n))
	w.signal()
}

func (w *statusWriter) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run writes pending statuses with StatusWorkers workers until ctx ends.
func (w *statusWriter) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range w.c.opts.StatusWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				u, ok, more := w.take()
				if !ok {
					// Nothing pending: block until post adds something.
					// The wake is never passed on from here: with
					// nothing to do, passing it would keep the workers
					// waking each other forever.
					select {
					case <-ctx.Done():
						return
					case <-w.wake:
						continue
					}
				}
				if more {
					w.signal() // let another worker take the rest
				}
				if ctx.Err() != nil {
					return
				}
				w.write(ctx, u)
			}
		}()
	}
	wg.Wait()
	// A new leadership term starts from what objects show.
	w.mu.Lock()
	clear(w.pending)
	clear(w.written)
	clear(w.evented)
	w.mu.Unlock()
}

// take removes one pending update; more reports whether others remain.
func (w *statusWriter) take() (u statusUpdate, ok, more bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.takes++
	if len(w.pending) == 0 {
		return statusUpdate{}, false, false
	}
	for ref, u := range w.pending {
		delete(w.pending, ref)
		w.c.metrics.queueDepth.WithLabelValues("status").Set(float64(len(w.pending)))
		return u, true, len(w.pending) > 0
	}
	return statusUpdate{}, false, false
}

// write patches one status and emits the event of a new failure.
func (w *statusWriter) write(ctx context.Context, u statusUpdate) {
	lb := w.c.opts.IngressStatusAddresses
	err := w.c.patchStatus(ctx, u.obj, u.desired, lb)
	ref := u.desired.ref
	if err != nil {
		if apierrors.IsNotFound(err) || ctx.Err() != nil {
			return
		}
		w.c.log.Error(err, "writing status; retrying", "object", ref.String())
		time.AfterFunc(statusRetryDelay, func() {
			w.mu.Lock()
			if _, newer := w.pending[ref]; !newer {
				w.pending[ref] = u
			}
			w.mu.Unlock()
			w.signal()
		})
		return
	}
	key := u.key(lb)
	w.mu.Lock()
	w.written[ref] = writtenEntry{key, w.round}
	fire := false
	if f, failed := u.desired.failure(); failed && w.evented[ref] != key {
		w.evented[ref] = key
		fire = w.c.recorder != nil
		defer func() {
			if fire {
				w.c.recorder.Eventf(u.obj, nil, corev1.EventTypeWarning, f.reason, "Sync", "%s", f.message)
			}
		}()
	}
	w.mu.Unlock()
}
