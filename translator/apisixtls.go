package translator

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// caCertKey is the Secret key of a CA certificate (as cert-manager writes it).
const caCertKey = "ca.crt"

// apisixTls translates an ApisixTls into an APISIX ssl: the hosts become
// snis, the kubernetes.io/tls Secret the cert and key, and client.caSecret
// (its ca.crt) the CA that client certificates must chain to.
//
// A missing Secret is NotFound and no ssl is emitted until it appears. So is
// a missing CA Secret: serving the certificate without verifying clients
// would silently turn mutual TLS off, so the ssl waits for the CA too.
func (t *translation) apisixTls(o *apiv2.ApisixTls) {
	ref := ObjectRef{Kind: kindApisixTls, Namespace: o.Namespace, Name: o.Name}
	e := t.newEmitter(ref, o.Generation)
	defer t.commit(e)
	spec := field.NewPath("spec")
	if len(o.Spec.Hosts) == 0 {
		e.err(field.Required(spec.Child("hosts"), "the SNIs this certificate serves are required"))
		return
	}
	t.tlsConflicts(o, e)
	snis := make([]string, 0, len(o.Spec.Hosts))
	for _, h := range o.Spec.Hosts {
		snis = append(snis, string(h))
	}
	secNS := orDefault(o.Spec.Secret.Namespace, o.Namespace)
	cert, key, ferr := t.tlsPair(secNS, o.Spec.Secret.Name, spec.Child("secret"))
	if ferr != nil {
		e.err(ferr)
		return
	}
	var client *apisix.SSLClient
	if c := o.Spec.Client; c != nil {
		ca, ok := t.caCert(e, orDefault(c.CASecret.Namespace, o.Namespace), c.CASecret.Name, spec.Child("client", "caSecret"))
		if !ok {
			return
		}
		client = &apisix.SSLClient{CA: ca, SkipMTLSURIRegex: unique(c.SkipMTLSUriRegex)}
		if c.Depth > 0 {
			client.Depth = apisix.Ptr(c.Depth)
		}
	}
	if cert == "" { // contents not read (admission)
		return
	}
	e.add(&apisix.SSL{
		ID:     makeID(tagApisixTls, "s", o.Namespace, o.Name),
		Labels: e.labels,
		Type:   apisix.SSLTypeServer,
		SNIs:   unique(snis),
		Cert:   cert,
		Key:    key,
		Client: client,
	})
}

// caCert reads and checks the CA certificate of a Secret. With
// SkipSecretContents it only checks that a Secret in the snapshot exists.
func (t *translation) caCert(e *emitter, ns, name string, fp *field.Path) (string, bool) {
	sec, ok := t.secret(ns, name)
	if t.opts.SkipSecretContents {
		return "", true
	}
	if !ok {
		e.err(field.NotFound(fp, fmt.Sprintf("Secret %s/%s", ns, name)))
		return "", false
	}
	ca := sec.Data[caCertKey]
	block, _ := pem.Decode(ca)
	if block == nil {
		e.err(field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s must hold a PEM CA certificate under %s", ns, name, caCertKey)))
		return "", false
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		e.err(field.Invalid(fp, name, fmt.Sprintf("Secret %s/%s %s is not a valid certificate: %v", ns, name, caCertKey, err)))
		return "", false
	}
	return string(ca), true
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
