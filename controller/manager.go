package controller

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/internal/kubekinds"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// NewScheme returns a scheme with the kinds the translator reads (see
// kubekinds.AddToScheme).
func NewScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	if err := kubekinds.AddToScheme(s); err != nil {
		panic(fmt.Sprintf("controller: registering the translator's kinds: %v", err))
	}
	return s
}

// metadataKey is the cache key of the metadata-only informer of a kind of
// translator.SnapshotKinds.
func metadataKey(kind string) *metav1.PartialObjectMetadata {
	k, ok := translator.SnapshotKindOf(kind)
	if !ok {
		panic("controller: no snapshot kind " + kind)
	}
	m := &metav1.PartialObjectMetadata{}
	m.SetGroupVersionKind(k.GVK)
	return m
}

// ManagerOptions returns manager options this controller needs: the scheme,
// and a cache limited to opts.Namespaces that drops managedFields from every
// object, keeps Secrets and ConfigMaps as metadata without annotations
// (their data is never cached: the referenced ones are read directly) and
// Pods as names and labels only. Callers add probes, metrics and leader
// election settings; LeaderElectionID defaults to DefaultLeaderElectionID.
func ManagerOptions(opts Options) ctrl.Options {
	co := cache.Options{
		DefaultTransform: cache.TransformStripManagedFields(),
		ByObject:         map[client.Object]cache.ByObject{},
	}
	for _, k := range translator.SnapshotKinds() {
		switch {
		case k.ByReference:
			co.ByObject[metadataKey(k.GVK.Kind)] = cache.ByObject{Transform: stripRefMetadata}
		case k.MetadataOnly:
			co.ByObject[metadataKey(k.GVK.Kind)] = cache.ByObject{Transform: stripPodMetadata}
		}
	}
	if len(opts.Namespaces) > 0 {
		co.DefaultNamespaces = make(map[string]cache.Config, len(opts.Namespaces))
		for _, ns := range opts.Namespaces {
			co.DefaultNamespaces[ns] = cache.Config{}
		}
	}
	return ctrl.Options{
		Scheme:           NewScheme(),
		Cache:            co,
		LeaderElectionID: DefaultLeaderElectionID,
	}
}

// stripRefMetadata keeps only what the controller needs to notice a change
// of a Secret or ConfigMap: identity and resourceVersion. Annotations may
// hold a copy of the data (kubectl's last-applied-configuration), so they are
// dropped.
func stripRefMetadata(in any) (any, error) {
	if m, ok := in.(metav1.Object); ok {
		m.SetAnnotations(nil)
		m.SetManagedFields(nil)
		m.SetLabels(nil)
		m.SetOwnerReferences(nil)
	}
	return in, nil
}

// stripPodMetadata keeps a Pod's identity and labels.
func stripPodMetadata(in any) (any, error) {
	if m, ok := in.(metav1.Object); ok {
		m.SetAnnotations(nil)
		m.SetManagedFields(nil)
		m.SetOwnerReferences(nil)
	}
	return in, nil
}
