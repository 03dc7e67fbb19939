package apicheck

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// maxDataSize is the API server's limit on a Secret's or ConfigMap's data.
const maxDataSize = 1 << 20

// checkSecret applies kube-apiserver 1.37's Secret rules: data keys, total
// size, and the keys each type requires (tls.crt and tls.key for
// kubernetes.io/tls, username or password for kubernetes.io/basic-auth, ...).
// stringData counts as data, as the API server merges it first.
func checkSecret(obj *unstructured.Unstructured) field.ErrorList {
	var s corev1.Secret
	if errs := decode(obj, &s); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, true)
	data := map[string][]byte{}
	for k, v := range s.Data {
		data[k] = v
	}
	for k, v := range s.StringData {
		data[k] = []byte(v)
	}
	dp := field.NewPath("data")
	size := 0
	for k, v := range data {
		for _, msg := range validation.IsConfigMapKey(k) {
			errs = append(errs, field.Invalid(dp.Key(k), k, msg))
		}
		size += len(v)
	}
	if size > maxDataSize {
		errs = append(errs, field.TooLong(dp, "", maxDataSize))
	}
	need := func(keys ...string) {
		for _, k := range keys {
			if _, ok := data[k]; !ok {
				errs = append(errs, field.Required(dp.Key(k), ""))
			}
		}
	}
	switch s.Type {
	case corev1.SecretTypeServiceAccountToken:
		if s.Annotations[corev1.ServiceAccountNameKey] == "" {
			errs = append(errs, field.Required(field.NewPath("metadata", "annotations").Key(corev1.ServiceAccountNameKey), ""))
		}
	case corev1.SecretTypeDockercfg, corev1.SecretTypeDockerConfigJson:
		key := corev1.DockerConfigKey
		if s.Type == corev1.SecretTypeDockerConfigJson {
			key = corev1.DockerConfigJsonKey
		}
		raw, ok := data[key]
		if !ok {
			need(key)
		} else if err := json.Unmarshal(raw, &map[string]any{}); err != nil {
			errs = append(errs, field.Invalid(dp.Key(key), "<secret contents redacted>", err.Error()))
		}
	case corev1.SecretTypeBasicAuth:
		_, u := data[corev1.BasicAuthUsernameKey]
		_, p := data[corev1.BasicAuthPasswordKey]
		if !u && !p {
			need(corev1.BasicAuthUsernameKey, corev1.BasicAuthPasswordKey)
		}
	case corev1.SecretTypeSSHAuth:
		if len(data[corev1.SSHAuthPrivateKey]) == 0 {
			errs = append(errs, field.Required(dp.Key(corev1.SSHAuthPrivateKey), ""))
		}
	case corev1.SecretTypeTLS:
		need(corev1.TLSCertKey, corev1.TLSPrivateKeyKey)
	}
	return errs
}

// checkConfigMap applies the ConfigMap rules: keys, no key in both data and
// binaryData, total size.
func checkConfigMap(obj *unstructured.Unstructured) field.ErrorList {
	var c corev1.ConfigMap
	if errs := decode(obj, &c); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, true)
	size := 0
	for k, v := range c.Data {
		for _, msg := range validation.IsConfigMapKey(k) {
			errs = append(errs, field.Invalid(field.NewPath("data").Key(k), k, msg))
		}
		if _, dup := c.BinaryData[k]; dup {
			errs = append(errs, field.Invalid(field.NewPath("data").Key(k), k, "duplicate of key present in binaryData"))
		}
		size += len(v)
	}
	for k, v := range c.BinaryData {
		for _, msg := range validation.IsConfigMapKey(k) {
			errs = append(errs, field.Invalid(field.NewPath("binaryData").Key(k), k, msg))
		}
		size += len(v)
	}
	if size > maxDataSize {
		errs = append(errs, field.TooLong(field.NewPath(""), "", maxDataSize))
	}
	return errs
}

// checkService applies the Service port rules (names required when there
// are several, distinct DNS labels; port numbers; protocols; target ports).
// The API server's other Service rules (cluster IPs, types, traffic
// policies) are not repeated here.
func checkService(obj *unstructured.Unstructured) field.ErrorList {
	var s corev1.Service
	if errs := decode(obj, &s); len(errs) > 0 {
		return errs
	}
	errs := checkMeta(obj, true)
	ports := field.NewPath("spec", "ports")
	if len(s.Spec.Ports) == 0 && s.Spec.Type != corev1.ServiceTypeExternalName && s.Spec.ClusterIP != corev1.ClusterIPNone {
		errs = append(errs, field.Required(ports, ""))
	}
	names := map[string]bool{}
	for i, sp := range s.Spec.Ports {
		p := ports.Index(i)
		switch {
		case len(s.Spec.Ports) > 1 && sp.Name == "":
			errs = append(errs, field.Required(p.Child("name"), ""))
		case sp.Name != "":
			for _, msg := range validation.IsDNS1123Label(sp.Name) {
				errs = append(errs, field.Invalid(p.Child("name"), sp.Name, msg))
			}
			if names[sp.Name] {
				errs = append(errs, field.Duplicate(p.Child("name"), sp.Name))
			}
			names[sp.Name] = true
		}
		for _, msg := range validation.IsValidPortNum(int(sp.Port)) {
			errs = append(errs, field.Invalid(p.Child("port"), sp.Port, msg))
		}
		if sp.Protocol != "" && sp.Protocol != corev1.ProtocolTCP && sp.Protocol != corev1.ProtocolUDP && sp.Protocol != corev1.ProtocolSCTP {
			errs = append(errs, field.NotSupported(p.Child("protocol"), sp.Protocol, []string{"SCTP", "TCP", "UDP"}))
		}
		errs = append(errs, portNumOrName(sp.TargetPort, p.Child("targetPort"))...)
	}
	return errs
}

func portNumOrName(v intstr.IntOrString, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case v.Type == intstr.String && v.StrVal != "":
		for _, msg := range validation.IsValidPortName(v.StrVal) {
			errs = append(errs, field.Invalid(p, v.StrVal, msg))
		}
	case v.Type == intstr.Int && v.IntVal != 0:
		for _, msg := range validation.IsValidPortNum(int(v.IntVal)) {
			errs = append(errs, field.Invalid(p, v.IntVal, msg))
		}
	}
	return errs
}
