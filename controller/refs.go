package controller

import (
	"reflect"
	"strings"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// secretKey names a Secret.
type secretKey struct{ ns, name string }

var (
	typeApisixSecret = reflect.TypeFor[apiv2.ApisixSecret]()
	typeLocalSecret  = reflect.TypeFor[apiv2.LocalSecretReference]()
	typePlugin       = reflect.TypeFor[apiv2.ApisixRoutePlugin]()
	typeAnnotRef     = reflect.TypeFor[annotations.ObjectRef]()
)

// secretRefs returns every Secret the snapshot's objects reference: Ingress
// TLS secrets and secret-valued annotations (as annotations.Parse reads
// them), and every Secret reference type of the apisix.apache.org/v2 specs,
// found by walking them, so new reference fields are covered without a list
// to maintain here.
func secretRefs(s *translator.Snapshot) map[secretKey]bool {
	refs := map[secretKey]bool{}
	for _, ing := range s.Ingresses {
		for _, t := range ing.Spec.TLS {
			if t.SecretName != "" {
				refs[secretKey{ing.Namespace, t.SecretName}] = true
			}
		}
		if hasSecretAnnotation(ing.Annotations) {
			cfg, _, _ := annotations.Parse(ing.Annotations)
			if cfg != nil {
				walkRefs(reflect.ValueOf(cfg), ing.Namespace, refs)
			}
		}
	}
	walkSpecs(s.ApisixRoutes, refs)
	walkSpecs(s.ApisixUpstreams, refs)
	walkSpecs(s.ApisixTlses, refs)
	walkSpecs(s.ApisixPluginConfigs, refs)
	walkSpecs(s.ApisixConsumers, refs)
	walkSpecs(s.ApisixGlobalRules, refs)
	return refs
}

func hasSecretAnnotation(a map[string]string) bool {
	for k := range a {
		if strings.Contains(k, "secret") {
			return true
		}
	}
	return false
}

// walkSpecs walks the Spec field of each object.
func walkSpecs[T any](objs []*T, refs map[secretKey]bool) {
	for _, o := range objs {
		v := reflect.ValueOf(o).Elem()
		ns := v.FieldByName("Namespace")
		spec := v.FieldByName("Spec")
		if !ns.IsValid() || !spec.IsValid() {
			continue
		}
		walkRefs(spec, ns.String(), refs)
	}
}

// walkRefs records the Secret references found in v; ns is the namespace of
// the object v belongs to.
func walkRefs(v reflect.Value, ns string, refs map[secretKey]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkRefs(v.Elem(), ns, refs)
		}
	case reflect.Struct:
		switch v.Type() {
		case typeApisixSecret:
			add(refs, v.FieldByName("Namespace").String(), v.FieldByName("Name").String(), ns)
			return
		case typeLocalSecret:
			add(refs, "", v.FieldByName("Name").String(), ns)
			return
		case typeAnnotRef:
			add(refs, v.FieldByName("Namespace").String(), v.FieldByName("Name").String(), ns)
			return
		case typePlugin:
			add(refs, "", v.FieldByName("SecretRef").String(), ns)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkRefs(v.Field(i), ns, refs)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			walkRefs(v.Index(i), ns, refs)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkRefs(it.Value(), ns, refs)
		}
	}
}

func add(refs map[secretKey]bool, ns, name, defaultNS string) {
	if name == "" {
		return
	}
	if ns == "" {
		ns = defaultNS
	}
	refs[secretKey{ns, name}] = true
}
