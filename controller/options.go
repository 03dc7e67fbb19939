package controller

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Defaults applied to zero Options fields.
const (
	DefaultResyncPeriod        = 10 * time.Minute
	DefaultDebounce            = 20 * time.Millisecond
	DefaultMaxDebounce         = 500 * time.Millisecond
	DefaultConcurrency         = 16
	DefaultStatusWorkers       = 4
	DefaultRetryBackoffInitial = 200 * time.Millisecond
	DefaultRetryBackoffMax     = 30 * time.Second
	DefaultLeaderElectionID    = "apisix-ingress-controller-leader"
)

// SecretKeyRef names one key of a Secret.
type SecretKeyRef struct {
	Namespace string
	Name      string
	Key       string // default "key"
}

// Options configure the controller. Only AdminURLs (or AdminClient) is
// required.
type Options struct {
	// AdminURLs are the Admin API endpoints (several for failover), http or
	// https.
	AdminURLs []string
	// AdminKey is the Admin API key itself. Prefer AdminKeyFile or
	// AdminKeySecret; the key is never logged.
	AdminKey string
	// AdminKeyFile is a file holding the key (surrounding whitespace trimmed).
	AdminKeyFile string
	// AdminKeySecret is a Secret key holding the key, read once at Setup.
	AdminKeySecret *SecretKeyRef
	// AdminCABundle is a PEM bundle trusted for https endpoints.
	AdminCABundle []byte
	// AdminTimeout bounds each Admin API attempt (default apisix.DefaultTimeout).
	AdminTimeout time.Duration
	// AdminClient, when set, is used instead of building one from the fields
	// above (tests).
	AdminClient *apisix.Client

	// Translator configures the translation (controller and IngressClass
	// names, ManagedBy label value).
	Translator translator.Options
	// Defaults normalises objects for the diff; nil means apisix.CoreDefaults.
	// A *schema.Schemas also covers plugin defaults.
	Defaults apisix.Defaulter
	// OwnsGlobalRule decides whether a global rule (no labels in APISIX) is
	// owned. Default: translator.OwnsGlobalRule (the id format of the
	// translator's global rules for this ManagedBy value).
	OwnsGlobalRule func(id string) bool

	// GatewayAPI says whether the Gateway API kinds are watched (default:
	// when the cluster serves them; see kubekinds.Served).
	GatewayAPI kubekinds.GatewayAPI

	// Namespaces limits the watched namespaces; empty means all. Used by
	// ManagerOptions.
	Namespaces []string
	// ResyncPeriod is the period of the full resync (re-list APISIX, repair
	// drift, delete orphans). Default DefaultResyncPeriod; negative disables.
	ResyncPeriod time.Duration
	// Debounce is the quiet period that coalesces events; MaxDebounce bounds
	// the wait under continuous churn.
	Debounce    time.Duration
	MaxDebounce time.Duration
	// Concurrency bounds concurrent Admin API writes.
	Concurrency int
	// RetryBackoffInitial and RetryBackoffMax bound the per-object backoff
	// after a failed write.
	RetryBackoffInitial time.Duration
	RetryBackoffMax     time.Duration

	// IngressStatusAddresses are written to status.loadBalancer.ingress of
	// every Ingress served (IPs as ip, others as hostname). Empty leaves
	// Ingress status alone.
	IngressStatusAddresses []string
	// StatusWorkers bounds concurrent status writes.
	StatusWorkers int
	// DisableStatus turns status and event writing off.
	DisableStatus bool

	// MetricsRegisterer receives the metrics; nil means controller-runtime's
	// registry. A collector already registered there is reused.
	MetricsRegisterer prometheus.Registerer
	// Name names the event source, the logger and the leader-election lock
	// default. Default "apisix-ingress-controller".
	Name string
}

func (o Options) withDefaults() Options {
	if o.ResyncPeriod == 0 {
		o.ResyncPeriod = DefaultResyncPeriod
	}
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	if o.MaxDebounce < o.Debounce {
		o.MaxDebounce = max(DefaultMaxDebounce, o.Debounce)
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.StatusWorkers <= 0 {
		o.StatusWorkers = DefaultStatusWorkers
	}
	if o.RetryBackoffInitial <= 0 {
		o.RetryBackoffInitial = DefaultRetryBackoffInitial
	}
	if o.RetryBackoffMax < o.RetryBackoffInitial {
		o.RetryBackoffMax = max(DefaultRetryBackoffMax, o.RetryBackoffInitial)
	}
	if o.Translator.ManagedBy == "" {
		o.Translator.ManagedBy = translator.DefaultManagedBy
	}
	if o.Defaults == nil {
		o.Defaults = apisix.CoreDefaults{}
	}
	if _, ok := o.Defaults.(repeatedDefaults); !ok {
		o.Defaults = repeatedDefaults{o.Defaults}
	}
	if o.OwnsGlobalRule == nil {
		tr := o.Translator
		o.OwnsGlobalRule = func(id string) bool { return translator.OwnsGlobalRule(tr, id) }
	}
	if o.Name == "" {
		o.Name = "apisix-ingress-controller"
	}
	return o
}

func (o Options) validate() error {
	if o.AdminClient == nil && len(o.AdminURLs) == 0 {
		return errors.New("controller: at least one Admin API URL is required")
	}
	n := 0
	for _, set := range []bool{o.AdminKey != "", o.AdminKeyFile != "", o.AdminKeySecret != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("controller: set at most one of AdminKey, AdminKeyFile and AdminKeySecret")
	}
	return nil
}
