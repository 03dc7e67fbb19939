// Package snapshotio decodes Kubernetes manifests into a translator
// Snapshot, strictly (unknown fields are errors), remembering where each
// object came from.
package snapshotio

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
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
	_ = kubekinds.AddToScheme(s)
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

// add adds obj to the snapshot when it is of one of translator.SnapshotKinds,
// in namespace ns when it has none and its kind is namespaced.
func add(s *translator.Snapshot, obj runtime.Object, ns string) bool {
	k, ok := translator.SnapshotKindFor(obj)
	if !ok {
		return false
	}
	if m, isMeta := obj.(metav1.Object); isMeta && k.Namespaced && m.GetNamespace() == "" {
		m.SetNamespace(ns)
	}
	if sec, isSecret := obj.(*corev1.Secret); isSecret {
		// As the API server does: stringData is merged into data.
		for k, v := range sec.StringData {
			if sec.Data == nil {
				sec.Data = map[string][]byte{}
			}
			sec.Data[k] = []byte(v)
		}
		sec.StringData = nil
	}
	return s.Add(obj)
}
