package translator

import (
	"crypto/tls"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// tls translates spec.tls into one APISIX ssl per entry. A Secret that does
// not exist yet is reported as NotFound (the routes are still served, over
// HTTP, until it appears, which is how cert-manager issues certificates); a
// Secret that exists but holds no valid kubernetes.io/tls pair is invalid.
func (b *ingressBuilder) tls() {
	ing := b.p.ing
	if len(ing.Spec.TLS) > 0 && b.tlsHosts == nil {
		b.tlsHosts = map[string]bool{}
	}
	for i, entry := range ing.Spec.TLS {
		fp := field.NewPath("spec", "tls").Index(i)
		for _, h := range entry.Hosts {
			b.tlsHosts[h] = true
		}
		if entry.SecretName == "" {
			b.e.warn(fp.Child("secretName"), "no secretName: APISIX has no default certificate, so these hosts are not served over HTTPS")
			continue
		}
		if len(entry.Hosts) == 0 {
			b.e.warn(fp.Child("hosts"), "no hosts: APISIX selects certificates by SNI, so list the hosts this certificate serves")
			continue
		}
		cert, key, ferr := b.t.tlsPair(ing.Namespace, entry.SecretName, fp.Child("secretName"))
		if ferr != nil {
			b.e.err(ferr)
			continue
		}
		if cert == "" { // contents not read (admission)
			continue
		}
		ssl := &apisix.SSL{
			ID:     makeID(tagIngress, "s", ing.Namespace, ing.Name, entry.SecretName, strings.Join(entry.Hosts, ",")),
			Labels: b.e.labels,
			SNIs:   append([]string(nil), entry.Hosts...),
			Cert:   cert,
			Key:    key,
		}
		b.clientCA(ssl)
		b.e.add(ssl)
	}
}

// tlsPair returns the certificate and key of a kubernetes.io/tls Secret,
// checked to parse and to match. With SkipSecretContents it only checks that
// a Secret present in the snapshot has the right type, and returns "".
func (t *translation) tlsPair(ns, name string, fp *field.Path) (string, string, *field.Error) {
	sec, ok := t.secret(ns, name)
	if !ok {
		if t.opts.SkipSecretContents {
			return "", "", nil
		}
		return "", "", field.NotFound(fp, fmt.Sprintf("Secret %s/%s", ns, name))
	}
	if sec.Type != "" && sec.Type != corev1.SecretTypeTLS && sec.Type != corev1.SecretTypeOpaque {
		return "", "", field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s has type %s; a certificate needs type kubernetes.io/tls", ns, name, sec.Type))
	}
	if t.opts.SkipSecretContents {
		return "", "", nil
	}
	cert, key := sec.Data[corev1.TLSCertKey], sec.Data[corev1.TLSPrivateKeyKey]
	if len(cert) == 0 || len(key) == 0 {
		return "", "", field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s must hold tls.crt and tls.key", ns, name))
	}
	if _, err := tls.X509KeyPair(cert, key); err != nil {
		return "", "", field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s does not hold a valid certificate and key: %v", ns, name, err))
	}
	return string(cert), string(key), nil
}
