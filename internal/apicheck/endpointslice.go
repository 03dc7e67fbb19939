package apicheck

import (
	"fmt"
	"net"

	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// checkEndpointSlice applies the EndpointSlice rules users meet most
// (kube-apiserver 1.37's pkg/apis/discovery/validation): IP addresses of the
// slice's family that a pod can have (not unspecified, loopback or
// link-local), and valid, distinct port names.
func checkEndpointSlice(obj *unstructured.Unstructured) field.ErrorList {
	var es discoveryv1.EndpointSlice
	if errs := decode(obj, &es); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, true)
	for i, ep := range es.Endpoints {
		p := field.NewPath("endpoints").Index(i).Child("addresses")
		if len(ep.Addresses) == 0 {
			errs = append(errs, field.Required(p, "must contain at least 1 address"))
		}
		for j, a := range ep.Addresses {
			if es.AddressType != discoveryv1.AddressTypeIPv4 && es.AddressType != discoveryv1.AddressTypeIPv6 {
				continue
			}
			errs = append(errs, endpointIPErrors(a, es.AddressType, p, j)...)
		}
	}
	seen := map[string]bool{}
	for i, port := range es.Ports {
		p := field.NewPath("ports").Index(i)
		name := ""
		if port.Name != nil {
			name = *port.Name
		}
		for _, msg := range validation.IsDNS1123Label(name) {
			if name != "" {
				errs = append(errs, field.Invalid(p.Child("name"), name, msg))
			}
		}
		if seen[name] {
			errs = append(errs, field.Duplicate(p.Child("name"), name))
		}
		seen[name] = true
		// The API server does not range-check an EndpointSlice's port numbers.
	}
	return errs
}

func endpointIPErrors(a string, family discoveryv1.AddressType, list *field.Path, j int) field.ErrorList {
	p := list.Index(j)
	if errs := validation.IsValidIPForLegacyField(p, a, false, nil); len(errs) > 0 {
		return errs
	}
	ip := net.ParseIP(a)
	var errs field.ErrorList
	if family == discoveryv1.AddressTypeIPv4 && ip.To4() == nil {
		errs = append(errs, field.Invalid(list, a, "must be an IPv4 address"))
	}
	if family == discoveryv1.AddressTypeIPv6 && ip.To4() != nil {
		errs = append(errs, field.Invalid(list, a, "must be an IPv6 address"))
	}
	switch {
	case ip.IsUnspecified():
		errs = append(errs, field.Invalid(p, a, fmt.Sprintf("may not be unspecified (%v)", a)))
	case ip.IsLoopback():
		errs = append(errs, field.Invalid(p, a, "may not be in the loopback range (127.0.0.0/8, ::1/128)"))
	case ip.IsLinkLocalUnicast():
		errs = append(errs, field.Invalid(p, a, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"))
	case ip.IsLinkLocalMulticast():
		errs = append(errs, field.Invalid(p, a, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"))
	}
	return errs
}
