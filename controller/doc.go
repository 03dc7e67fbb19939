// Package controller is the thin edge between Kubernetes and APISIX: it
// watches the cluster, feeds snapshots through the pure translator, diffs the
// result against what APISIX holds and makes only the Admin API calls that
// change something. No reloads; pod IPs (from EndpointSlices) are upstream
// nodes.
//
// # API for serve
//
//	scheme := controller.NewScheme()
//	mopts := controller.ManagerOptions(opts)          // scheme, cache (namespaces, trimmed objects, Secret metadata)
//	mopts.LeaderElection = true                        // serve adds probes, metrics, lease timings
//	mgr, err := ctrl.NewManager(cfg, mopts)
//	c, err := controller.Setup(mgr, opts)              // registers watches, runnables, /healthz and /readyz checks
//	err = mgr.Start(ctx)
//
// Setup adds the "apisix-sync" readiness check (ready after the first full
// sync as leader, or after the first warm translation as a standby) and a
// liveness check that fails if the sync loop died. ReadyCheck and
// HealthCheck are exported for callers that serve probes themselves.
//
// The Admin API key comes from Options.AdminKey, Options.AdminKeyFile or
// Options.AdminKeySecret (read once at Setup through the manager's API
// reader); it is only ever sent as the X-API-KEY header and is never logged.
//
// # How it works
//
// Every relevant watch event records which object changed (its kind,
// namespace and name) and marks the state dirty. One loop waits for a quiet
// period (Options.Debounce, bounded by Options.MaxDebounce), reads from the
// informer cache only the objects the events named (finding deleted ones
// gone) and gives them to the incremental translator; the first batch and
// each periodic resync translate a snapshot of the whole cache instead.
// When this replica is the leader, it diffs the desired state against
// the owned APISIX state held in memory (listed once when leadership starts
// and again every Options.ResyncPeriod, which repairs drift and deletes
// orphans). The ordered ops run phase by phase (kind and verb) with
// Options.Concurrency workers; a failed object is retried with its own
// exponential backoff without holding back the others. Because the current
// state is cached, an EndpointSlice change produces one upstream PUT.
//
// Ownership: objects whose labels carry managed-by = the translator's
// ManagedBy value, and global rules (which have no labels in APISIX) whose id
// satisfies Options.OwnsGlobalRule (default: the translator's "agr-" id
// prefix). Nothing else is ever deleted. Sources the translator withholds
// because of errors (Result.Failed) keep what APISIX already serves for them.
//
// Secrets and ConfigMaps are not cached: the cache holds their metadata only
// (without annotations, which may carry a copy of the data), and the ones
// that objects reference (Secrets: TLS, credentials; ConfigMaps: the
// custom-headers and auth-proxy-set-headers Ingress annotations) are fetched
// with the API reader and kept, keyed by reference, until their
// resourceVersion changes. Events about Secrets and ConfigMaps nothing
// references do not trigger a translation.
//
// Status (leader only, written asynchronously and only when it changes): on
// the apisix.apache.org/v2 kinds, conditions Accepted (translation) and
// Synced (APISIX accepted every object) with observedGeneration and a message
// naming the fields at fault; on Ingresses, status.loadBalancer from
// Options.IngressStatusAddresses. A Warning event accompanies each new
// failure.
//
// HA: the loop runs on every replica, so a standby keeps its caches and its
// translation warm; only the leader lists or writes APISIX and writes status.
// Writes use a context that ends as soon as the manager stops, which it does
// when the lease is lost.
//
// Metrics (controller-runtime's registry): apisix_ingress_sync_duration_seconds,
// apisix_ingress_translate_duration_seconds, apisix_ingress_admin_api_requests_total
// {verb,kind,result}, apisix_ingress_sources{kind,state},
// apisix_ingress_apisix_objects{kind}, apisix_ingress_queue_depth{queue}.
package controller
