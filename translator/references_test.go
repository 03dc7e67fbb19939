package translator_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwv1 "sigs.k8s.io/gateway-api/apis/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// outcome is what a translation gives one source object: its status, its
// notices and the APISIX objects it owns, rendered for comparison.
func outcome(res *translator.Result, ref translator.ObjectRef, unowned map[string]bool) []string {
	var out []string
	if st, ok := res.StatusOf(ref); ok {
		out = append(out, fmt.Sprintf("status emitted=%v", st.Emitted))
		for _, e := range st.Errors {
			out = append(out, "error "+e.Error())
		}
	} else {
		out = append(out, "no status")
	}
	for _, n := range res.Notices {
		if n.Ref == ref {
			out = append(out, fmt.Sprintf("notice %s: %s: %s", n.Severity, n.Field, n.Message))
		}
	}
	for _, o := range res.State.All() {
		l := o.GetLabels()
		owned := l[apisix.LabelSourceKind] != ""
		mine := owned && l[apisix.LabelSourceKind] == ref.Kind && l[apisix.LabelSourceNamespace] == ref.Namespace && l[apisix.LabelSourceName] == ref.Name
		if !owned && unowned[string(o.Kind())+"/"+o.GetID()] {
			mine = true
		}
		if !mine {
			continue
		}
		js, err := json.Marshal(o)
		if err != nil {
			panic(err)
		}
		out = append(out, fmt.Sprintf("%s %s", o.Kind(), js))
	}
	sort.Strings(out)
	return out
}

// TestReferencesAreComplete proves References complete: for every source
// object of every golden input, translating a snapshot holding only the
// object, what Collect gathers for it and the IngressClasses gives the
// object the same status, notices and APISIX objects as translating the
// whole input. Ingresses also get the Ingresses they share a host with:
// canaries and host+path conflicts are between neighbours, not references.
func TestReferencesAreComplete(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, ins)
	for _, in := range ins {
		t.Run(strings.TrimSuffix(filepath.Base(in), ".in.yaml"), func(t *testing.T) {
			docs, err := manifestio.ReadPaths([]string{in}, nil)
			require.NoError(t, err)
			dec, err := snapshotio.Decode(docs, "default")
			require.NoError(t, err)
			full := dec.Snapshot
			want := translator.Translate(full, translator.Options{})
			find := snapshotFinder(full)
			for _, k := range translator.SnapshotKinds() {
				if !k.Source {
					continue
				}
				for _, obj := range k.Objects(full) {
					m := obj.(metav1.Object)
					ref := translator.ObjectRef{Kind: k.GVK.Kind, Namespace: m.GetNamespace(), Name: m.GetName()}
					sub, err := translator.Collect(obj, full.IngressClasses, find)
					require.NoError(t, err)
					addNeighbours(sub, full, obj, find)
					got := translator.Translate(sub, translator.Options{})
					unowned := map[string]bool{}
					for _, o := range got.State.All() {
						if o.GetLabels()[apisix.LabelSourceKind] == "" {
							unowned[string(o.Kind())+"/"+o.GetID()] = true
						}
					}
					require.Equal(t, outcome(want, ref, unowned), outcome(got, ref, unowned), "%s: References(%s) = %v", in, ref, translator.References(obj))
				}
			}
		})
	}
}

// addNeighbours adds to sub the objects whose translation decides, by
// sharing something with obj rather than by being named, what obj gets
// (with what they reference): for an Ingress, the Ingresses sharing one of
// its hosts or server aliases (canaries, host+path and alias conflicts);
// for an ApisixRoute with stream rules, the others with stream rules (port
// claims); for an ApisixGlobalRule, the other global rules (a plugin is
// global once).
func addNeighbours(sub, full *translator.Snapshot, obj any, find translator.Finder) {
	var neighbours []any
	// hostKeys are the keys by which objects meet on a host: an Ingress's
	// hosts and server aliases, an ApisixRoute's hosts (and stream
	// listeners), an ApisixTls's SNIs.
	hostKeys := func(o any) []string {
		switch o := o.(type) {
		case *networkingv1.Ingress:
			keys := translator.IngressHostKeys(o)
			if cfg, _, _ := annotations.Parse(o.Annotations); cfg != nil {
				for _, a := range cfg.Route.ServerAliases {
					keys = append(keys, strings.ToLower(a))
				}
			}
			return keys
		case *apiv2.ApisixRoute:
			return translator.ApisixRouteHostKeys(o)
		case *apiv2.ApisixTls:
			return translator.ApisixTlsHostKeys(o)
		}
		return nil
	}
	var candidates []any
	for _, n := range full.Ingresses {
		candidates = append(candidates, n)
	}
	for _, n := range full.ApisixRoutes {
		candidates = append(candidates, n)
	}
	for _, n := range full.ApisixTlses {
		candidates = append(candidates, n)
	}
	if len(hostKeys(obj)) > 0 {
		// Transitively: an alias an older neighbour adds depends on its
		// own neighbours' hosts.
		in := map[any]bool{obj: true}
		hosts := map[string]bool{}
		for _, k := range hostKeys(obj) {
			hosts[k] = true
		}
		for grew := true; grew; {
			grew = false
			for _, n := range candidates {
				if in[n] || !slices.ContainsFunc(hostKeys(n), func(k string) bool { return hosts[k] }) {
					continue
				}
				in[n], grew = true, true
				neighbours = append(neighbours, n)
				for _, k := range hostKeys(n) {
					hosts[k] = true
				}
			}
		}
	}
	switch o := obj.(type) {
	case *apiv2.ApisixRoute:
		for _, n := range full.ApisixRoutes {
			if n != o && len(o.Spec.Stream) > 0 && len(n.Spec.Stream) > 0 && !slices.Contains(neighbours, any(n)) {
				neighbours = append(neighbours, n)
			}
		}
	case *apiv2.ApisixGlobalRule:
		for _, n := range full.ApisixGlobalRules {
			if n != o {
				neighbours = append(neighbours, n)
			}
		}
	case *gwv1.Gateway, *gwv1.HTTPRoute, *gwv1.GRPCRoute:
		// A Gateway counts the routes attached to it; a route's priority
		// ranks it among the routes created in the same second.
		for _, k := range translator.SnapshotKinds() {
			if k.GatewayAPI && k.Source && k.GVK.Kind != translator.KindGateway && k.GVK.Kind != translator.KindGatewayClass {
				for _, n := range k.Objects(full) {
					if any(n) != obj {
						neighbours = append(neighbours, n)
					}
				}
			}
		}
	}
	for _, n := range neighbours {
		ns, err := translator.Collect(n, nil, find)
		if err != nil {
			panic(err)
		}
		sub.Merge(ns)
	}
}

// snapshotFinder is a Finder over the objects of a snapshot.
func snapshotFinder(s *translator.Snapshot) translator.Finder {
	byName := map[translator.ObjectRef][]any{}
	put := func(kind, ns, name string, o any) {
		k := translator.ObjectRef{Kind: kind, Namespace: ns, Name: name}
		byName[k] = append(byName[k], o)
	}
	pods := map[[2]string]*corev1.Pod{}
	for _, o := range s.Pods {
		pods[[2]string{o.Namespace, o.Name}] = o
	}
	for _, o := range s.Services {
		put(translator.KindService, o.Namespace, o.Name, o)
	}
	for _, o := range s.EndpointSlices {
		svc := o.Labels[discoveryv1.LabelServiceName]
		if svc == "" {
			continue
		}
		put("EndpointSlice", o.Namespace, svc, o)
		for _, ep := range o.Endpoints {
			if tr := ep.TargetRef; tr != nil && (tr.Kind == "" || tr.Kind == "Pod") {
				if p, ok := pods[[2]string{cmp.Or(tr.Namespace, o.Namespace), tr.Name}]; ok {
					put("EndpointSlice", o.Namespace, svc, p)
				}
			}
		}
	}
	for _, o := range s.Secrets {
		put(translator.KindSecret, o.Namespace, o.Name, o)
	}
	for _, o := range s.ConfigMaps {
		put(translator.KindConfigMap, o.Namespace, o.Name, o)
	}
	for _, o := range s.ApisixUpstreams {
		put(translator.KindApisixUpstream, o.Namespace, o.Name, o)
	}
	for _, o := range s.ApisixPluginConfigs {
		put(translator.KindApisixPluginConfig, o.Namespace, o.Name, o)
	}
	for _, o := range s.GatewayClasses {
		put(translator.KindGatewayClass, "", o.Name, o)
	}
	for _, o := range s.Gateways {
		put(translator.KindGateway, o.Namespace, o.Name, o)
	}
	for _, o := range s.Namespaces {
		put(translator.KindNamespace, "", o.Name, o)
	}
	for _, o := range s.ReferenceGrants {
		put(translator.KindReferenceGrant, o.Namespace, translator.AllReferenceGrants, o)
	}
	return func(ref translator.ObjectRef) ([]any, error) {
		out := byName[ref]
		if ref.Kind == translator.KindService && len(out) > 0 {
			// A Service's EndpointSlices (and their Pods) come with it.
			out = append(out[:len(out):len(out)], byName[translator.ObjectRef{Kind: "EndpointSlice", Namespace: ref.Namespace, Name: ref.Name}]...)
		}
		return out, nil
	}
}
