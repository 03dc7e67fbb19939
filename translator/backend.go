package translator

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// nodeWeight is the weight of every node of a Service: pods share traffic
// equally, and traffic-split weights between upstreams stay independent.
const nodeWeight = 100

// serviceTarget says how a Service backend resolves to upstream nodes.
type serviceTarget struct {
	namespace string
	name      string
	port      intstr.IntOrString
	// viaClusterIP sends to the Service's ClusterIP instead of pod IPs
	// (ingress-nginx service-upstream, ApisixRoute resolveGranularity service).
	viaClusterIP bool
}

// resolved is a Service backend resolved against the snapshot.
type resolved struct {
	nodes apisix.Nodes
	// scheme suggested by the Service port's appProtocol ("" when none).
	scheme string
	// externalName is set for ExternalName Services.
	externalName string
}

// refError is a resolution problem, turned into a field.Error at the
// caller's path only when there is one (valid objects build no paths).
type refError struct {
	child    string // "name" or "port"
	notFound bool
	value    string
	detail   string
}

func (e *refError) at(fp *field.Path) *field.Error {
	if e.notFound {
		return field.NotFound(fp.Child(e.child), e.detail)
	}
	return field.Invalid(fp.Child(e.child), e.value, e.detail)
}

func (t *translation) resolve(st serviceTarget) (resolved, *refError) {
	svc, slices, ok := t.service(st.namespace, st.name)
	if !ok {
		return resolved{}, &refError{child: "name", notFound: true, detail: fmt.Sprintf("Service %s/%s", st.namespace, st.name)}
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		return resolveExternalName(svc, st.port), nil
	}
	sp, rerr := findServicePort(svc, st.port)
	if rerr != nil {
		return resolved{}, rerr
	}
	res := resolved{scheme: schemeFromAppProtocol(sp.AppProtocol)}
	if st.viaClusterIP {
		for _, ip := range clusterIPs(svc) {
			res.nodes = append(res.nodes, apisix.Node{Host: nodeHost(ip), Port: int(sp.Port), Weight: nodeWeight})
		}
		if len(res.nodes) == 0 {
			return res, &refError{child: "name", value: st.name, detail: "the Service is headless (clusterIP: None) and has no ClusterIP to send to; use pod endpoints instead"}
		}
		return res, nil
	}
	res.nodes = t.endpointNodes(slices, sp, nil)
	return res, nil
}

func clusterIPs(svc *corev1.Service) []string {
	ips := svc.Spec.ClusterIPs
	if len(ips) == 0 && svc.Spec.ClusterIP != "" {
		ips = []string{svc.Spec.ClusterIP}
	}
	var out []string
	for _, ip := range ips {
		if ip != "" && ip != corev1.ClusterIPNone {
			out = append(out, ip)
		}
	}
	return out
}

func resolveExternalName(svc *corev1.Service, port intstr.IntOrString) resolved {
	p := 80
	if port.Type == intstr.Int && port.IntVal > 0 {
		p = int(port.IntVal)
	} else {
		for _, sp := range svc.Spec.Ports {
			if sp.Name == port.StrVal {
				p = int(sp.Port)
			}
		}
	}
	return resolved{
		externalName: svc.Spec.ExternalName,
		nodes:        apisix.Nodes{{Host: svc.Spec.ExternalName, Port: p, Weight: nodeWeight}},
	}
}

func findServicePort(svc *corev1.Service, port intstr.IntOrString) (*corev1.ServicePort, *refError) {
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		if (port.Type == intstr.Int && sp.Port == port.IntVal) || (port.Type == intstr.String && sp.Name == port.StrVal) {
			return sp, nil
		}
	}
	var have []string
	for _, sp := range svc.Spec.Ports {
		if sp.Name != "" {
			have = append(have, fmt.Sprintf("%d (%s)", sp.Port, sp.Name))
		} else {
			have = append(have, strconv.Itoa(int(sp.Port)))
		}
	}
	return nil, &refError{child: "port", notFound: true, detail: fmt.Sprintf("port %s of Service %s/%s (it has %v)", port.String(), svc.Namespace, svc.Name, have)}
}

// endpointNodes returns the ready, non-terminating endpoints of the Service
// port (those keep accepts, when set), from every address family,
// deduplicated (an address can be in two slices while they change) and
// sorted.
func (t *translation) endpointNodes(ess []*discoveryv1.EndpointSlice, sp *corev1.ServicePort, keep func(*discoveryv1.Endpoint) bool) apisix.Nodes {
	n := 0
	for _, slice := range ess {
		n += len(slice.Endpoints) // usually one address each
	}
	nodes := make(apisix.Nodes, 0, n) // never nil: an upstream without endpoints has an empty list
	for _, slice := range ess {
		if slice.AddressType == discoveryv1.AddressTypeFQDN {
			continue
		}
		port, ok := slicePort(slice, sp)
		if !ok {
			continue
		}
		for i := range slice.Endpoints {
			ep := &slice.Endpoints[i]
			if !endpointServing(ep) || (keep != nil && !keep(ep)) {
				continue
			}
			for _, addr := range ep.Addresses {
				nodes = append(nodes, apisix.Node{Host: nodeHost(addr), Port: port, Weight: nodeWeight})
			}
		}
	}
	sortNodes(nodes)
	if len(ess) > 1 {
		nodes = slices.CompactFunc(nodes, func(a, b apisix.Node) bool { return a.Host == b.Host && a.Port == b.Port })
	}
	return nodes
}

// sortNodes orders nodes by host, then port. Endpoints often come in
// order already, and checking is cheaper than moving nodes.
func sortNodes(nodes apisix.Nodes) {
	if !slices.IsSortedFunc(nodes, compareNodes) {
		slices.SortFunc(nodes, compareNodes)
	}
}

func compareNodes(a, b apisix.Node) int {
	if c := strings.Compare(a.Host, b.Host); c != 0 {
		return c
	}
	return cmp.Compare(a.Port, b.Port)
}

// nodeHost writes IPv6 addresses in brackets, as APISIX expects in nodes.
func nodeHost(addr string) string {
	if strings.IndexByte(addr, ':') < 0 {
		return addr // IPv4 (or a name): no need to parse
	}
	if ip, err := netip.ParseAddr(addr); err == nil && ip.Is6() && !ip.Is4In6() {
		return "[" + addr + "]"
	}
	return addr
}

func slicePort(slice *discoveryv1.EndpointSlice, sp *corev1.ServicePort) (int, bool) {
	for _, p := range slice.Ports {
		name := ""
		if p.Name != nil {
			name = *p.Name
		}
		if name == sp.Name && p.Port != nil {
			return int(*p.Port), true
		}
	}
	return 0, false
}

// endpointServing: ready (unset means ready) and not terminating.
func endpointServing(ep *discoveryv1.Endpoint) bool {
	if ep.Conditions.Terminating != nil && *ep.Conditions.Terminating {
		return false
	}
	return ep.Conditions.Ready == nil || *ep.Conditions.Ready
}

func schemeFromAppProtocol(p *string) string {
	if p == nil {
		return ""
	}
	switch *p {
	case "https", "kubernetes.io/https":
		return "https"
	case "kubernetes.io/h2c", "grpc":
		return "grpc"
	}
	return ""
}
