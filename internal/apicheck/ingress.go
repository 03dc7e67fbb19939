package apicheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// Path checks of Exact and Prefix paths (kube-apiserver 1.37).
var (
	invalidPathSequences = []string{"//", "/./", "/../", "%2f", "%2F"}
	invalidPathSuffixes  = []string{"/..", "/."}
	supportedPathTypes   = []string{"Exact", "ImplementationSpecific", "Prefix"}
)

// legacyClassAnnotation must agree with spec.ingressClassName when both are set.
const legacyClassAnnotation = annotations.LegacyClassKey

// decode converts obj into a typed object; unknown fields are errors, as
// kubectl apply's default strict field validation reports them.
func decode(obj *unstructured.Unstructured, into any) field.ErrorList {
	err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(obj.Object, into, true)
	if err == nil {
		return nil
	}
	if !strings.HasPrefix(err.Error(), "strict decoding error") {
		// The converter cannot fill some kinds' fields (a Secret's []byte
		// data); encoding/json can, and refuses unknown fields as strictly.
		return decodeJSON(obj, into)
	}
	// `strict decoding error: unknown field "spec.x", unknown field "spec.y"`
	var errs field.ErrorList
	for _, part := range strings.Split(strings.TrimPrefix(err.Error(), "strict decoding error: "), ", ") {
		if p, ok := strings.CutPrefix(part, "unknown field "); ok {
			errs = append(errs, unknownField(strings.Trim(p, `"`)))
		}
	}
	if len(errs) == 0 {
		errs = field.ErrorList{field.Invalid(nil, obj.GetKind(), err.Error())}
	}
	return errs
}

// unknownField is a field the kind does not declare: kubectl apply's strict
// field validation refuses it ("strict decoding error: unknown field").
func unknownField(path string) *field.Error {
	return &field.Error{Type: field.ErrorTypeInvalid, Field: path, BadValue: field.OmitValueType{},
		Detail: "unknown field: remove it, or check its spelling and indentation", Origin: "unknownField"}
}

func checkIngress(obj *unstructured.Unstructured) field.ErrorList {
	var ing networkingv1.Ingress
	if errs := decode(obj, &ing); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, true)
	spec := field.NewPath("spec")
	if len(ing.Spec.Rules) == 0 && ing.Spec.DefaultBackend == nil {
		errs = append(errs, field.Invalid(spec, ing.Spec.Rules, "either `defaultBackend` or `rules` must be specified"))
	}
	if ing.Spec.DefaultBackend != nil {
		errs = append(errs, checkBackend(ing.Spec.DefaultBackend, spec.Child("defaultBackend"))...)
	}
	for i, r := range ing.Spec.Rules {
		errs = append(errs, checkRule(r, spec.Child("rules").Index(i))...)
	}
	for i, tls := range ing.Spec.TLS {
		p := spec.Child("tls").Index(i)
		for j, h := range tls.Hosts {
			errs = append(errs, hostErrors(h, p.Child("hosts").Index(j), false)...)
		}
		if tls.SecretName != "" {
			for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(tls.SecretName, false) {
				errs = append(errs, field.Invalid(p.Child("secretName"), tls.SecretName, msg))
			}
		}
	}
	if c := ing.Spec.IngressClassName; c != nil {
		for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(*c, false) {
			errs = append(errs, field.Invalid(spec.Child("ingressClassName"), *c, msg))
		}
	}
	if v, ok := annotations.LegacyClass(ing.Annotations); ok && ing.Spec.IngressClassName != nil && v != *ing.Spec.IngressClassName {
		errs = append(errs, field.Invalid(field.NewPath("annotations").Child(legacyClassAnnotation), v, "must match `ingressClassName` when both are specified"))
	}
	return errs
}

// hostErrors checks a rule or TLS host: a lowercase RFC 1123 subdomain, or
// one with a leading `*.` label; rules also refuse IP addresses.
func hostErrors(h string, p *field.Path, rule bool) field.ErrorList {
	var errs field.ErrorList
	if rule {
		if _, err := netip.ParseAddr(h); err == nil {
			errs = append(errs, field.Invalid(p, h, "must be a DNS name, not an IP address"))
		}
	}
	msgs := validation.IsDNS1123Subdomain(h)
	if strings.Contains(h, "*") {
		msgs = validation.IsWildcardDNS1123Subdomain(h)
	}
	for _, msg := range msgs {
		errs = append(errs, field.Invalid(p, h, msg))
	}
	return errs
}

func checkRule(r networkingv1.IngressRule, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if r.Host != "" {
		errs = append(errs, hostErrors(r.Host, p.Child("host"), true)...)
	}
	if r.HTTP == nil {
		return errs
	}
	hp := p.Child("http")
	if len(r.HTTP.Paths) == 0 {
		errs = append(errs, field.Required(hp.Child("paths"), ""))
	}
	for i, path := range r.HTTP.Paths {
		errs = append(errs, checkPath(path, hp.Child("paths").Index(i))...)
	}
	return errs
}

func checkPath(path networkingv1.HTTPIngressPath, p *field.Path) field.ErrorList {
	if path.PathType == nil {
		return field.ErrorList{field.Required(p.Child("pathType"), "pathType must be specified")}
	}
	var errs field.ErrorList
	pp := p.Child("path")
	switch *path.PathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix:
		if !strings.HasPrefix(path.Path, "/") {
			errs = append(errs, field.Invalid(pp, path.Path, "must be an absolute path"))
		}
		if path.Path != "" {
			for _, seq := range invalidPathSequences {
				if strings.Contains(path.Path, seq) {
					errs = append(errs, field.Invalid(pp, path.Path, fmt.Sprintf("must not contain '%s'", seq)))
				}
			}
			for _, suf := range invalidPathSuffixes {
				if strings.HasSuffix(path.Path, suf) {
					errs = append(errs, field.Invalid(pp, path.Path, fmt.Sprintf("cannot end with '%s'", suf)))
				}
			}
		}
	case networkingv1.PathTypeImplementationSpecific:
		if path.Path != "" && !strings.HasPrefix(path.Path, "/") {
			errs = append(errs, field.Invalid(pp, path.Path, "must be an absolute path"))
		}
	default:
		errs = append(errs, field.NotSupported(p.Child("pathType"), *path.PathType, supportedPathTypes))
	}
	return append(errs, checkBackend(&path.Backend, p.Child("backend"))...)
}

func checkBackend(b *networkingv1.IngressBackend, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case b.Resource != nil && b.Service != nil:
		return field.ErrorList{field.Invalid(p, "", "cannot set both resource and service backends")}
	case b.Resource != nil:
		if b.Resource.Kind == "" {
			errs = append(errs, field.Required(p.Child("resource", "kind"), ""))
		}
		if b.Resource.Name == "" {
			errs = append(errs, field.Required(p.Child("resource", "name"), ""))
		}
		if b.Resource.APIGroup != nil {
			for _, msg := range validation.IsDNS1123Subdomain(*b.Resource.APIGroup) {
				errs = append(errs, field.Invalid(p.Child("resource", "apiGroup"), *b.Resource.APIGroup, msg))
			}
		}
	case b.Service != nil:
		s := b.Service
		if s.Name == "" {
			errs = append(errs, field.Required(p.Child("service", "name"), ""))
		} else {
			// RelaxedServiceNameValidation is GA and locked on in 1.37: RFC 1123 labels.
			for _, msg := range apimachineryvalidation.NameIsDNSLabel(s.Name, false) {
				errs = append(errs, field.Invalid(p.Child("service", "name"), s.Name, msg))
			}
		}
		hasName, hasNumber := s.Port.Name != "", s.Port.Number != 0
		switch {
		case hasName && hasNumber:
			errs = append(errs, field.Invalid(p, "", "cannot set both port name & port number"))
		case hasName:
			for _, msg := range validation.IsValidPortName(s.Port.Name) {
				errs = append(errs, field.Invalid(p.Child("service", "port", "name"), s.Port.Name, msg))
			}
		case hasNumber:
			for _, msg := range validation.IsValidPortNum(int(s.Port.Number)) {
				errs = append(errs, field.Invalid(p.Child("service", "port", "number"), s.Port.Number, msg))
			}
		default:
			errs = append(errs, field.Required(p, "port name or number is required"))
		}
	default:
		errs = append(errs, field.Invalid(p, "", "resource or service backend is required"))
	}
	return errs
}

func checkIngressClass(obj *unstructured.Unstructured) field.ErrorList {
	var ic networkingv1.IngressClass
	if errs := decode(obj, &ic); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, false)
	c := field.NewPath("spec", "controller")
	if ic.Spec.Controller == "" {
		errs = append(errs, field.Required(c, ""))
	} else {
		if len(ic.Spec.Controller) > 250 {
			errs = append(errs, field.TooLong(c, "", 250))
		}
		for _, msg := range validation.IsDomainPrefixedPath(c, ic.Spec.Controller) {
			errs = append(errs, msg)
		}
	}
	return errs
}

// decodeJSON decodes obj into a typed object with encoding/json, unknown
// fields refused.
func decodeJSON(obj *unstructured.Unstructured, into any) field.ErrorList {
	raw, err := obj.MarshalJSON()
	if err != nil {
		return field.ErrorList{field.Invalid(nil, obj.GetKind(), err.Error())}
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(into); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return field.ErrorList{unknownField(strings.Trim(name, `"`))}
		}
		return field.ErrorList{field.Invalid(nil, obj.GetKind(), err.Error())}
	}
	return nil
}
