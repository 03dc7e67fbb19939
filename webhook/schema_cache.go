package webhook

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
)

// Errors of the schema cache.
var (
	errUnknownPlugin = errors.New("unknown plugin")
	errUnreachable   = errors.New("APISIX unreachable")
)

// schemaCache holds plugin schemas fetched from APISIX. An entry is used
// for ttl and then fetched again on demand; a failed refresh keeps the old
// schema. After APISIX could not be reached it is not asked again for
// backoff, so an outage costs one timeout, not one per admission.
type schemaCache struct {
	client  *apisix.Client
	timeout time.Duration
	ttl     time.Duration
	backoff time.Duration
	now     func() time.Time

	mu        sync.Mutex
	entries   map[string]schemaEntry
	downUntil time.Time
}

type schemaEntry struct {
	sch     *schema.Schemas // nil: the plugin is unknown to APISIX
	expires time.Time
}

func newSchemaCache(o Options) *schemaCache {
	return &schemaCache{
		client: o.APISIX, timeout: o.APISIXTimeout, ttl: o.SchemaTTL, backoff: o.APISIXBackoff, now: o.Now,
		entries: map[string]schemaEntry{},
	}
}

// get returns the compiled schema of plugin name, errUnknownPlugin, or
// errUnreachable (with no schema cached).
func (c *schemaCache) get(ctx context.Context, name string) (*schema.Schemas, error) {
	now := c.now()
	c.mu.Lock()
	e, cached := c.entries[name]
	down := now.Before(c.downUntil)
	c.mu.Unlock()
	if cached && (now.Before(e.expires) || down) {
		return e.result()
	}
	if down {
		return nil, errUnreachable
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	raw, err := c.client.PluginSchema(ctx, name)
	switch {
	case errors.Is(err, apisix.ErrNotFound):
		c.store(name, schemaEntry{expires: now.Add(DefaultNegativeTTL)})
		return nil, errUnknownPlugin
	case err != nil:
		c.markDown(now)
		if cached {
			return e.result()
		}
		return nil, errUnreachable
	}
	sch, err := schema.CompilePlugin(name, raw)
	if err != nil {
		return nil, err
	}
	c.store(name, schemaEntry{sch: sch, expires: now.Add(c.ttl)})
	return sch, nil
}

func (e schemaEntry) result() (*schema.Schemas, error) {
	if e.sch == nil {
		return nil, errUnknownPlugin
	}
	return e.sch, nil
}

func (c *schemaCache) store(name string, e schemaEntry) {
	c.mu.Lock()
	c.entries[name] = e
	c.mu.Unlock()
}

func (c *schemaCache) markDown(now time.Time) {
	c.mu.Lock()
	c.downUntil = now.Add(c.backoff)
	c.mu.Unlock()
}

// isDown reports whether APISIX is in its backoff after a failure.
func (c *schemaCache) isDown() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Before(c.downUntil)
}
