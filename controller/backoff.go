package controller

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// transientBackoffMax caps the per-object backoff after a transient failure
// (5xx, connection error), so that objects follow quickly when APISIX comes
// back.
const transientBackoffMax = 5 * time.Second

// opKey identifies the target of a write.
type opKey struct {
	kind apisix.Kind
	id   string
}

// objectBackoff is the retry state of one object.
type objectBackoff struct {
	failures int
	until    time.Time
	err      error
}

// backoffs tracks per-object retry delays after failed writes. Safe for
// concurrent use.
type backoffs struct {
	mu      sync.Mutex
	m       map[opKey]*objectBackoff
	initial time.Duration
	max     time.Duration
}

func newBackoffs(initial, max time.Duration) *backoffs {
	return &backoffs{m: map[opKey]*objectBackoff{}, initial: initial, max: max}
}

// blocked returns the last error of k while its backoff runs.
func (b *backoffs) blocked(k opKey, now time.Time) (error, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.m[k]; ok && now.Before(s.until) {
		return s.err, true
	}
	return nil, false
}

// fail records a failure of k and starts its next backoff: exponential with
// jitter between half and all of the step.
func (b *backoffs) fail(k opKey, now time.Time, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.m[k]
	if s == nil {
		s = &objectBackoff{}
		b.m[k] = s
	}
	s.failures++
	ceil := b.max
	if apisix.IsRetryable(err) {
		ceil = min(ceil, transientBackoffMax)
	}
	d := b.initial
	for i := 1; i < s.failures && d < ceil; i++ {
		d *= 2
	}
	d = min(d, ceil)
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	s.until, s.err = now.Add(d), err
}

// ok forgets k's failures.
func (b *backoffs) ok(k opKey) {
	b.mu.Lock()
	delete(b.m, k)
	b.mu.Unlock()
}

// retain drops the state of objects no longer written, and returns when the
// earliest remaining backoff ends (zero when none).
func (b *backoffs) retain(keep map[opKey]bool) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	var next time.Time
	for k, s := range b.m {
		if !keep[k] {
			delete(b.m, k)
			continue
		}
		if next.IsZero() || s.until.Before(next) {
			next = s.until
		}
	}
	return next
}
