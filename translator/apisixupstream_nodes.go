package translator

import (
	"fmt"
	"net/netip"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// externalNodes resolves an ApisixUpstream's externalNodes: a Domain is a
// host name or IP address; a Service is an ExternalName Service of the same
// namespace, whose external name becomes the node. Ports default to 443 for
// https and grpcs, else 80; weights to 100.
func (t *translation) externalNodes(e *emitter, o *apiv2.ApisixUpstream, fp *field.Path) apisix.Nodes {
	if len(o.Spec.ExternalNodes) == 0 {
		return nil
	}
	defPort := 80
	if o.Spec.Scheme == "https" || o.Spec.Scheme == "grpcs" {
		defPort = 443
	}
	nodes := make(apisix.Nodes, 0, len(o.Spec.ExternalNodes))
	for i, n := range o.Spec.ExternalNodes {
		np := fp.Index(i)
		host := n.Name
		switch n.Type {
		case "", apiv2.ExternalTypeDomain:
			if _, err := netip.ParseAddr(host); err != nil && len(validation.IsDNS1123Subdomain(strings.ToLower(host))) > 0 {
				e.err(field.Invalid(np.Child("name"), host, "must be a DNS name or an IP address"))
				continue
			}
		case apiv2.ExternalTypeService:
			svc, _, ok := t.service(o.Namespace, n.Name)
			if !ok {
				e.err(field.NotFound(np.Child("name"), fmt.Sprintf("Service %s/%s", o.Namespace, n.Name)))
				continue
			}
			if svc.Spec.Type != corev1.ServiceTypeExternalName {
				e.err(field.Invalid(np.Child("type"), n.Type, fmt.Sprintf("Service %s/%s is not an ExternalName Service; use it as an ApisixRoute backend instead", o.Namespace, n.Name)))
				continue
			}
			host = svc.Spec.ExternalName
		default:
			e.err(field.NotSupported(np.Child("type"), n.Type, []string{apiv2.ExternalTypeDomain, apiv2.ExternalTypeService}))
			continue
		}
		port := defPort
		if n.Port != nil {
			port = *n.Port
		}
		weight := nodeWeight
		if n.Weight != nil {
			weight = *n.Weight
		}
		nodes = append(nodes, apisix.Node{Host: nodeHost(host), Port: port, Weight: weight})
	}
	return nodes
}

// crdTarget is a Service that an ApisixRoute rule sends to.
type crdTarget struct {
	ns, svc   string
	port      intstr.IntOrString
	clusterIP bool              // resolveGranularity service
	podLabels map[string]string // a subset's pod labels; nil selects every endpoint
}

// crdResolved is a crdTarget resolved against the snapshot.
type crdResolved struct {
	nodes apisix.Nodes
	// port is the Service port (0 when the Service or port is missing, or
	// for an ExternalName Service), which selects portLevelSettings.
	port   int32
	scheme string
}

// resolveTarget turns a Service target into nodes: the ready endpoints of
// the Service port (those of pods carrying podLabels, for a subset), its
// ClusterIPs, or the external name of an ExternalName Service. A missing
// Service or port is NotFound at fp's serviceName or servicePort.
func (t *translation) resolveTarget(tg crdTarget, at lazyPath) (crdResolved, *field.Error) {
	svc, slicesOf, ok := t.service(tg.ns, tg.svc)
	if !ok {
		return crdResolved{}, field.NotFound(at.path().Child("serviceName"), fmt.Sprintf("Service %s/%s", tg.ns, tg.svc))
	}
	if svc.Spec.Type == corev1.ServiceTypeExternalName {
		r := resolveExternalName(svc, tg.port)
		return crdResolved{nodes: r.nodes}, nil
	}
	sp := servicePortOf(svc, tg.port)
	if sp == nil {
		return crdResolved{}, field.NotFound(at.path().Child("servicePort"), fmt.Sprintf("port %s of Service %s/%s", tg.port.String(), tg.ns, tg.svc))
	}
	res := crdResolved{port: sp.Port, scheme: schemeFromAppProtocol(sp.AppProtocol)}
	if tg.clusterIP {
		for _, ip := range clusterIPs(svc) {
			res.nodes = append(res.nodes, apisix.Node{Host: nodeHost(ip), Port: int(sp.Port), Weight: nodeWeight})
		}
		if len(res.nodes) == 0 {
			return res, field.Invalid(at.path().Child("resolveGranularity"), apiv2.ResolveGranularityService, fmt.Sprintf("Service %s/%s is headless (clusterIP: None); use resolveGranularity endpoint", tg.ns, tg.svc))
		}
		return res, nil
	}
	var keep func(*discoveryv1.Endpoint) bool
	if tg.podLabels != nil {
		keep = func(ep *discoveryv1.Endpoint) bool { return t.podMatches(svc.Namespace, ep.TargetRef, tg.podLabels) }
	}
	res.nodes = t.endpointNodes(slicesOf, sp, keep)
	return res, nil
}

func servicePortOf(svc *corev1.Service, port intstr.IntOrString) *corev1.ServicePort {
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		if (port.Type == intstr.Int && sp.Port == port.IntVal) || (port.Type == intstr.String && sp.Name == port.StrVal) {
			return sp
		}
	}
	return nil
}

// podMatches reports whether the endpoint's pod carries every label.
func (t *translation) podMatches(ns string, ref *corev1.ObjectReference, labels map[string]string) bool {
	if ref == nil || (ref.Kind != "" && ref.Kind != "Pod") {
		return false
	}
	if ref.Namespace != "" {
		ns = ref.Namespace
	}
	pod, ok := t.pod(ns, ref.Name)
	if !ok {
		return false
	}
	for k, v := range labels {
		if pv, has := pod.Labels[k]; !has || pv != v {
			return false
		}
	}
	return true
}
