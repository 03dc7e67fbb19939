package controller

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	toolscache "k8s.io/client-go/tools/cache"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/recorder"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Controller syncs the cluster to APISIX. Create it with Setup.
type Controller struct {
	opts       Options
	kinds      []translator.SnapshotKind // the kinds watched (see kubekinds.Served)
	log        logr.Logger
	cache      cache.Cache
	client     client.Client
	admin      *apisix.Client
	recorder   recorder.EventRecorder
	metrics    *metrics
	secrets    *refStore[corev1.Secret, *corev1.Secret]
	configMaps *refStore[corev1.ConfigMap, *corev1.ConfigMap]
	backoffs   *backoffs
	status     *statusWriter

	dirty      chan struct{} // capacity 1: "something changed"
	wake       chan struct{} // capacity 1: leadership or resync request
	needsTrans atomic.Bool   // the snapshot must be rebuilt
	eventCount atomic.Int64  // events since the last translation
	events     eventLog      // the objects events named since the last translation
	handlers   []toolscache.ResourceEventHandlerRegistration
	forceList  atomic.Bool // re-list APISIX before the next diff

	leaderMu  sync.Mutex
	leaderCtx context.Context // non-nil while leader

	// Loop-owned state.
	current    *currentState
	feed       feed                 // the incremental translation
	synced     objIndex             // the translation as of the last sync (see changed)
	retry      map[opKey]bool       // the writes of the last sync, diffed again
	translated bool                 // a snapshot was translated
	changes    []*translator.Change // the translation's changes since the last sync
	tracked    *statusTrack         // the statuses as of the last sync (see sync)
	refs       *refIndex            // the Secrets and ConfigMaps the sources reference
	retryAt    time.Time
	listFails  int

	ready        atomic.Bool // first full sync done as leader
	standbyReady atomic.Bool // first translation done
	loopRunning  atomic.Bool
	stats        Stats
}

// Setup builds the controller, registers its watches and runnables with mgr
// and adds the "apisix-sync" health and readiness checks. The Admin API key
// is read here (from a Secret through mgr.GetAPIReader when so configured).
func Setup(mgr manager.Manager, opts Options) (*Controller, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	ctx := context.Background()
	admin, err := newAdminClient(ctx, mgr.GetAPIReader(), opts)
	if err != nil {
		return nil, err
	}
	m, err := newMetrics(opts.MetricsRegisterer)
	if err != nil {
		return nil, fmt.Errorf("controller: registering metrics: %w", err)
	}
	kinds, err := kubekinds.Served(mgr.GetRESTMapper(), opts.GatewayAPI)
	if err != nil {
		return nil, fmt.Errorf("controller: %w", err)
	}
	c := &Controller{
		opts:       opts,
		kinds:      kinds,
		log:        mgr.GetLogger().WithName(opts.Name),
		cache:      mgr.GetCache(),
		client:     mgr.GetClient(),
		admin:      admin,
		feed:       feed{opts: opts.Translator},
		metrics:    m,
		secrets:    newRefStore[corev1.Secret](translator.KindSecret, mgr.GetCache(), mgr.GetAPIReader(), opts.Namespaces),
		configMaps: newRefStore[corev1.ConfigMap](translator.KindConfigMap, mgr.GetCache(), mgr.GetAPIReader(), opts.Namespaces),
		backoffs:   newBackoffs(opts.RetryBackoffInitial, opts.RetryBackoffMax),
		dirty:      make(chan struct{}, 1),
		wake:       make(chan struct{}, 1),
	}
	if !opts.DisableStatus {
		c.recorder = mgr.GetEventRecorder(opts.Name)
	}
	c.status = newStatusWriter(c)
	c.needsTrans.Store(true)
	if err := c.watch(ctx); err != nil {
		return nil, err
	}
	if err := mgr.Add(&loopRunnable{c}); err != nil {
		return nil, err
	}
	if err := mgr.Add(&leaderRunnable{c}); err != nil {
		return nil, err
	}
	if err := mgr.AddHealthzCheck("apisix-sync", c.HealthCheck); err != nil {
		return nil, err
	}
	if err := mgr.AddReadyzCheck("apisix-sync", c.ReadyCheck); err != nil {
		return nil, err
	}
	return c, nil
}

// loopRunnable runs the sync loop on every replica (standbys translate).
type loopRunnable struct{ c *Controller }

func (r *loopRunnable) Start(ctx context.Context) error { return r.c.run(ctx) }
func (r *loopRunnable) NeedLeaderElection() bool        { return false }

// leaderRunnable marks this replica as the leader while it runs, and runs
// the status writer.
type leaderRunnable struct{ c *Controller }

func (r *leaderRunnable) NeedLeaderElection() bool { return true }

func (r *leaderRunnable) Start(ctx context.Context) error {
	c := r.c
	c.log.Info("became leader; syncing to APISIX")
	c.setLeader(ctx)
	defer c.setLeader(nil)
	done := make(chan struct{})
	go func() { defer close(done); c.status.run(ctx) }()
	c.poke()
	<-ctx.Done()
	<-done
	return nil
}

func (c *Controller) setLeader(ctx context.Context) {
	c.leaderMu.Lock()
	c.leaderCtx = ctx
	c.leaderMu.Unlock()
	if ctx == nil {
		c.ready.Store(false)
	}
}

// leader returns the leadership context, nil when not leading.
func (c *Controller) leader() context.Context {
	c.leaderMu.Lock()
	defer c.leaderMu.Unlock()
	if c.leaderCtx != nil && c.leaderCtx.Err() != nil {
		return nil
	}
	return c.leaderCtx
}

// IsLeader reports whether this replica currently writes to APISIX.
func (c *Controller) IsLeader() bool { return c.leader() != nil }

// markDirty records a change of the object ref names; the loop coalesces
// them.
func (c *Controller) markDirty(ref translator.ObjectRef) {
	c.events.add(ref)
	c.needsTrans.Store(true)
	c.metrics.queueDepth.WithLabelValues("events").Set(float64(c.eventCount.Add(1)))
	select {
	case c.dirty <- struct{}{}:
	default:
	}
}

// poke wakes the loop without a change (leadership, retry, resync).
func (c *Controller) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Resync makes the next sync re-list APISIX (drift repair and garbage
// collection) and triggers it now.
func (c *Controller) Resync() {
	c.forceList.Store(true)
	c.poke()
}
