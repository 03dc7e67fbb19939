package migrate

import (
	"fmt"
	"io"

	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Mode is the form of the rewritten manifests.
type Mode string

// Modes.
const (
	// ModeIngress keeps Ingresses, with spec.ingressClassName set and
	// canonical k8s.apisix.apache.org/* annotations.
	ModeIngress Mode = "ingress"
	// ModeCRD turns Ingresses into ApisixRoute, ApisixUpstream and ApisixTls
	// objects, keeping as Ingress those it cannot express exactly.
	ModeCRD Mode = "crd"
	// ModeGateway turns Ingresses into Gateway API objects: a Gateway (or
	// routes attached to a given one), HTTPRoutes and, for what Gateway API
	// cannot express, ApisixPluginConfigs referenced by ExtensionRef filters.
	ModeGateway Mode = "gateway-api"
)

// ParseMode checks a --to value.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case ModeIngress, ModeCRD, ModeGateway:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown mode %q: use ingress, crd or gateway-api", s)
}

// NginxController is the spec.controller of ingress-nginx's IngressClasses.
const NginxController = "k8s.io/ingress-nginx"

// DefaultFromClass is the class name ingress-nginx serves by default.
const DefaultFromClass = "nginx"

// Options configure a migration.
type Options struct {
	// Mode is the form of the rewritten manifests (default ModeIngress).
	Mode Mode
	// IngressClass is the class the rewritten objects get (default "apisix").
	IngressClass string
	// FromClasses are the class names ingress-nginx serves (default "nginx");
	// IngressClasses whose controller is k8s.io/ingress-nginx are added.
	FromClasses []string
	// IncludeUnclassed migrates Ingresses that name no class, which
	// ingress-nginx serves when its class is the default one.
	IncludeUnclassed bool
	// Namespace is the namespace of objects that name none (default "default").
	Namespace string
	// Gateway is, with ModeGateway, the existing Gateway ("namespace/name")
	// the HTTPRoutes attach to; empty: a Gateway is written (see
	// DefaultGatewayName).
	Gateway string
	// Progress, when set, receives progress lines for large inputs.
	Progress io.Writer
}

func (o Options) withDefaults() Options {
	if o.Mode == "" {
		o.Mode = ModeIngress
	}
	if o.IngressClass == "" {
		o.IngressClass = translator.DefaultIngressClass
	}
	if len(o.FromClasses) == 0 {
		o.FromClasses = []string{DefaultFromClass}
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	return o
}

// progressEvery is how many items pass between two progress lines, and
// progressMin the input size from which progress is shown.
const (
	progressEvery = 2000
	progressMin   = 1000
)

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "migrate: "+format+"\n", args...)
	}
}
