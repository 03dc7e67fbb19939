package podsim

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"maps"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// syncDeployments keeps spec.replicas Pods of each Deployment's current
// template: Pods of an older template are deleted, missing ones created,
// extra ones deleted. A Pod is named <deployment>-<template hash (10
// characters)>-<5 characters from the API server's generateName>, as a
// ReplicaSet's are (the conformance suite's weight tests take the backend
// name from it by dropping the last two segments); its owner is the
// Deployment itself (there are no ReplicaSets).
func (s *Sim) syncDeployments(ctx context.Context) error {
	var deps appsv1.DeploymentList
	if err := s.c.List(ctx, &deps); err != nil {
		return err
	}
	var pods corev1.PodList
	if err := s.c.List(ctx, &pods); err != nil {
		return err
	}
	owned := map[types.UID][]*corev1.Pod{}
	for i := range pods.Items {
		p := &pods.Items[i]
		if ref := metav1.GetControllerOf(p); ref != nil && ref.Kind == "Deployment" && p.DeletionTimestamp == nil {
			owned[ref.UID] = append(owned[ref.UID], p)
		}
	}
	for i := range deps.Items {
		d := &deps.Items[i]
		if d.DeletionTimestamp != nil {
			continue
		}
		want := int32(1)
		if d.Spec.Replicas != nil {
			want = *d.Spec.Replicas
		}
		hash := templateHash(&d.Spec.Template)
		var current []*corev1.Pod
		for _, p := range owned[d.UID] {
			if p.Labels[appsv1.DefaultDeploymentUniqueLabelKey] == hash {
				current = append(current, p)
				continue
			}
			if err := s.deletePod(ctx, p); err != nil {
				return err
			}
		}
		sort.Slice(current, func(a, b int) bool { return current[a].Name < current[b].Name })
		for n := int32(len(current)); n > want; n-- {
			if err := s.deletePod(ctx, current[n-1]); err != nil {
				return err
			}
		}
		for n := int32(len(current)); n < want; n++ {
			if err := s.createPod(ctx, d, hash); err != nil {
				return err
			}
		}
	}
	return nil
}

// createPod creates one Pod of d's template, bound to the Node.
func (s *Sim) createPod(ctx context.Context, d *appsv1.Deployment, hash string) error {
	tmpl := d.Spec.Template.DeepCopy()
	labels := maps.Clone(tmpl.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	labels[appsv1.DefaultDeploymentUniqueLabelKey] = hash
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: d.Namespace, GenerateName: d.Name + "-" + hash + "-",
			Labels: labels, Annotations: tmpl.Annotations,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(d, appsv1.SchemeGroupVersion.WithKind("Deployment"))},
		},
		Spec: tmpl.Spec,
	}
	p.Spec.NodeName = s.node
	if err := s.c.Create(ctx, p); err != nil {
		if apierrors.IsNotFound(err) || apierrors.IsForbidden(err) {
			return nil // the namespace is going away
		}
		return err
	}
	s.logf("created pod %s/%s", p.Namespace, p.Name)
	return nil
}

// deletePod deletes p at once: there is no kubelet to confirm a graceful
// deletion.
func (s *Sim) deletePod(ctx context.Context, p *corev1.Pod) error {
	err := s.c.Delete(ctx, p, client.GracePeriodSeconds(0), client.Preconditions{UID: &p.UID})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		return err
	}
	s.logf("deleted pod %s/%s", p.Namespace, p.Name)
	return nil
}

// templateHash is a 10-character name-safe hash of a Pod template.
func templateHash(t *corev1.PodTemplateSpec) string {
	b, _ := json.Marshal(t)
	h := fnv.New64a()
	_, _ = h.Write(b)
	return safeEncode(h.Sum64(), 10)
}

// nameAlphabet is the alphabet of generated names (no vowels, no
// look-alike digits), as the API server's generateName uses.
const nameAlphabet = "bcdfghjklmnpqrstvwxz2456789"

func safeEncode(v uint64, n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = nameAlphabet[v%uint64(len(nameAlphabet))]
		v /= uint64(len(nameAlphabet))
	}
	return string(out)
}

// clientKey is a namespaced name.
func clientKey(namespace, name string) client.ObjectKey {
	return client.ObjectKey{Namespace: namespace, Name: name}
}
