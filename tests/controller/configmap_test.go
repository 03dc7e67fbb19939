package controller_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/controller"
)

// TestReferencedConfigMap follows a ConfigMap named by an Ingress's
// custom-headers annotation: its data become the route's response-rewrite
// headers.set, an update of it reaches the route, a change to a ConfigMap
// nothing references does not even cause a translation, and once it is
// deleted the Ingress reports the unresolved reference (a Warning event)
// while its route is still served, without the headers (translator/doc.go:
// an unresolved reference does not withhold the object).
func TestReferencedConfigMap(t *testing.T) {
	f := newFixture(t, 1)
	ns := f.ns[0]
	r := f.start(t, f.controllerOptions(), nil)
	ctx := context.Background()

	objs := app(ns, 0)
	ing := objs[2].(*networkingv1.Ingress)
	ing.Annotations = map[string]string{"nginx.ingress.kubernetes.io/custom-headers": "response-headers"}
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "response-headers"},
		Data:       map[string]string{"X-Frame-Options": "DENY", "X-Team": "a"},
	}
	other := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "unrelated"},
		Data:       map[string]string{"k": "v0"},
	}
	createAll(t, append(objs, cm, other))

	eventually(t, convergeTimeout, "headers from the ConfigMap", func() error {
		return routeHeaders(f, ing.Name, cm.Data)
	})
	eventually(t, convergeTimeout, "converged", func() error { return f.converged() })

	// A ConfigMap nothing references is not read and changes nothing.
	time.Sleep(500 * time.Millisecond) // let in-flight events settle
	before := r.c.Stats().Translations
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(other), other))
	other.Data["k"] = "v1"
	require.NoError(t, env.Client.Update(ctx, other))
	time.Sleep(time.Second) // well past the debounce
	require.Equal(t, before, r.c.Stats().Translations, "an unreferenced ConfigMap caused a translation")

	// An update reaches the route.
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(cm), cm))
	cm.Data = map[string]string{"X-Frame-Options": "SAMEORIGIN", "X-Added": "yes"}
	require.NoError(t, env.Client.Update(ctx, cm))
	eventually(t, convergeTimeout, "headers follow the update", func() error {
		return routeHeaders(f, ing.Name, cm.Data)
	})
	eventually(t, convergeTimeout, "converged after the update", func() error { return f.converged() })

	// Deleted: the route stays, without the headers, and the Ingress
	// reports the missing ConfigMap.
	require.NoError(t, env.Client.Delete(ctx, cm))
	eventually(t, convergeTimeout, "headers gone", func() error { return routeHeaders(f, ing.Name, nil) })
	eventually(t, convergeTimeout, "converged after the delete", func() error { return f.converged() })
	eventually(t, convergeTimeout, "unresolved reference reported", func() error {
		return warned(ctx, ing, controller.ReasonUnresolvedReference, "ConfigMap "+ns+"/response-headers")
	})
	require.NoError(t, r.c.HealthCheck(nil))
	require.True(t, r.c.Ready())

	// Recreated: the headers come back.
	recreated := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "response-headers"},
		Data:       map[string]string{"X-Back": "1"},
	}
	createAll(t, []client.Object{recreated})
	eventually(t, convergeTimeout, "headers after the re-create", func() error {
		return routeHeaders(f, ing.Name, recreated.Data)
	})
}

// routeHeaders checks that the Ingress's routes exist and that their
// response-rewrite headers.set equals want (no response-rewrite when want
// is empty).
func routeHeaders(f *fixture, ingress string, want map[string]string) error {
	n := 0
	for id, raw := range f.srv.Snapshot()[apisix.KindRoute] {
		var rt struct {
			Labels  map[string]string `json:"labels"`
			Plugins struct {
				ResponseRewrite *struct {
					Headers struct {
						Set map[string]string `json:"set"`
					} `json:"headers"`
				} `json:"response-rewrite"`
			} `json:"plugins"`
		}
		if err := json.Unmarshal(raw, &rt); err != nil {
			return fmt.Errorf("route %s: %w", id, err)
		}
		if rt.Labels[apisix.LabelSourceKind] != "Ingress" || rt.Labels[apisix.LabelSourceName] != ingress {
			continue
		}
		n++
		var got map[string]string
		if rw := rt.Plugins.ResponseRewrite; rw != nil {
			got = rw.Headers.Set
		}
		if len(got) != len(want) || !maps.Equal(got, want) {
			return fmt.Errorf("route %s: headers.set %v, want %v", id, got, want)
		}
	}
	if n == 0 {
		return fmt.Errorf("no route of Ingress %s", ingress)
	}
	return nil
}

// warned checks that a Warning event with reason and a note containing
// text was recorded for o.
func warned(ctx context.Context, o client.Object, reason, text string) error {
	var evs eventsv1.EventList
	if err := env.Client.List(ctx, &evs, client.InNamespace(o.GetNamespace())); err != nil {
		return err
	}
	var seen []string
	for _, e := range evs.Items {
		if e.Regarding.Name != o.GetName() || e.Regarding.Kind != "Ingress" {
			continue
		}
		if e.Type == corev1.EventTypeWarning && e.Reason == reason && strings.Contains(e.Note, text) {
			return nil
		}
		seen = append(seen, e.Reason+": "+e.Note)
	}
	return fmt.Errorf("no %s event mentioning %q among %q", reason, text, seen)
}
