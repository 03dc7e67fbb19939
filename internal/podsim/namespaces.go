package podsim

import (
	"context"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// syncNamespaces does the namespace controller's part: a Namespace being
// deleted has every namespaced object in it deleted (each resource the API
// server serves that supports deletecollection); once they are gone (or
// finalizerGrace after the deletion) its "kubernetes" finalizer is removed
// through namespaces/<name>/finalize, so the deletion completes and the
// name can be created again. Without this, a test API server keeps deleted
// Namespaces Terminating forever and refuses new objects in them.
func (s *Sim) syncNamespaces(ctx context.Context) error {
	var nss corev1.NamespaceList
	if err := s.c.List(ctx, &nss); err != nil {
		return err
	}
	var resources []schema.GroupVersionResource
	for i := range nss.Items {
		ns := &nss.Items[i]
		if ns.DeletionTimestamp == nil || !slices.Contains(ns.Spec.Finalizers, corev1.FinalizerKubernetes) {
			continue
		}
		if resources == nil {
			var err error
			if resources, err = s.namespacedResources(); err != nil {
				return err
			}
		}
		left := ""
		for _, r := range resources {
			opts := metav1.DeleteOptions{}
			if r.Group == "" && r.Resource == "pods" {
				zero := int64(0)
				opts.GracePeriodSeconds = &zero
			}
			err := s.meta.Resource(r).Namespace(ns.Name).DeleteCollection(ctx, opts, metav1.ListOptions{})
			if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsMethodNotSupported(err) {
				s.logf("namespace %s: deleting %s: %v", ns.Name, r, err)
			}
			if left == "" {
				l, err := s.meta.Resource(r).Namespace(ns.Name).List(ctx, metav1.ListOptions{Limit: 1})
				if err == nil && len(l.Items) > 0 {
					left = r.String() + " " + l.Items[0].Name
				}
			}
		}
		if left != "" && time.Since(ns.DeletionTimestamp.Time) < finalizerGrace {
			continue // objects with finalizers are still going away
		}
		if left != "" {
			s.logf("namespace %s: finalized with %s still there after %s", ns.Name, left, finalizerGrace)
		}
		ns.Spec.Finalizers = slices.DeleteFunc(ns.Spec.Finalizers, func(f corev1.FinalizerName) bool { return f == corev1.FinalizerKubernetes })
		if _, err := s.cs.CoreV1().Namespaces().Finalize(ctx, ns, metav1.UpdateOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		s.logf("namespace %s finalized", ns.Name)
	}
	return nil
}

// finalizerGrace is how long a deleted Namespace waits for objects with
// finalizers (deleted, but kept until their controller lets go) before it
// is finalized anyway.
const finalizerGrace = 20 * time.Second

// namespacedResources are the namespaced resources that can be listed and
// deleted by collection, in their preferred versions.
func (s *Sim) namespacedResources() ([]schema.GroupVersionResource, error) {
	lists, err := s.cs.Discovery().ServerPreferredNamespacedResources()
	if err != nil && len(lists) == 0 {
		return nil, err
	}
	var out []schema.GroupVersionResource
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if slices.Contains(r.Verbs, "deletecollection") && slices.Contains(r.Verbs, "list") {
				out = append(out, gv.WithResource(r.Name))
			}
		}
	}
	return out, nil
}
