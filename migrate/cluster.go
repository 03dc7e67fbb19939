package migrate

import (
	"context"
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// clusterPath is the Document.Path of objects listed from a cluster.
const clusterPath = "<cluster>"

// FromCluster reports whether a document was listed from a cluster.
func FromCluster(d manifestio.Document) bool { return d.Path == clusterPath }

// LoadCluster lists the objects a migration reads (IngressClasses, and the
// Ingresses, Services and EndpointSlices of namespace, or of every
// namespace when it is "", and the ConfigMaps the Ingresses reference) and
// returns them as documents, without status
// and server-set metadata, so that a rewritten Ingress can be applied as is.
// A document's JSON, which the translation decodes, keeps the object's
// creationTimestamp: conflicts between Ingresses resolve by age.
func LoadCluster(ctx context.Context, cs kubernetes.Interface, namespace string) ([]manifestio.Document, error) {
	var objs []any
	classes, err := cs.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing IngressClasses: %w", err)
	}
	for i := range classes.Items {
		o := &classes.Items[i]
		o.APIVersion, o.Kind = "networking.k8s.io/v1", "IngressClass"
		cleanMeta(&o.ObjectMeta)
		objs = append(objs, o)
	}
	ings, err := cs.NetworkingV1().Ingresses(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing Ingresses: %w", err)
	}
	for i := range ings.Items {
		o := &ings.Items[i]
		o.APIVersion, o.Kind = "networking.k8s.io/v1", "Ingress"
		o.Status = networkingv1.IngressStatus{}
		cleanMeta(&o.ObjectMeta)
		objs = append(objs, o)
	}
	cms, err := referencedConfigMaps(ctx, cs, ings.Items)
	if err != nil {
		return nil, err
	}
	objs = append(objs, cms...)
	svcs, err := cs.CoreV1().Services(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing Services: %w", err)
	}
	for i := range svcs.Items {
		o := &svcs.Items[i]
		o.APIVersion, o.Kind = "v1", "Service"
		o.Status = corev1.ServiceStatus{}
		cleanMeta(&o.ObjectMeta)
		objs = append(objs, o)
	}
	eps, err := cs.DiscoveryV1().EndpointSlices(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing EndpointSlices: %w", err)
	}
	for i := range eps.Items {
		o := &eps.Items[i]
		o.APIVersion, o.Kind = discoveryv1.SchemeGroupVersion.String(), "EndpointSlice"
		cleanMeta(&o.ObjectMeta)
		objs = append(objs, o)
	}
	docs := make([]manifestio.Document, 0, len(objs))
	for i, o := range objs {
		raw, err := marshalClean(o)
		if err != nil {
			return nil, err
		}
		js, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		d := manifestio.Document{Path: clusterPath, Line: i + 1, Raw: raw, JSON: js}
		if err := yaml.Unmarshal(raw, &d.Head); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// cleanMeta drops the metadata the API server sets but creationTimestamp
// (which the written YAML omits).
func cleanMeta(m *metav1.ObjectMeta) {
	m.ManagedFields = nil
	m.ResourceVersion, m.UID, m.Generation = "", "", 0
	delete(m.Annotations, "kubectl.kubernetes.io/last-applied-configuration")
	if len(m.Annotations) == 0 {
		m.Annotations = nil
	}
}

func marshalClean(o any) ([]byte, error) {
	docs, err := marshalObjects([]any{o})
	if err != nil {
		return nil, err
	}
	return docs[0], nil
}

// referencedConfigMaps gets the ConfigMaps a translation of the Ingresses
// looks up (translator.References: custom-headers, auth-proxy-set-headers),
// wherever they are; missing ones are left out (the report says so).
// Secrets are not read: a migration never needs credentials.
func referencedConfigMaps(ctx context.Context, cs kubernetes.Interface, ings []networkingv1.Ingress) ([]any, error) {
	var out []any
	seen := map[translator.ObjectRef]bool{}
	for i := range ings {
		for _, ref := range translator.References(&ings[i]) {
			if ref.Kind != translator.KindConfigMap || seen[ref] {
				continue
			}
			seen[ref] = true
			cm, err := cs.CoreV1().ConfigMaps(ref.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) || apierrors.IsForbidden(err) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("getting ConfigMap %s/%s: %w", ref.Namespace, ref.Name, err)
			}
			cm.APIVersion, cm.Kind = "v1", translator.KindConfigMap
			cleanMeta(&cm.ObjectMeta)
			out = append(out, cm)
		}
	}
	return out, nil
}
