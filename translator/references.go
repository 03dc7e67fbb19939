package translator

import (
	"slices"

	networkingv1 "k8s.io/api/networking/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// References returns the objects a translation of obj looks up by name, in
// the order it looks them up, without duplicates: Services (a Service stands
// for its EndpointSlices and the Pods they point at too), Secrets,
// ConfigMaps, ApisixUpstreams and ApisixPluginConfigs. It is derived from
// the lookups of the translation itself, so that the webhook, the
// controller's reference store, validate and migrate gather exactly what a
// translation reads. A referenced ApisixUpstream or ApisixPluginConfig is
// translated too (a route reports whether it has errors): its own
// references are those of References on it (see Closure).
//
// IngressClasses are not listed (every translation reads all of them), nor
// the neighbours an object shares hosts with (canaries, conflicts).
func References(obj any) []ObjectRef {
	r := &refList{}
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		r.ingress(o)
	case *apiv2.ApisixRoute:
		r.apisixRoute(o)
	case *apiv2.ApisixUpstream:
		r.apisixUpstream(o)
	case *apiv2.ApisixTls:
		r.secret(o.Spec.Secret.Namespace, o.Spec.Secret.Name, o.Namespace)
		if c := o.Spec.Client; c != nil {
			r.secret(c.CASecret.Namespace, c.CASecret.Name, o.Namespace)
		}
	case *apiv2.ApisixPluginConfig:
		r.plugins(o.Namespace, o.Spec.Plugins)
	case *apiv2.ApisixGlobalRule:
		r.plugins(o.Namespace, o.Spec.Plugins)
	case *apiv2.ApisixConsumer:
		r.consumer(o)
	case *gwv1.Gateway:
		r.gateway(o)
	case *gwv1.HTTPRoute:
		r.httpRoute(o)
	case *gwv1.GRPCRoute:
		r.grpcRoute(o)
	case *gwv1.TLSRoute:
		r.parents(o.Namespace, o.Spec.ParentRefs)
		for _, rule := range o.Spec.Rules {
			r.backendRefs(o.Namespace, rule.BackendRefs)
		}
	case *gwv1.TCPRoute:
		r.parents(o.Namespace, o.Spec.ParentRefs)
		for _, rule := range o.Spec.Rules {
			r.backendRefs(o.Namespace, rule.BackendRefs)
		}
	case *gwv1.UDPRoute:
		r.parents(o.Namespace, o.Spec.ParentRefs)
		for _, rule := range o.Spec.Rules {
			r.backendRefs(o.Namespace, rule.BackendRefs)
		}
	}
	return r.refs
}

// refList collects references without duplicates.
type refList struct{ refs []ObjectRef }

func (r *refList) add(kind, ns, name, defaultNS string) {
	if name == "" {
		return
	}
	if ns == "" {
		ns = defaultNS
	}
	ref := ObjectRef{Kind: kind, Namespace: ns, Name: name}
	if !slices.Contains(r.refs, ref) {
		r.refs = append(r.refs, ref)
	}
}

func (r *refList) secret(ns, name, defaultNS string) { r.add(KindSecret, ns, name, defaultNS) }

func (r *refList) objectRef(kind string, ref *annotations.ObjectRef, defaultNS string) {
	if ref != nil {
		r.add(kind, ref.Namespace, ref.Name, defaultNS)
	}
}

// ingress: the backends' Services (in the svc-namespace annotation's
// namespace), the default-backend annotation's Service, spec.tls Secrets,
// and the Secrets, ConfigMaps and ApisixPluginConfig the annotations name,
// each only when the translation reads it.
func (r *refList) ingress(ing *networkingv1.Ingress) {
	cfg := &annotations.Config{}
	if annotations.NamesObjects(ing.Annotations) {
		if c, _, _ := annotations.Parse(ing.Annotations); c != nil {
			cfg = c
		}
	}
	ns := ing.Namespace
	svcNS := ns
	if cfg.Upstream.ServiceNamespace != "" {
		svcNS = cfg.Upstream.ServiceNamespace
	}
	for _, be := range IngressServiceBackends(ing) {
		r.add(KindService, svcNS, be.Name, ns)
	}
	r.add(KindService, ns, cfg.Route.DefaultBackend, ns)
	for _, t := range ing.Spec.TLS {
		r.secret(ns, t.SecretName, ns)
	}
	if ba := cfg.BasicAuth.Secret; ba != nil && (ba.Namespace == "" || ba.Namespace == ns) {
		r.secret(ns, ba.Name, ns)
	}
	if cc := cfg.ClientCert; cc.CASecret != nil && cc.VerifyClient != "off" {
		r.objectRef(KindSecret, cc.CASecret, ns)
	}
	r.objectRef(KindSecret, cfg.Upstream.ClientCertSecret, ns)
	if cfg.ExternalAuth.URL != "" {
		r.objectRef(KindConfigMap, cfg.ExternalAuth.ProxySetHeaders, ns)
	}
	r.objectRef(KindConfigMap, cfg.Headers.CustomHeaders, ns)
	r.add(KindApisixPluginConfig, ns, cfg.Route.PluginConfigName, ns)
}

// apisixRoute: each rule's Services (and the ApisixUpstream named like each,
// which tunes its upstream), referenced ApisixUpstreams, its
// ApisixPluginConfig and its plugins' Secrets.
func (r *refList) apisixRoute(o *apiv2.ApisixRoute) {
	ns := o.Namespace
	for i := range o.Spec.HTTP {
		h := &o.Spec.HTTP[i]
		for _, b := range h.Backends {
			r.add(KindService, ns, b.ServiceName, ns)
			r.add(KindApisixUpstream, ns, b.ServiceName, ns)
		}
		for _, u := range h.Upstreams {
			r.add(KindApisixUpstream, ns, u.Name, ns)
		}
		r.add(KindApisixPluginConfig, h.PluginConfigNamespace, h.PluginConfigName, ns)
		r.plugins(ns, h.Plugins)
	}
	for i := range o.Spec.Stream {
		s := &o.Spec.Stream[i]
		r.add(KindService, ns, s.Backend.ServiceName, ns)
		r.add(KindApisixUpstream, ns, s.Backend.ServiceName, ns)
		r.plugins(ns, s.Plugins)
	}
}

// apisixUpstream: its TLS Secrets and its externalNodes of type Service.
func (r *refList) apisixUpstream(o *apiv2.ApisixUpstream) {
	ns := o.Namespace
	if s := o.Spec.TLSSecret; s != nil {
		r.secret(s.Namespace, s.Name, ns)
	}
	for i := range o.Spec.PortLevelSettings {
		if s := o.Spec.PortLevelSettings[i].TLSSecret; s != nil {
			r.secret(s.Namespace, s.Name, ns)
		}
	}
	for _, n := range o.Spec.ExternalNodes {
		if n.Type == apiv2.ExternalTypeService {
			r.add(KindService, ns, n.Name, ns)
		}
	}
}

// plugins: the Secrets merged into plugin configs (in the object's
// namespace).
func (r *refList) plugins(ns string, ps []apiv2.ApisixRoutePlugin) {
	for _, p := range ps {
		r.secret(ns, p.SecretRef, ns)
	}
}

// consumer: the Secrets of its credentials (in its namespace).
func (r *refList) consumer(o *apiv2.ApisixConsumer) {
	a := o.Spec.AuthParameter
	var refs []*apiv2.LocalSecretReference
	if a.BasicAuth != nil {
		refs = append(refs, a.BasicAuth.SecretRef)
	}
	if a.KeyAuth != nil {
		refs = append(refs, a.KeyAuth.SecretRef)
	}
	if a.WolfRBAC != nil {
		refs = append(refs, a.WolfRBAC.SecretRef)
	}
	if a.JwtAuth != nil {
		refs = append(refs, a.JwtAuth.SecretRef)
	}
	if a.HMACAuth != nil {
		refs = append(refs, a.HMACAuth.SecretRef)
	}
	if a.LDAPAuth != nil {
		refs = append(refs, a.LDAPAuth.SecretRef)
	}
	for _, s := range refs {
		if s != nil {
			r.secret(o.Namespace, s.Name, o.Namespace)
		}
	}
}

// AllReferenceGrants is the Name of the reference to every ReferenceGrant
// of a namespace: a Gateway API object that reaches into another
// namespace (a certificate, a backend) reads all the grants there.
const AllReferenceGrants = "*"

// gateway: its GatewayClass, its listeners' certificate Secrets and the
// ReferenceGrants of the namespaces they are in (when not the Gateway's).
func (r *refList) gateway(g *gwv1.Gateway) {
	r.add(KindGatewayClass, "", string(g.Spec.GatewayClassName), "")
	for _, l := range g.Spec.Listeners {
		if l.TLS == nil {
			continue
		}
		for _, c := range l.TLS.CertificateRefs {
			if (c.Group != nil && *c.Group != "") || (c.Kind != nil && *c.Kind != KindSecret) {
				continue
			}
			ns := g.Namespace
			if c.Namespace != nil && *c.Namespace != "" {
				ns = string(*c.Namespace)
			}
			if ns != g.Namespace {
				r.add(KindReferenceGrant, ns, AllReferenceGrants, ns)
			}
			r.secret(ns, string(c.Name), ns)
		}
	}
}

// parents: the Gateways a route's parentRefs name (whose own references
// Collect follows), and the route's Namespace (its labels, for listeners
// that select namespaces).
func (r *refList) parents(ns string, refs []gwv1.ParentReference) {
	for _, p := range refs {
		if (p.Group != nil && *p.Group != gatewayGroup) || (p.Kind != nil && *p.Kind != KindGateway) {
			continue
		}
		gns := ns
		if p.Namespace != nil {
			gns = string(*p.Namespace)
		}
		r.add(KindGateway, gns, string(p.Name), ns)
	}
	r.add(KindNamespace, "", ns, "")
}

// backendRef: a Service backend, and the ReferenceGrants of its namespace
// when it is not the route's.
func (r *refList) backendRef(ns string, b gwv1.BackendObjectReference) {
	if (b.Group != nil && *b.Group != "") || (b.Kind != nil && *b.Kind != KindService) {
		return
	}
	bns := ns
	if b.Namespace != nil && *b.Namespace != "" {
		bns = string(*b.Namespace)
	}
	if bns != ns {
		r.add(KindReferenceGrant, bns, AllReferenceGrants, bns)
	}
	r.add(KindService, bns, string(b.Name), bns)
}

func (r *refList) backendRefs(ns string, refs []gwv1.BackendRef) {
	for _, b := range refs {
		r.backendRef(ns, b.BackendObjectReference)
	}
}

// filter: a mirror's backend and an ExtensionRef's ApisixPluginConfig.
func (r *refList) filter(ns string, mirror *gwv1.HTTPRequestMirrorFilter, ext *gwv1.LocalObjectReference) {
	if mirror != nil {
		r.backendRef(ns, mirror.BackendRef)
	}
	if ext != nil && ext.Group == apisixGroup && ext.Kind == KindApisixPluginConfig {
		r.add(KindApisixPluginConfig, ns, string(ext.Name), ns)
	}
}

func (r *refList) httpRoute(o *gwv1.HTTPRoute) {
	r.parents(o.Namespace, o.Spec.ParentRefs)
	for _, rule := range o.Spec.Rules {
		for _, f := range rule.Filters {
			r.filter(o.Namespace, f.RequestMirror, f.ExtensionRef)
		}
		for _, b := range rule.BackendRefs {
			r.backendRef(o.Namespace, b.BackendObjectReference)
		}
	}
}

func (r *refList) grpcRoute(o *gwv1.GRPCRoute) {
	r.parents(o.Namespace, o.Spec.ParentRefs)
	for _, rule := range o.Spec.Rules {
		for _, f := range rule.Filters {
			r.filter(o.Namespace, f.RequestMirror, f.ExtensionRef)
		}
		for _, b := range rule.BackendRefs {
			r.backendRef(o.Namespace, b.BackendObjectReference)
		}
	}
}

// Finder returns the objects a reference stands for, none when they do not
// exist: the object itself, and for a Service also its EndpointSlices and
// the Pods they point at (when the caller has them).
type Finder func(ref ObjectRef) ([]any, error)

// Collect returns a snapshot of obj and what a translation of it looks up:
// References of obj, and of the ApisixUpstreams and ApisixPluginConfigs it
// references (a route reports their errors), as find answers them. classes
// are added as they are: every translation reads all IngressClasses.
func Collect(obj any, classes []*networkingv1.IngressClass, find Finder) (*Snapshot, error) {
	s := &Snapshot{IngressClasses: classes}
	s.Add(obj)
	seen := map[ObjectRef]bool{}
	added := map[any]bool{obj: true}
	queue := References(obj)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		objs, err := find(ref)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if added[o] {
				continue
			}
			added[o] = true
			s.Add(o)
			switch o.(type) {
			case *apiv2.ApisixUpstream, *apiv2.ApisixPluginConfig, *gwv1.Gateway:
				queue = append(queue, References(o)...)
			}
		}
	}
	return s, nil
}
