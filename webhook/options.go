package webhook

import (
	"crypto/tls"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// Defaults of Options.
const (
	DefaultDeadline        = 3 * time.Second
	DefaultAPISIXTimeout   = time.Second
	DefaultMaxInFlight     = 64
	DefaultMaxBodyBytes    = 3 << 20
	DefaultSchemaRefresh   = time.Minute
	DefaultAPISIXBackoff   = 10 * time.Second
	DefaultPolicyLabel     = annotations.PolicyLabel
	DefaultMaxWarningChars = 120
)

// Options configure the webhook and the validator.
type Options struct {
	// Translator are the options of the translation (classes served).
	// SkipSecretContents is always set: admission never reads Secret data.
	// Without an AnnotationCache, NewValidator gives the Validator one of
	// its own (`serve` shares the controller's).
	Translator translator.Options
	// GatewayAPI says whether the Gateway API kinds are read (default: when
	// the cluster serves them; see kubekinds.Served).
	GatewayAPI kubekinds.GatewayAPI
	// Policy is the cluster-wide legacy annotation policy; default convert.
	Policy Policy
	// PolicyLabel is the Namespace label that overrides Policy for the
	// objects of that namespace; default DefaultPolicyLabel.
	PolicyLabel string
	// RewriteValues rewrites annotation values written in an accepted but
	// non-canonical form to their canonical form (off by default: GitOps
	// tools would see drift).
	RewriteValues bool

	// Schemas, when set, checks user plugin configurations locally (the
	// --schemas DIR of the command line) instead of the schemas of APISIX.
	Schemas *schema.Schemas
	// APISIX, when set, is where plugin schemas are fetched from, in the
	// background: Setup fetches them at start and every SchemaRefresh
	// (Validator.RefreshSchemas fetches them once). Admissions read the
	// schemas last fetched and never call APISIX; before any are, a plugin
	// the project does not model is admitted with a "not checked" warning.
	APISIX *apisix.Client
	// APISIXTimeout bounds each call to APISIX; default DefaultAPISIXTimeout.
	APISIXTimeout time.Duration
	// APISIXBackoff is how long to wait before trying again after APISIX
	// could not be reached; default DefaultAPISIXBackoff.
	APISIXBackoff time.Duration
	// SchemaRefresh is how often the plugin schemas are fetched again (a
	// failed refresh keeps the schemas fetched before); default
	// DefaultSchemaRefresh.
	SchemaRefresh time.Duration
	// ConfigsValidate also asks APISIX to check the translated objects with
	// POST /apisix/admin/configs/validate during validation: a network call
	// per object, for the offline validate command (--apisix-admin-url)
	// only. Setup refuses it: admission never calls APISIX.
	ConfigsValidate bool

	// Deadline bounds one admission; keep it well below the webhook
	// configuration's timeoutSeconds. Default DefaultDeadline; the API
	// server's own ?timeout= is honoured when shorter.
	Deadline time.Duration
	// MaxInFlight bounds concurrent admissions; default DefaultMaxInFlight.
	MaxInFlight int
	// MaxBodyBytes caps a request body before decoding; default
	// DefaultMaxBodyBytes (3 MiB).
	MaxBodyBytes int64

	// Registerer receives the metrics; default controller-runtime's
	// metrics.Registry. Collectors already registered are reused.
	Registerer prometheus.Registerer
	// Logger; nil discards.
	Logger *slog.Logger
	// Now is the clock of the configs/validate backoff; default time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	o.Translator.SkipSecretContents = true
	if o.Translator.IngressClass == "" {
		o.Translator.IngressClass = translator.DefaultIngressClass
	}
	if o.Translator.ControllerName == "" {
		o.Translator.ControllerName = translator.DefaultControllerName
	}
	if o.Policy == "" {
		o.Policy = PolicyConvert
	}
	if o.PolicyLabel == "" {
		o.PolicyLabel = DefaultPolicyLabel
	}
	if o.APISIXTimeout <= 0 {
		o.APISIXTimeout = DefaultAPISIXTimeout
	}
	if o.APISIXBackoff <= 0 {
		o.APISIXBackoff = DefaultAPISIXBackoff
	}
	if o.SchemaRefresh <= 0 {
		o.SchemaRefresh = DefaultSchemaRefresh
	}
	if o.Deadline <= 0 {
		o.Deadline = DefaultDeadline
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// TLSOptions are the TLS settings the webhook server must use: TLS 1.2 or
// later, and HTTP/1.1 only (HTTP/2 rapid-reset exposure is not worth it for
// one request per connection). Pass them as webhook.Options.TLSOpts.
func TLSOptions() []func(*tls.Config) {
	return []func(*tls.Config){func(c *tls.Config) {
		c.MinVersion = tls.VersionTLS12
		c.NextProtos = []string{"http/1.1"}
	}}
}
