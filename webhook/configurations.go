package webhook

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// ConfigOptions describe where the API server reaches the webhook.
type ConfigOptions struct {
	// Name of both configuration objects; default "apisix-ingress".
	Name string
	// ServiceNamespace, ServiceName and ServicePort locate the webhook Service.
	ServiceNamespace string
	ServiceName      string
	ServicePort      int32
	// CABundle is the PEM CA that signed the serving certificate.
	CABundle []byte
	// TimeoutSeconds; default 5 (the handlers answer within Options.Deadline).
	TimeoutSeconds int32
	// FailurePolicy; default Fail.
	FailurePolicy admissionregistrationv1.FailurePolicyType
}

// Configurations returns the ValidatingWebhookConfiguration and the
// MutatingWebhookConfiguration that route CREATE and UPDATE of every kind
// of admittedKinds (Ingresses and every apisix.apache.org/v2 kind) to the
// handlers of Handlers, with sideEffects None (so `kubectl apply --dry-run=server` works).
func Configurations(o ConfigOptions) (*admissionregistrationv1.ValidatingWebhookConfiguration, *admissionregistrationv1.MutatingWebhookConfiguration) {
	if o.Name == "" {
		o.Name = "apisix-ingress"
	}
	if o.TimeoutSeconds == 0 {
		o.TimeoutSeconds = 5
	}
	if o.FailurePolicy == "" {
		o.FailurePolicy = admissionregistrationv1.Fail
	}
	none := admissionregistrationv1.SideEffectClassNone
	equivalent := admissionregistrationv1.Equivalent
	never := admissionregistrationv1.NeverReinvocationPolicy
	client := func(path string) admissionregistrationv1.WebhookClientConfig {
		p := path
		port := o.ServicePort
		return admissionregistrationv1.WebhookClientConfig{CABundle: o.CABundle, Service: &admissionregistrationv1.ServiceReference{
			Namespace: o.ServiceNamespace, Name: o.ServiceName, Path: &p, Port: &port}}
	}
	rules := func(t admittedKind) []admissionregistrationv1.RuleWithOperations {
		version := "v1"
		if t.group == apiv2.GroupVersion.Group {
			version = apiv2.GroupVersion.Version
		}
		return []admissionregistrationv1.RuleWithOperations{{
			Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
			Rule:       admissionregistrationv1.Rule{APIGroups: []string{t.group}, APIVersions: []string{version}, Resources: []string{t.resource}},
		}}
	}
	fp := o.FailurePolicy
	timeout := o.TimeoutSeconds
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingWebhookConfiguration"},
		ObjectMeta: metav1.ObjectMeta{Name: o.Name},
	}
	m := &admissionregistrationv1.MutatingWebhookConfiguration{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "MutatingWebhookConfiguration"},
		ObjectMeta: metav1.ObjectMeta{Name: o.Name},
	}
	for _, t := range admittedKinds() {
		name := lower(t.kind)
		v.Webhooks = append(v.Webhooks, admissionregistrationv1.ValidatingWebhook{
			Name: "v" + name + ".apisix-ingress.apache.org", ClientConfig: client(t.validatePath), Rules: rules(t),
			FailurePolicy: &fp, MatchPolicy: &equivalent, SideEffects: &none, TimeoutSeconds: &timeout,
			AdmissionReviewVersions: []string{"v1"},
		})
		if t.mutatePath != "" {
			m.Webhooks = append(m.Webhooks, admissionregistrationv1.MutatingWebhook{
				Name: "m" + name + ".apisix-ingress.apache.org", ClientConfig: client(t.mutatePath), Rules: rules(t),
				FailurePolicy: &fp, MatchPolicy: &equivalent, SideEffects: &none, TimeoutSeconds: &timeout,
				AdmissionReviewVersions: []string{"v1"}, ReinvocationPolicy: &never,
			})
		}
	}
	return v, m
}
