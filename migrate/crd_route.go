package migrate

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// The ApisixRoute CRD's patterns for paths and hosts.
var (
	crdPathRE = regexp.MustCompile(`^/[^*]*\*?$`)
	crdHostRE = regexp.MustCompile(`^\*?[0-9a-zA-Z-._]+$`)
	ruleBadRE = regexp.MustCompile(`[^a-zA-Z0-9.]+`)
)

// backendRef is the Service port an Ingress upstream sends to.
type backendRef struct {
	svc  string
	port intstr.IntOrString
}

// svcSettings are the upstream settings an ApisixUpstream must carry for an
// Ingress upstream to translate the same.
type svcSettings struct {
	lbType, hashOn, key, scheme string
	retries                     int // -1: not set
}

func (s svcSettings) isDefault() bool {
	return (s.lbType == "" || s.lbType == apisix.UpstreamRoundRobin) && s.scheme == "" && s.retries < 0
}

// ingressRoute is an ApisixRoute built from one Ingress's APISIX objects,
// with the ApisixUpstream settings its Services need.
type ingressRoute struct {
	route    *apiv2.ApisixRoute
	services map[string]svcSettings // by Service name
	tls      []*apiv2.ApisixTls
}

// backends returns the Ingress upstream names (namespace_ingress_service_port,
// as the translator names them) with the Service port each sends to.
func backends(ing *networkingv1.Ingress) map[string]backendRef {
	out := map[string]backendRef{}
	for _, be := range translator.IngressServiceBackends(ing) {
		port := translator.ServicePort(be)
		out[strings.Join([]string{ing.Namespace, ing.Name, be.Name, port.String()}, "_")] = backendRef{be.Name, port}
	}
	return out
}

// toApisixRoute expresses an Ingress's translated routes as ApisixRoute
// rules. It returns why when some route cannot be expressed so that it
// translates to exactly the same APISIX route.
func toApisixRoute(ing *networkingv1.Ingress, own *owned, class, docNamespace string) (*ingressRoute, string) {
	if isCanary(ing) {
		return nil, "a canary is merged into its primary's route as traffic-split rules, which an ApisixRoute cannot express"
	}
	if len(own.streams) > 0 {
		return nil, "ssl-passthrough becomes a stream route"
	}
	if own.consumers > 0 {
		return nil, "basic-auth users become consumers of the Ingress; keep it, or write an ApisixConsumer per user by hand"
	}
	if len(own.routes) == 0 {
		return nil, "it has no routes"
	}
	if annotations.HasDefaultBackend(ing.Annotations) {
		return nil, "default-backend: an ApisixRoute backend has no fallback Service for when it has no ready endpoints"
	}
	bes := backends(ing)
	out := &ingressRoute{services: map[string]svcSettings{}}
	ar := &apiv2.ApisixRoute{}
	ar.APIVersion, ar.Kind = apiv2.GroupVersion.String(), "ApisixRoute"
	ar.Name, ar.Namespace, ar.Labels = ing.Name, docNamespace, ing.Labels
	ar.Spec.IngressClassName = class
	used := map[string]bool{}
	names := map[string]bool{}
	for _, r := range own.routes {
		rule, why := toRule(r, ing)
		if why != "" {
			return nil, why
		}
		up := own.upstreams[r.UpstreamID]
		be, ok := bes[upName(up)]
		if up == nil || !ok {
			return nil, "a route's upstream does not match a Service backend"
		}
		set, gran, why := upstreamSettings(up, ing)
		if why != "" {
			return nil, why
		}
		if prev, seen := out.services[be.svc]; seen && prev != set {
			return nil, "Service " + be.svc + " is used with different settings on different ports"
		}
		out.services[be.svc] = set
		used[up.ID] = true
		rule.Backends = []apiv2.ApisixRouteHTTPBackend{{ServiceName: be.svc, ServicePort: be.port, ResolveGranularity: gran}}
		rule.Name = uniqueName(names, ruleName(r, ing))
		ar.Spec.HTTP = append(ar.Spec.HTTP, rule)
	}
	if len(used) != len(own.upstreams) {
		return nil, "an upstream is not used by any route"
	}
	out.route = ar
	out.tls = apisixTlses(ing, class, docNamespace)
	return out, ""
}

func upName(up *apisix.Upstream) string {
	if up == nil {
		return ""
	}
	return up.Name
}

// toRule expresses one route as an ApisixRoute HTTP rule.
func toRule(r *apisix.Route, ing *networkingv1.Ingress) (apiv2.ApisixRouteHTTP, string) {
	var rule apiv2.ApisixRouteHTTP
	switch {
	case r.UpstreamID == "":
		return rule, "app-root adds a redirect-only route, and an ApisixRoute rule needs a backend"
	case r.PluginConfigID != "":
		return rule, "plugin-config-name: keep the ApisixPluginConfig and reference it from an ApisixRoute by hand"
	case len(r.Methods) > 0 || len(r.RemoteAddrs) > 0 || r.FilterFunc != "" || r.Upstream != nil || r.ServiceID != "":
		return rule, "a route uses a match or target an ApisixRoute cannot express"
	case r.Plugins["traffic-split"] != nil:
		return rule, "it is the primary of a canary: traffic-split rules with matches cannot be expressed in an ApisixRoute"
	}
	paths := r.URIs
	if r.URI != "" {
		paths = []string{r.URI}
	}
	for _, p := range paths {
		if !crdPathRE.MatchString(p) {
			return rule, fmt.Sprintf("path %q is not an ApisixRoute path", p)
		}
	}
	for _, h := range r.Hosts {
		if !crdHostRE.MatchString(h) {
			return rule, fmt.Sprintf("host %q is not an ApisixRoute host", h)
		}
	}
	rule.Match.Paths = paths
	rule.Match.Hosts = r.Hosts
	for _, v := range r.Vars {
		x, ok := pathRegexExpr(v)
		if !ok {
			return rule, "a route matches on variables an ApisixRoute cannot express"
		}
		rule.Match.Exprs = append(rule.Match.Exprs, x)
	}
	rule.Priority = r.Priority
	rule.Websocket = r.EnableWebsocket
	if t := r.Timeout; t != nil {
		rule.Timeout = &apiv2.UpstreamTimeout{Connect: seconds(t.Connect), Send: seconds(t.Send), Read: seconds(t.Read)}
	}
	for _, name := range r.Plugins.Names() {
		raw := append([]byte(nil), r.Plugins[name]...)
		rule.Plugins = append(rule.Plugins, apiv2.ApisixRoutePlugin{Name: name, Config: &apiextensionsv1.JSON{Raw: raw}})
	}
	return rule, ""
}

// pathRegexExpr turns ["uri", "~*", "^re"] into a Path expression.
func pathRegexExpr(v any) (apiv2.ApisixRouteHTTPMatchExpr, bool) {
	l, ok := v.([]any)
	if !ok || len(l) != 3 || l[0] != "uri" || l[1] != "~*" {
		return apiv2.ApisixRouteHTTPMatchExpr{}, false
	}
	re, ok := l[2].(string)
	if !ok {
		return apiv2.ApisixRouteHTTPMatchExpr{}, false
	}
	return apiv2.ApisixRouteHTTPMatchExpr{
		Subject: apiv2.ApisixRouteHTTPMatchExprSubject{Scope: apiv2.ScopePath},
		Op:      apiv2.OpRegexMatchCaseInsensitive, Value: &re,
	}, true
}

func seconds(f float64) apiv2.Duration {
	return apiv2.Duration(strconv.FormatFloat(f, 'f', -1, 64) + "s")
}

// upstreamSettings are the settings of an Ingress upstream that an
// ApisixUpstream (or the backend's resolveGranularity) must reproduce.
func upstreamSettings(up *apisix.Upstream, ing *networkingv1.Ingress) (svcSettings, string, string) {
	if up.Checks != nil || up.Timeout != nil || up.TLS != nil || up.PassHost != "" || up.KeepalivePool != nil ||
		up.RetryTimeout != nil || up.DiscoveryType != "" {
		return svcSettings{}, "", "its upstream uses settings an ApisixUpstream cannot express (e.g. proxy-next-upstream-timeout)"
	}
	s := svcSettings{lbType: up.Type, hashOn: up.HashOn, key: up.Key, scheme: up.Scheme, retries: -1}
	if up.Retries != nil {
		s.retries = *up.Retries
	}
	gran := ""
	if annotations.ServiceUpstream(ing.Annotations) {
		gran = apiv2.ResolveGranularityService
	}
	return s, gran, ""
}

// ruleName makes a rule name from the route's host and path.
func ruleName(r *apisix.Route, ing *networkingv1.Ingress) string {
	n := strings.TrimPrefix(r.Name, ing.Namespace+"_"+ing.Name+"_")
	if r.Priority < 0 {
		n = "default " + n
	}
	n = strings.Trim(ruleBadRE.ReplaceAllString(n, "-"), "-._")
	if len(n) > 90 {
		n = strings.Trim(n[:90], "-._")
	}
	if n == "" {
		n = "root"
	}
	return n
}

func uniqueName(seen map[string]bool, n string) string {
	out := n
	for i := 2; seen[out]; i++ {
		out = n + "-" + strconv.Itoa(i)
	}
	seen[out] = true
	return out
}

// apisixTlses are the ApisixTls objects of spec.tls: one per entry that
// names a Secret and hosts, as the Ingress translation emits an ssl for.
func apisixTlses(ing *networkingv1.Ingress, class, docNamespace string) []*apiv2.ApisixTls {
	var out []*apiv2.ApisixTls
	for i, t := range ing.Spec.TLS {
		if t.SecretName == "" || len(t.Hosts) == 0 {
			continue
		}
		o := &apiv2.ApisixTls{}
		o.APIVersion, o.Kind = apiv2.GroupVersion.String(), "ApisixTls"
		o.Name = ing.Name
		if len(ing.Spec.TLS) > 1 {
			o.Name = ing.Name + "-" + strconv.Itoa(i)
		}
		o.Namespace, o.Labels = docNamespace, ing.Labels
		o.Spec.IngressClassName = class
		for _, h := range t.Hosts {
			o.Spec.Hosts = append(o.Spec.Hosts, apiv2.HostType(h))
		}
		o.Spec.Secret = apiv2.ApisixSecret{Name: t.SecretName, Namespace: ing.Namespace}
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
