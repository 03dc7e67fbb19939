package translator

// Defaults for Options.
const (
	DefaultControllerName = "apisix.apache.org/apisix-ingress"
	DefaultIngressClass   = "apisix"
	DefaultManagedBy      = "apisix-ingress"
	// DefaultGatewayControllerName is the GatewayClass spec.controllerName
	// served by default: the APISIX ingress controller's, so its users'
	// GatewayClasses apply unchanged.
	DefaultGatewayControllerName = "apisix.apache.org/apisix-ingress-controller"
)

// Options configure a translation.
type Options struct {
	// ControllerName is the spec.controller value of IngressClasses this
	// controller serves.
	ControllerName string
	// IngressClass is the class name served even when no IngressClass object
	// exists (and the legacy kubernetes.io/ingress.class annotation value).
	IngressClass string
	// ExtraIngressClasses are further class names taken over, e.g. "nginx"
	// while migrating from ingress-nginx.
	ExtraIngressClasses []string
	// WatchIngressWithoutClass serves Ingresses without any class when no
	// default IngressClass exists.
	WatchIngressWithoutClass bool
	// ManagedBy is the value of the managed-by label on every emitted object.
	ManagedBy string
	// SkipSecretContents translates without reading Secret data (admission
	// does not need it): TLS and credential Secrets are only checked to exist
	// when present in the snapshot, and referenced ConfigMaps are not required.
	SkipSecretContents bool
	// SSLPassthroughPort is the APISIX stream_proxy TCP port that serves
	// Ingresses with ssl-passthrough; default 9443.
	SSLPassthroughPort int
	// GatewayControllerName is the spec.controllerName of the GatewayClasses
	// this controller serves (default DefaultGatewayControllerName).
	GatewayControllerName string
	// GatewayAddresses are the addresses every Gateway reports in its status:
	// where the data plane is reached (its Service's load balancer, say).
	GatewayAddresses []string
	// GatewayAddressPool, when set (a CIDR), gives each Gateway an address
	// of its own from the pool, and its routes answer only on that address
	// and on their listeners' ports (APISIX's server_addr and server_port):
	// for a data plane that listens on every address of the pool on the
	// listeners' ports itself (host network, tests). Without it, every
	// Gateway shares GatewayAddresses and a listener's port is not matched
	// (APISIX usually listens behind a Service that maps ports).
	GatewayAddressPool string
	// AnnotationCache, when set, keeps parsed annotation sets between
	// translations (see AnnotationCache); the output is the same.
	AnnotationCache *AnnotationCache
}

func (o Options) sslPassthroughPort() int {
	if o.SSLPassthroughPort == 0 {
		return 9443
	}
	return o.SSLPassthroughPort
}

func (o Options) withDefaults() Options {
	if o.ControllerName == "" {
		o.ControllerName = DefaultControllerName
	}
	if o.IngressClass == "" {
		o.IngressClass = DefaultIngressClass
	}
	if o.ManagedBy == "" {
		o.ManagedBy = DefaultManagedBy
	}
	if o.GatewayControllerName == "" {
		o.GatewayControllerName = DefaultGatewayControllerName
	}
	return o
}
