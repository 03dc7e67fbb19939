package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
)

// Errors of the schema cache.
var (
	errUnknownPlugin = errors.New("unknown plugin")
	errUnreachable   = errors.New("APISIX unreachable")
	errNotLoaded     = errors.New("plugin schemas not loaded yet")
)

// schemaCache holds the plugin schemas APISIX serves. They are fetched in
// the background (refresh, which Setup runs at start and then every
// Options.SchemaRefresh); an admission only reads what the last successful
// refresh loaded, so no admission waits for APISIX or depends on it. A
// failed refresh keeps the schemas loaded before.
type schemaCache struct {
	client  *apisix.Client
	timeout time.Duration

	set    atomic.Pointer[schemaSet]
	failed atomic.Bool // the last refresh failed
	tried  atomic.Bool // a refresh has ended
	mu     sync.Mutex  // one refresh at a time
}

// schemaSet is the plugins APISIX runs, as one refresh found them.
type schemaSet struct {
	schemas map[string]*schema.Schemas
	broken  map[string]error // plugins whose schema does not compile
}

func newSchemaCache(o Options) *schemaCache {
	return &schemaCache{client: o.APISIX, timeout: o.APISIXTimeout}
}

// get returns the compiled schema of plugin name, or errUnknownPlugin,
// errUnreachable or errNotLoaded (no schemas loaded: the last refresh
// failed, or none has ended yet), or the plugin's compilation error.
func (c *schemaCache) get(name string) (*schema.Schemas, error) {
	s := c.set.Load()
	switch {
	case s == nil && c.failed.Load():
		return nil, errUnreachable
	case s == nil:
		return nil, errNotLoaded
	}
	if err, ok := s.broken[name]; ok {
		return nil, err
	}
	sch, ok := s.schemas[name]
	if !ok {
		return nil, errUnknownPlugin
	}
	return sch, nil
}

// refresh fetches the list of plugins APISIX runs and the schema of each,
// each call bounded by the APISIX timeout, and replaces the cached set.
func (c *schemaCache) refresh(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.tried.Store(true)
	s, err := c.fetch(ctx)
	if err != nil {
		c.failed.Store(true)
		return fmt.Errorf("webhook: fetching plugin schemas from APISIX: %w", err)
	}
	c.set.Store(s)
	c.failed.Store(false)
	return nil
}

// count is the number of plugin schemas loaded.
func (c *schemaCache) count() int {
	if s := c.set.Load(); s != nil {
		return len(s.schemas)
	}
	return 0
}

func (c *schemaCache) fetch(ctx context.Context) (*schemaSet, error) {
	call := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, c.timeout) }
	cctx, cancel := call()
	names, err := c.client.PluginList(cctx)
	cancel()
	if err != nil {
		return nil, err
	}
	s := &schemaSet{schemas: map[string]*schema.Schemas{}, broken: map[string]error{}}
	for _, name := range names {
		cctx, cancel := call()
		raw, err := c.client.PluginSchema(cctx, name)
		cancel()
		switch {
		case errors.Is(err, apisix.ErrNotFound):
			continue // listed but not served: unknown
		case err != nil:
			return nil, err
		}
		sch, err := schema.CompilePlugin(name, raw)
		if err != nil {
			s.broken[name] = err
			continue
		}
		s.schemas[name] = sch
	}
	return s, nil
}

// schemaRefresher is the manager runnable that refreshes a schemaCache at
// start, then every interval (every retry after a failure), on every
// replica (the webhook is not leader-elected).
type schemaRefresher struct {
	cache           *schemaCache
	interval, retry time.Duration
	opts            Options
}

// NeedLeaderElection implements manager.LeaderElectionRunnable.
func (r *schemaRefresher) NeedLeaderElection() bool { return false }

// Start implements manager.Runnable: it refreshes until ctx ends.
func (r *schemaRefresher) Start(ctx context.Context) error {
	for {
		wait := r.interval
		if err := r.cache.refresh(ctx); err != nil {
			wait = r.retry
			if ctx.Err() == nil {
				r.opts.Logger.Warn("plugin schemas not refreshed from APISIX", "error", err, "loaded", r.cache.count(), "retry", wait)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// RefreshSchemas fetches the plugin schemas from Options.APISIX once (a
// no-op without it), for callers without the background refresher of
// Setup, such as the validate command.
func (v *Validator) RefreshSchemas(ctx context.Context) error {
	if v.plugins.remote == nil {
		return nil
	}
	return v.plugins.remote.refresh(ctx)
}

// schemaRefresher returns the runnable refreshing v's plugin schemas, or
// nil without Options.APISIX.
func (v *Validator) schemaRefresher() *schemaRefresher {
	if v.plugins.remote == nil {
		return nil
	}
	return &schemaRefresher{cache: v.plugins.remote, interval: v.opts.SchemaRefresh, retry: v.opts.APISIXBackoff, opts: v.opts}
}

// ready is the readiness check of the webhook with a schema refresher: not
// ready until the first refresh has ended, so that the first admissions
// are not left unchecked by a start-up race. A refresh that failed counts:
// the webhook then serves without APISIX's schemas.
func (c *schemaCache) ready(*http.Request) error {
	if !c.tried.Load() {
		return errNotLoaded
	}
	return nil
}
