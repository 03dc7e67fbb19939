package webhook

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// guard bounds what one admission may cost before it reaches a handler:
// the body size (checked before decoding), the number of admissions in
// flight, and the time (a deadline below the API server's own timeout).
type guard struct {
	sem      chan struct{}
	maxBody  int64
	deadline time.Duration
}

func newGuard(o Options) *guard {
	return &guard{sem: make(chan struct{}, o.MaxInFlight), maxBody: o.MaxBodyBytes, deadline: o.Deadline}
}

func (g *guard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "admission reviews are POSTed", http.StatusMethodNotAllowed)
			return
		}
		if r.ContentLength > g.maxBody {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, g.maxBody)
		ctx, cancel := context.WithTimeout(r.Context(), g.deadlineFor(r))
		defer cancel()
		select {
		case g.sem <- struct{}{}:
			defer func() { <-g.sem }()
		case <-ctx.Done():
			http.Error(w, "too many admissions in flight", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// deadlineFor is the configured deadline, or less when the API server's
// ?timeout= leaves less: half of it, to answer before it gives up.
func (g *guard) deadlineFor(r *http.Request) time.Duration {
	d := g.deadline
	if t := r.URL.Query().Get("timeout"); t != "" {
		if !strings.ContainsAny(t, "smh") {
			t += "s"
		}
		if api, err := time.ParseDuration(t); err == nil && api > 0 && api/2 < d {
			d = api / 2
		}
	}
	return d
}
