package controller

import (
	"reflect"
	"strings"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

var (
	typeApisixSecret = reflect.TypeFor[apiv2.ApisixSecret]()
	typeLocalSecret  = reflect.TypeFor[apiv2.LocalSecretReference]()
	typePlugin       = reflect.TypeFor[apiv2.ApisixRoutePlugin]()
	typeAnnotRef     = reflect.TypeFor[annotations.ObjectRef]()
)

// references are the objects a snapshot's objects name that the controller
// fetches on demand rather than caching their kind.
type references struct {
	secrets    map[objectKey]bool
	configMaps map[objectKey]bool
}

// referencesOf returns every Secret and ConfigMap the snapshot's objects
// reference. Secrets: Ingress TLS secrets and secret-valued annotations (as
// annotations.Parse reads them), and every Secret reference type of the
// apisix.apache.org/v2 specs, found by walking them, so new reference fields
// are covered without a list to maintain here. ConfigMaps: the annotations
// configMapFields lists.
func referencesOf(s *translator.Snapshot) references {
	refs := references{secrets: map[objectKey]bool{}, configMaps: map[objectKey]bool{}}
	for _, ing := range s.Ingresses {
		for _, t := range ing.Spec.TLS {
			if t.SecretName != "" {
				refs.secrets[objectKey{ing.Namespace, t.SecretName}] = true
			}
		}
		if namesObjects(ing.Annotations) {
			annotationRefs(ing.Annotations, ing.Namespace, refs)
		}
	}
	walkSpecs(s.ApisixRoutes, refs.secrets)
	walkSpecs(s.ApisixUpstreams, refs.secrets)
	walkSpecs(s.ApisixTlses, refs.secrets)
	walkSpecs(s.ApisixPluginConfigs, refs.secrets)
	walkSpecs(s.ApisixConsumers, refs.secrets)
	walkSpecs(s.ApisixGlobalRules, refs.secrets)
	return refs
}

// annotationRefs records the objects an Ingress's annotations name: the
// ConfigMap fields, then every other annotations.ObjectRef as a Secret.
func annotationRefs(a map[string]string, ns string, refs references) {
	cfg, _, _ := annotations.Parse(a)
	if cfg == nil {
		return
	}
	for _, f := range configMapFields(cfg) {
		if *f != nil {
			add(refs.configMaps, (*f).Namespace, (*f).Name, ns)
			*f = nil // cfg is ours: the Secret walk below must not see it
		}
	}
	walkRefs(reflect.ValueOf(cfg), ns, refs.secrets)
}

// configMapFields are the annotations.ObjectRef fields of cfg that name a
// ConfigMap (custom-headers, auth-proxy-set-headers); every other one names
// a Secret. A new ConfigMap-valued annotation must be added here and to
// namesObjects.
func configMapFields(cfg *annotations.Config) []**annotations.ObjectRef {
	return []**annotations.ObjectRef{&cfg.Headers.CustomHeaders, &cfg.ExternalAuth.ProxySetHeaders}
}

// namesObjects reports whether annotations may name a Secret or ConfigMap,
// sparing the parse of every other Ingress.
func namesObjects(a map[string]string) bool {
	for k := range a {
		if strings.Contains(k, "secret") || strings.HasSuffix(k, "/custom-headers") || strings.HasSuffix(k, "/auth-proxy-set-headers") {
			return true
		}
	}
	return false
}

// walkSpecs walks the Spec field of each object.
func walkSpecs[T any](objs []*T, refs map[objectKey]bool) {
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
func walkRefs(v reflect.Value, ns string, refs map[objectKey]bool) {
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

func add(refs map[objectKey]bool, ns, name, defaultNS string) {
	if name == "" {
		return
	}
	if ns == "" {
		ns = defaultNS
	}
	refs[objectKey{ns, name}] = true
}
