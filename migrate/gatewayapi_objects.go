package migrate

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	gatewayv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Defaults of the Gateway that --to gateway-api writes.
const (
	// DefaultGatewayName is the name of the Gateway written (in the
	// namespace of Options.Namespace) when Options.Gateway is empty.
	DefaultGatewayName = "apisix"
	// GatewayClassName is the class of that Gateway.
	GatewayClassName = "apisix"
	// GatewayController is the controllerName of its GatewayClass.
	GatewayController = "apisix.apache.org/apisix-ingress-controller"
	// httpListener is the name of the Gateway's HTTP listener.
	httpListener = "http"
)

// Gateway API limits the CRDs enforce.
const (
	maxRules     = 16  // rules per HTTPRoute
	maxHostnames = 16  // hostnames per HTTPRoute
	maxMatches   = 128 // matches per HTTPRoute
	maxListeners = 64  // listeners per Gateway
	maxGrantTo   = 16  // to entries per ReferenceGrant
)

// gwListener is the HTTPS listener of one host.
type gwListener struct {
	gateway int // index of the Gateway that holds it
	name    string
	secret  nsName
}

// gwTarget is the Gateway the routes attach to, and its HTTPS listeners.
type gwTarget struct {
	ns, name string
	existing bool
	// names of the Gateways written (more than one when the HTTPS
	// listeners do not fit in one).
	names     []string
	listeners map[string]gwListener // by host
}

// gatewayRef returns the namespace and name of Options.Gateway.
func gatewayRef(s, defaultNS string) (string, string) {
	if ns, name, ok := strings.Cut(s, "/"); ok {
		return ns, name
	}
	return defaultNS, s
}

// buildGatewayObjects lays out the Gateway, its listeners and the
// ReferenceGrants for their certificates, then the HTTPRoutes and
// ApisixPluginConfigs of each converted Ingress.
func (r *run) buildGatewayObjects(p *gwPlan, order []translator.ObjectRef) {
	t := &gwTarget{listeners: map[string]gwListener{}}
	if r.opts.Gateway != "" {
		t.ns, t.name = gatewayRef(r.opts.Gateway, r.opts.Namespace)
		t.existing = true
	} else {
		t.ns, t.name = r.opts.Namespace, DefaultGatewayName
		p.gateway = r.gatewayObjects(p, order, t)
	}
	used := map[string]bool{} // kind/namespace/name of the objects written or in the input
	for _, pc := range r.dec.Snapshot.ApisixPluginConfigs {
		used["ApisixPluginConfig/"+pc.Namespace+"/"+pc.Name] = true
	}
	for _, ref := range order {
		if units, ok := p.units[ref]; ok {
			r.ingressObjects(p, t, ref, units, used)
		}
	}
}

// gatewayObjects are the GatewayClass, the Gateway(s) and the
// ReferenceGrants; they also fill t's listeners.
func (r *run) gatewayObjects(p *gwPlan, order []translator.ObjectRef, t *gwTarget) []any {
	from := gatewayv1.FromNamespaces(gatewayv1.NamespacesFromAll)
	allowed := &gatewayv1.AllowedRoutes{Namespaces: &gatewayv1.RouteNamespaces{From: &from}}
	var listeners []gatewayv1.Listener
	listeners = append(listeners, gatewayv1.Listener{Name: httpListener, Port: 80, Protocol: gatewayv1.HTTPProtocolType, AllowedRoutes: allowed})
	names := map[string]bool{httpListener: true}
	var hostOrder []string
	for _, ref := range order {
		if _, ok := p.units[ref]; !ok {
			continue
		}
		ing := r.nginx[ref]
		for _, tls := range ing.Spec.TLS {
			if tls.SecretName == "" {
				continue
			}
			for _, h := range tls.Hosts {
				h = strings.ToLower(h)
				sec := nsName{ing.Namespace, tls.SecretName}
				if l, ok := t.listeners[h]; ok {
					if l.secret != sec {
						p.messages[ref] = append(p.messages[ref], Message{Severity: SeverityWarning, Field: "spec.tls",
							Text: fmt.Sprintf("host %s already has an HTTPS listener with Secret %s/%s: Secret %s is not used", h, l.secret.ns, l.secret.name, tls.SecretName)})
					}
					continue
				}
				if !hostnameRE.MatchString(h) {
					p.messages[ref] = append(p.messages[ref], Message{Severity: SeverityWarning, Field: "spec.tls",
						Text: "host " + strconv.Quote(h) + " is not a Gateway API hostname: no HTTPS listener"})
					continue
				}
				name := uniqueName(names, "https-"+slug(h))
				t.listeners[h] = gwListener{name: name, secret: sec}
				hostOrder = append(hostOrder, h)
			}
		}
	}
	mode := gatewayv1.TLSModeTerminate
	grants := map[string][]string{} // Secret names by namespace, for ReferenceGrants
	for _, h := range hostOrder {
		l := t.listeners[h]
		hn := gatewayv1.Hostname(h)
		ref := gatewayv1.SecretObjectReference{Name: gatewayv1.ObjectName(l.secret.name)}
		if l.secret.ns != t.ns {
			ns := gatewayv1.Namespace(l.secret.ns)
			ref.Namespace = &ns
			if !containsString(grants[l.secret.ns], l.secret.name) {
				grants[l.secret.ns] = append(grants[l.secret.ns], l.secret.name)
			}
		}
		l.gateway = len(listeners) / maxListeners
		t.listeners[h] = l
		listeners = append(listeners, gatewayv1.Listener{
			Name: gatewayv1.SectionName(l.name), Hostname: &hn, Port: 443, Protocol: gatewayv1.HTTPSProtocolType,
			TLS: &gatewayv1.ListenerTLSConfig{Mode: &mode, CertificateRefs: []gatewayv1.SecretObjectReference{ref}}, AllowedRoutes: allowed,
		})
	}
	gc := &gatewayv1.GatewayClass{}
	gc.APIVersion, gc.Kind = gatewayv1.GroupVersion.String(), "GatewayClass"
	gc.Name = GatewayClassName
	gc.Spec.ControllerName = GatewayController
	objs := []any{gc}
	for i := 0; i < len(listeners); i += maxListeners {
		gw := &gatewayv1.Gateway{}
		gw.APIVersion, gw.Kind = gatewayv1.GroupVersion.String(), "Gateway"
		gw.Name, gw.Namespace = t.name, t.ns
		if i > 0 {
			gw.Name = t.name + "-" + strconv.Itoa(i/maxListeners+1)
		}
		gw.Spec.GatewayClassName = GatewayClassName
		gw.Spec.Listeners = listeners[i:min(i+maxListeners, len(listeners))]
		t.names = append(t.names, gw.Name)
		objs = append(objs, gw)
	}
	nss := make([]string, 0, len(grants))
	for ns := range grants {
		nss = append(nss, ns)
	}
	sort.Strings(nss)
	for _, ns := range nss {
		secrets := grants[ns]
		sort.Strings(secrets)
		for i := 0; i < len(secrets); i += maxGrantTo {
			g := &gatewayv1.ReferenceGrant{}
			g.APIVersion, g.Kind = gatewayv1.GroupVersion.String(), "ReferenceGrant"
			g.Name, g.Namespace = t.name+"-gateway-certificates", ns
			if i > 0 {
				g.Name += "-" + strconv.Itoa(i/maxGrantTo+1)
			}
			g.Spec.From = []gatewayv1.ReferenceGrantFrom{{Group: gatewayv1.GroupName, Kind: "Gateway", Namespace: gatewayv1.Namespace(t.ns)}}
			for _, s := range secrets[i:min(i+maxGrantTo, len(secrets))] {
				name := gatewayv1.ObjectName(s)
				g.Spec.To = append(g.Spec.To, gatewayv1.ReferenceGrantTo{Group: "", Kind: "Secret", Name: &name})
			}
			objs = append(objs, g)
		}
	}
	return objs
}

var slugBadRE = regexp.MustCompile(`[^a-z0-9-]+`)

// slug makes a DNS label out of a host ("*" reads "wildcard").
func slug(h string) string {
	h = strings.ReplaceAll(strings.ToLower(h), "*", "wildcard")
	s := strings.Trim(slugBadRE.ReplaceAllString(strings.ReplaceAll(h, ".", "-"), "-"), "-")
	if len(s) > 50 {
		s = strings.Trim(s[:50], "-")
	}
	if s == "" {
		s = "any"
	}
	return s
}

// unique returns name, or name-2, name-3... so that kind/ns/name is new.
func unique(used map[string]bool, kind, ns, name string) string {
	out := name
	for i := 2; used[kind+"/"+ns+"/"+out]; i++ {
		out = name + "-" + strconv.Itoa(i)
	}
	used[kind+"/"+ns+"/"+out] = true
	return out
}

// hostGroup is the units of one Ingress that serve the same hosts.
type hostGroup struct {
	hosts []string
	units []*gwUnit
}

// ingressObjects writes the ApisixPluginConfigs and HTTPRoutes of one
// converted Ingress.
func (r *run) ingressObjects(p *gwPlan, t *gwTarget, ref translator.ObjectRef, units []*gwUnit, used map[string]bool) {
	ing := r.nginx[ref]
	docNS := r.docNamespace(ref)
	var objs []any
	var names []string
	// One ApisixPluginConfig per distinct set of plugins.
	pcs := map[string]string{}
	for _, u := range units {
		if len(u.plugins) == 0 {
			continue
		}
		k := pluginsKey(u.plugins)
		if name, ok := pcs[k]; ok {
			u.pluginConfig = name
			continue
		}
		name := unique(used, "ApisixPluginConfig", ing.Namespace, ing.Name+"-plugins")
		pcs[k], u.pluginConfig = name, name
		pc := &apiv2.ApisixPluginConfig{}
		pc.APIVersion, pc.Kind = apiv2.GroupVersion.String(), "ApisixPluginConfig"
		pc.Name, pc.Namespace, pc.Labels = name, docNS, ing.Labels
		pc.Spec.IngressClassName = r.opts.IngressClass
		for _, n := range u.plugins.Names() {
			raw := append([]byte(nil), u.plugins[n]...)
			pc.Spec.Plugins = append(pc.Spec.Plugins, apiv2.ApisixRoutePlugin{Name: n, Config: &apiextensionsv1.JSON{Raw: raw}})
		}
		objs = append(objs, pc)
		names = append(names, "ApisixPluginConfig "+name)
	}
	var groups []*hostGroup
	byHosts := map[string]*hostGroup{}
	for _, u := range units {
		k := strings.Join(u.hosts, ",")
		g := byHosts[k]
		if g == nil {
			g = &hostGroup{hosts: u.hosts}
			byHosts[k] = g
			groups = append(groups, g)
		}
		g.units = append(g.units, u)
	}
	sort.SliceStable(groups, func(i, j int) bool { return strings.Join(groups[i].hosts, ",") < strings.Join(groups[j].hosts, ",") })
	for _, g := range groups {
		base := ing.Name
		if len(groups) > 1 {
			first := "any"
			if len(g.hosts) > 0 {
				first = g.hosts[0]
			}
			base = ing.Name + "-" + slug(first)
		}
		split := false
		for _, u := range g.units {
			split = split || u.redirect != 0
		}
		var main, plain []gatewayv1.HTTPRouteRule
		for _, u := range g.units {
			main = append(main, u.rules()...)
			plain = append(plain, u.httpRules()...)
		}
		if !split {
			objs, names = r.appendRoutes(objs, names, used, ing.Namespace, docNS, base, ing.Labels, g.hosts, t.parents(ing.Namespace, g.hosts, false), main)
			continue
		}
		parents := t.parents(ing.Namespace, g.hosts, true)
		if len(parents) > 0 {
			objs, names = r.appendRoutes(objs, names, used, ing.Namespace, docNS, base, ing.Labels, g.hosts, parents, main)
		} else {
			p.messages[ref] = append(p.messages[ref], Message{Severity: SeverityWarning, Field: "spec.tls",
				Text: "hosts " + strings.Join(g.hosts, ", ") + " have no certificate in the Ingress: the HTTP listener redirects them to https, which the Gateway does not serve"})
		}
		objs, names = r.appendRoutes(objs, names, used, ing.Namespace, docNS, base+"-http", ing.Labels, g.hosts, t.httpParents(ing.Namespace), plain)
	}
	p.objects[ref] = objs
	p.names[ref] = names
	if t.existing && len(ing.Spec.TLS) > 0 {
		p.messages[ref] = append(p.messages[ref], Message{Severity: SeverityInfo, Field: "spec.tls",
			Text: fmt.Sprintf("HTTPS: Gateway %s/%s needs an HTTPS listener for each TLS host with its Secret (and a ReferenceGrant across namespaces)", t.ns, t.name)})
	}
}

// appendRoutes splits rules and hostnames to the CRD's limits and writes
// one HTTPRoute per part.
func (r *run) appendRoutes(objs []any, names []string, used map[string]bool, ns, docNS, base string, labels map[string]string,
	hosts []string, parents []gatewayv1.ParentReference, rules []gatewayv1.HTTPRouteRule) ([]any, []string) {
	var ruleParts [][]gatewayv1.HTTPRouteRule
	var cur []gatewayv1.HTTPRouteRule
	matches := 0
	for _, rule := range rules {
		if len(cur) == maxRules || (len(cur) > 0 && matches+len(rule.Matches) > maxMatches) {
			ruleParts = append(ruleParts, cur)
			cur, matches = nil, 0
		}
		cur = append(cur, rule)
		matches += len(rule.Matches)
	}
	ruleParts = append(ruleParts, cur)
	hostParts := [][]string{hosts}
	if len(hosts) > maxHostnames {
		hostParts = nil
		for i := 0; i < len(hosts); i += maxHostnames {
			hostParts = append(hostParts, hosts[i:min(i+maxHostnames, len(hosts))])
		}
	}
	for _, hs := range hostParts {
		for _, rs := range ruleParts {
			hr := &gatewayv1.HTTPRoute{}
			hr.APIVersion, hr.Kind = gatewayv1.GroupVersion.String(), "HTTPRoute"
			hr.Name = unique(used, "HTTPRoute", ns, base)
			hr.Namespace, hr.Labels = docNS, labels
			hr.Spec.ParentRefs = parents
			for _, h := range hs {
				hr.Spec.Hostnames = append(hr.Spec.Hostnames, gatewayv1.Hostname(h))
			}
			hr.Spec.Rules = rs
			objs = append(objs, hr)
			names = append(names, "HTTPRoute "+hr.Name)
		}
	}
	return objs, names
}

// parents are the parentRefs of a route in namespace ns serving hosts:
// the whole Gateway, or with https only its HTTPS listeners of the hosts
// (port 443 of an existing Gateway, whose listeners are not known).
func (t *gwTarget) parents(ns string, hosts []string, httpsOnly bool) []gatewayv1.ParentReference {
	ref := func(gw int) gatewayv1.ParentReference {
		name := t.name
		if gw > 0 {
			name = t.names[gw]
		}
		pr := gatewayv1.ParentReference{Name: gatewayv1.ObjectName(name)}
		if t.ns != ns {
			n := gatewayv1.Namespace(t.ns)
			pr.Namespace = &n
		}
		return pr
	}
	if t.existing {
		pr := ref(0)
		if httpsOnly {
			port := gatewayv1.PortNumber(443)
			pr.Port = &port
		}
		return []gatewayv1.ParentReference{pr}
	}
	var out []gatewayv1.ParentReference
	seen := map[string]bool{}
	if !httpsOnly {
		out = append(out, ref(0))
		seen["0"] = true
	}
	for _, h := range hosts {
		l, ok := t.listeners[h]
		if !ok {
			continue
		}
		pr := ref(l.gateway)
		key := strconv.Itoa(l.gateway)
		if httpsOnly {
			sn := gatewayv1.SectionName(l.name)
			pr.SectionName = &sn
			key += "/" + l.name
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, pr)
		}
	}
	return out
}

// httpParents is the parentRef of the HTTP listener.
func (t *gwTarget) httpParents(ns string) []gatewayv1.ParentReference {
	pr := gatewayv1.ParentReference{Name: gatewayv1.ObjectName(t.name)}
	if t.ns != ns {
		n := gatewayv1.Namespace(t.ns)
		pr.Namespace = &n
	}
	if t.existing {
		port := gatewayv1.PortNumber(80)
		pr.Port = &port
	} else {
		sn := gatewayv1.SectionName(httpListener)
		pr.SectionName = &sn
	}
	return []gatewayv1.ParentReference{pr}
}

// extensionRef is the filter that attaches the unit's ApisixPluginConfig.
func (u *gwUnit) extensionRef() []gatewayv1.HTTPRouteFilter {
	if u.pluginConfig == "" {
		return nil
	}
	return []gatewayv1.HTTPRouteFilter{{Type: gatewayv1.HTTPRouteFilterExtensionRef, ExtensionRef: &gatewayv1.LocalObjectReference{
		Group: gatewayv1.Group(apiv2.GroupVersion.Group), Kind: "ApisixPluginConfig", Name: gatewayv1.ObjectName(u.pluginConfig),
	}}}
}

// rules are the unit's rules: the canary's header-match rules, then the
// main rule.
func (u *gwUnit) rules() []gatewayv1.HTTPRouteRule {
	filters := append(append([]gatewayv1.HTTPRouteFilter(nil), u.filters...), u.extensionRef()...)
	var out []gatewayv1.HTTPRouteRule
	for _, v := range u.variants {
		ms := make([]gatewayv1.HTTPRouteMatch, len(u.matches))
		for i, m := range u.matches {
			m.Headers = v.headers
			ms[i] = m
		}
		out = append(out, gatewayv1.HTTPRouteRule{Matches: ms, Filters: filters, BackendRefs: v.backends})
	}
	return append(out, gatewayv1.HTTPRouteRule{Matches: u.matches, Filters: filters, BackendRefs: u.backends})
}

// httpRules are the unit's rules on the HTTP listener when its hosts
// redirect to HTTPS: the redirect (after the plugins, which APISIX runs
// before it), or the rules as they are.
func (u *gwUnit) httpRules() []gatewayv1.HTTPRouteRule {
	if u.redirect == 0 {
		return u.rules()
	}
	filters := append([]gatewayv1.HTTPRouteFilter{httpsRedirectFilter(u.redirect)}, u.extensionRef()...)
	return []gatewayv1.HTTPRouteRule{{Matches: u.matches, Filters: filters}}
}
