package certs

import (
	"time"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	cmmeta "github.com/cert-manager/cert-manager/pkg/apis/meta/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// InjectCAFromAnnotation asks cert-manager's cainjector to copy a
// Certificate's ca.crt into a webhook configuration's caBundle; its value is
// "namespace/certificate-name" (see InjectCAFrom).
const InjectCAFromAnnotation = cmapi.WantInjectAnnotation

// Lifetimes used on the cert-manager path. The serving certificate follows
// cert-manager's defaults (90 days, renewed 30 days before expiry); the CA
// that signs it lives ten years, so renewing the serving certificate never
// changes caBundle.
const (
	CertManagerCADuration          = 10 * 365 * 24 * time.Hour
	CertManagerCARenewBefore       = 365 * 24 * time.Hour
	CertManagerServingDuration     = 90 * 24 * time.Hour
	CertManagerServingRenewBefore  = 30 * 24 * time.Hour
	certManagerSelfSignedIssuerSfx = "-selfsigned"
	certManagerCASfx               = "-ca"
)

// CertManagerOptions name the objects of the cert-manager path.
type CertManagerOptions struct {
	Namespace   string // where the webhook runs
	Prefix      string // name prefix: <prefix>-selfsigned, <prefix>-ca, <prefix>-webhook
	ServiceName string // the webhook Service
	SecretName  string // the Secret the webhook mounts
}

// CertManagerObjects are the cert-manager objects of the webhook: a
// self-signed Issuer bootstraps a CA Certificate, a CA Issuer backed by it
// signs the serving Certificate.
type CertManagerObjects struct {
	SelfSignedIssuer *cmapi.Issuer
	CA               *cmapi.Certificate
	CAIssuer         *cmapi.Issuer
	Serving          *cmapi.Certificate
}

// NewCertManagerObjects builds the objects for o.
func NewCertManagerObjects(o CertManagerOptions) CertManagerObjects {
	selfSigned := issuer(o.Namespace, o.Prefix+certManagerSelfSignedIssuerSfx,
		cmapi.IssuerConfig{SelfSigned: &cmapi.SelfSignedIssuer{}})
	caName := o.Prefix + certManagerCASfx
	ca := certificate(o.Namespace, caName, selfSigned.Name, cmapi.CertificateSpec{
		IsCA:        true,
		CommonName:  o.Prefix + "-webhook-ca",
		SecretName:  caName,
		Duration:    &metav1.Duration{Duration: CertManagerCADuration},
		RenewBefore: &metav1.Duration{Duration: CertManagerCARenewBefore},
	})
	caIssuer := issuer(o.Namespace, caName, cmapi.IssuerConfig{CA: &cmapi.CAIssuer{SecretName: caName}})
	serving := certificate(o.Namespace, o.Prefix+"-webhook", caIssuer.Name, cmapi.CertificateSpec{
		CommonName:  DNSNames(o.ServiceName, o.Namespace)[2],
		DNSNames:    DNSNames(o.ServiceName, o.Namespace),
		SecretName:  o.SecretName,
		Duration:    &metav1.Duration{Duration: CertManagerServingDuration},
		RenewBefore: &metav1.Duration{Duration: CertManagerServingRenewBefore},
		Usages:      []cmapi.KeyUsage{cmapi.UsageDigitalSignature, cmapi.UsageServerAuth},
	})
	return CertManagerObjects{SelfSignedIssuer: selfSigned, CA: ca, CAIssuer: caIssuer, Serving: serving}
}

// List returns the objects in the order they are created.
func (c CertManagerObjects) List() []client.Object {
	return []client.Object{c.SelfSignedIssuer, c.CA, c.CAIssuer, c.Serving}
}

// InjectCAFrom is the InjectCAFromAnnotation value for the serving Certificate.
func (c CertManagerObjects) InjectCAFrom() string {
	return c.Serving.Namespace + "/" + c.Serving.Name
}

func issuer(namespace, name string, cfg cmapi.IssuerConfig) *cmapi.Issuer {
	return &cmapi.Issuer{
		TypeMeta:   metav1.TypeMeta{APIVersion: cmapi.SchemeGroupVersion.String(), Kind: cmapi.IssuerKind},
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name},
		Spec:       cmapi.IssuerSpec{IssuerConfig: cfg},
	}
}

func certificate(namespace, name, issuerName string, spec cmapi.CertificateSpec) *cmapi.Certificate {
	spec.IssuerRef = cmmeta.IssuerReference{Name: issuerName, Kind: cmapi.IssuerKind, Group: cmapi.SchemeGroupVersion.Group}
	spec.PrivateKey = &cmapi.CertificatePrivateKey{
		Algorithm:      cmapi.ECDSAKeyAlgorithm,
		Size:           256,
		RotationPolicy: cmapi.RotationPolicyAlways,
	}
	return &cmapi.Certificate{
		TypeMeta:   metav1.TypeMeta{APIVersion: cmapi.SchemeGroupVersion.String(), Kind: cmapi.CertificateKind},
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name},
		Spec:       spec,
	}
}
