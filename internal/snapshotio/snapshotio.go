// Package snapshotio decodes Kubernetes manifests into a translator
// Snapshot, strictly (unknown fields are errors), remembering where each
// object came from.
package snapshotio

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// Source is where an object was read.
type Source struct {
	Path string
	Line int
}

// Decoded is the result of decoding manifests.
type Decoded struct {
	Snapshot *translator.Snapshot
	// Sources maps each translated object to its file and line.
	Sources map[translator.ObjectRef]Source
	// Skipped lists documents of kinds the translator does not read.
	Skipped []manifestio.Document
}

// Scheme returns a scheme with the Kubernetes built-in kinds and ours.
func Scheme() *runtime.Scheme {
	s := runtime.NewScheme()
	_ = clientgoscheme.AddToScheme(s)
	_ = apiv2.AddToScheme(s)
	return s
}

// Decode turns documents into a snapshot. defaultNamespace is used for
// objects without metadata.namespace. The first malformed document is an
// error naming its file and line.
func Decode(docs []manifestio.Document, defaultNamespace string) (*Decoded, error) {
	return NewDecoder().Decode(docs, defaultNamespace)
}

// Decoder decodes documents strictly with the scheme of Scheme. Building
// the scheme is costly: a caller that decodes in parts, or concurrently,
// makes one Decoder and shares it.
type Decoder struct {
	dec runtime.Decoder
}

// NewDecoder returns a Decoder; it is safe for concurrent use.
func NewDecoder() *Decoder {
	return &Decoder{dec: serializer.NewCodecFactory(Scheme(), serializer.EnableStrict).UniversalDeserializer()}
}

// Decode is the package's Decode with this decoder.
func (x *Decoder) Decode(docs []manifestio.Document, defaultNamespace string) (*Decoded, error) {
	dec := x.dec
	out := &Decoded{Snapshot: &translator.Snapshot{}, Sources: map[translator.ObjectRef]Source{}}
	for _, d := range docs {
		if d.Head.Kind == "List" {
			return nil, fmt.Errorf("%s:%d: kind List is not supported; write one document per object", d.Path, d.Line)
		}
		js := d.JSON
		if js == nil {
			var err error
			if js, err = yaml.YAMLToJSON(d.Raw); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", d.Path, d.Line, err)
			}
		}
		obj, _, err := dec.Decode(js, nil, nil)
		if err != nil {
			if runtime.IsNotRegisteredError(err) {
				out.Skipped = append(out.Skipped, d)
				continue
			}
			return nil, fmt.Errorf("%s:%d: %s %s: %w", d.Path, d.Line, d.Head.Kind, d.Head.Metadata.Name, err)
		}
		if add(out.Snapshot, obj, defaultNamespace) {
			m := obj.(interface {
				GetNamespace() string
				GetName() string
			})
			ref := translator.ObjectRef{Kind: d.Head.Kind, Namespace: m.GetNamespace(), Name: m.GetName()}
			out.Sources[ref] = Source{Path: d.Path, Line: d.Line}
		} else {
			out.Skipped = append(out.Skipped, d)
		}
	}
	return out, nil
}

func add(s *translator.Snapshot, obj runtime.Object, ns string) bool {
	setNS := func(m interface {
		GetNamespace() string
		SetNamespace(string)
	}) {
		if m.GetNamespace() == "" {
			m.SetNamespace(ns)
		}
	}
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		setNS(o)
		s.Ingresses = append(s.Ingresses, o)
	case *networkingv1.IngressClass:
		s.IngressClasses = append(s.IngressClasses, o)
	case *corev1.Service:
		setNS(o)
		s.Services = append(s.Services, o)
	case *discoveryv1.EndpointSlice:
		setNS(o)
		s.EndpointSlices = append(s.EndpointSlices, o)
	case *corev1.Secret:
		setNS(o)
		// As the API server does: stringData is merged into data.
		for k, v := range o.StringData {
			if o.Data == nil {
				o.Data = map[string][]byte{}
			}
			o.Data[k] = []byte(v)
		}
		o.StringData = nil
		s.Secrets = append(s.Secrets, o)
	case *corev1.ConfigMap:
		setNS(o)
		s.ConfigMaps = append(s.ConfigMaps, o)
	case *corev1.Pod:
		setNS(o)
		s.Pods = append(s.Pods, o)
	case *apiv2.ApisixRoute:
		setNS(o)
		s.ApisixRoutes = append(s.ApisixRoutes, o)
	case *apiv2.ApisixUpstream:
		setNS(o)
		s.ApisixUpstreams = append(s.ApisixUpstreams, o)
	case *apiv2.ApisixTls:
		setNS(o)
		s.ApisixTlses = append(s.ApisixTlses, o)
	case *apiv2.ApisixPluginConfig:
		setNS(o)
		s.ApisixPluginConfigs = append(s.ApisixPluginConfigs, o)
	case *apiv2.ApisixConsumer:
		setNS(o)
		s.ApisixConsumers = append(s.ApisixConsumers, o)
	case *apiv2.ApisixGlobalRule:
		setNS(o)
		s.ApisixGlobalRules = append(s.ApisixGlobalRules, o)
	default:
		return false
	}
	return true
}
