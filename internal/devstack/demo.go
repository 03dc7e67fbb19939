package devstack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/examples"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/translator/annotations"
)

// warnings collects the API server's warnings, as kubectl prints them.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// RunDemo is the scripted tour of `apisix-ingress dev --demo`.
func RunDemo(ctx context.Context, s *Stack, out io.Writer) error {
	w := &warnings{}
	cfg := rest.CopyConfig(s.Config)
	cfg.WarningHandler = w
	c, err := client.New(cfg, client.Options{Scheme: s.env.Scheme})
	if err != nil {
		return err
	}
	step := func(title string) { fmt.Fprintf(out, "\n== %s\n", title) }

	step("1. Services with ready pods (what a Deployment would create)")
	if s.Pods != nil {
		fmt.Fprintf(out, "(the pods are echo servers: %s)\n", s.Pods)
	}
	if err := applyFile(ctx, c, w, out, s.Pods, demoServices, false); err != nil {
		return err
	}
	step("2. A configuration snippet is rejected at kubectl apply (raw nginx config is never rendered)")
	if err := applyFile(ctx, c, w, out, nil, "demo/02-snippet.yaml", true); err != nil {
		return err
	}
	step("3. A legacy ingress-nginx Ingress is admitted with warnings, and normalised")
	if err := applyFile(ctx, c, w, out, nil, "demo/03-legacy.yaml", false); err != nil {
		return err
	}
	var legacy networkingv1.Ingress
	if err := c.Get(ctx, client.ObjectKey{Namespace: "default", Name: "legacy"}, &legacy); err != nil {
		return err
	}
	fmt.Fprintf(out, "stored spec.ingressClassName: %s (added from %s)\n", deref(legacy.Spec.IngressClassName), annotations.LegacyClassKey)
	for _, k := range slices.Sorted(maps.Keys(legacy.Annotations)) {
		if annotations.IsLegacy(k) {
			fmt.Fprintf(out, "stored %s: %q (kept exactly as written)\n", annotations.Name(k), legacy.Annotations[k])
		}
	}
	step("4. A canary Ingress: 10% of the traffic, or X-Canary: always")
	if err := applyFile(ctx, c, w, out, nil, "demo/04-canary.yaml", false); err != nil {
		return err
	}
	step("5. What the controller wrote to APISIX (no reload)")
	if err := showAPISIX(ctx, s.Admin, out); err != nil {
		return err
	}
	step("6. Requests through APISIX")
	return showRequests(ctx, s, out)
}

// ApplyDemoServices creates the demo's Services and EndpointSlices
// (examples/demo/01-web.yaml), pointing at the stack's pods, so that
// `kubectl apply -f examples/demo/` finds them in place (and leaves them
// as they are when the pods got the file's ports).
func ApplyDemoServices(ctx context.Context, s *Stack) error {
	c, err := client.New(s.Config, client.Options{Scheme: s.env.Scheme})
	if err != nil {
		return err
	}
	return applyFile(ctx, c, &warnings{}, io.Discard, s.Pods, demoServices, false)
}

func deref(s *string) string {
	if s == nil {
		return "<unset>"
	}
	return *s
}

// applyFile creates every object of an embedded demo file, printing what
// kubectl would: the object, the warnings, or the rejection. EndpointSlices
// are pointed at pods when there are some.
func applyFile(ctx context.Context, c client.Client, w *warnings, out io.Writer, pods *Pods, name string, wantReject bool) error {
	raw, err := examples.Demo.ReadFile(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "$ kubectl apply -f examples/%s\n", name)
	docs, err := manifestio.Read(name, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	dec := serializer.NewCodecFactory(controller.NewScheme()).UniversalDeserializer()
	for _, d := range docs {
		obj, _, err := dec.Decode(d.JSON, nil, nil)
		if err != nil {
			return err
		}
		if es, ok := obj.(*discoveryv1.EndpointSlice); ok && pods != nil {
			pods.rewrite(es)
		}
		co := obj.(client.Object)
		err = c.Create(ctx, co)
		for _, text := range w.take() {
			fmt.Fprintf(out, "Warning: %s\n", text)
		}
		kind := strings.ToLower(d.Head.Kind)
		switch {
		case err != nil && wantReject:
			fmt.Fprintf(out, "Error from server: %v\n", err)
		case err != nil:
			return fmt.Errorf("%s %s: %w", kind, co.GetName(), err)
		case wantReject:
			return fmt.Errorf("%s %s was admitted; the webhook should have rejected it", kind, co.GetName())
		default:
			fmt.Fprintf(out, "%s/%s created\n", kind, co.GetName())
		}
	}
	return nil
}

// showAPISIX waits for the routes of the demo and prints them.
func showAPISIX(ctx context.Context, admin *apisix.Client, out io.Writer) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		items, err := admin.List(ctx, apisix.KindRoute)
		if err == nil && hasSplit(items) {
			ups, err := admin.List(ctx, apisix.KindUpstream)
			if err != nil {
				return err
			}
			printRoutes(out, items)
			printUpstreams(out, ups)
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("APISIX did not receive the demo routes within 30s (last error: %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func hasSplit(items []apisix.Item) bool {
	for _, it := range items {
		if bytes.Contains(it.Value, []byte(`"traffic-split"`)) {
			return true
		}
	}
	return false
}

func printRoutes(out io.Writer, items []apisix.Item) {
	fmt.Fprintf(out, "$ curl -H 'X-API-KEY: ...' ADMIN/apisix/admin/routes\n")
	for _, it := range items {
		var r apisix.Route
		if json.Unmarshal(it.Value, &r) != nil {
			continue
		}
		uri := r.URI
		if uri == "" {
			uri = strings.Join(r.URIs, ",")
		}
		fmt.Fprintf(out, "route %s hosts=%v uri=%s plugins=%v upstream=%s\n", r.Labels[apisix.LabelSourceName], r.Hosts, uri, r.Plugins.Names(), r.UpstreamID)
	}
}

func printUpstreams(out io.Writer, items []apisix.Item) {
	fmt.Fprintf(out, "$ curl -H 'X-API-KEY: ...' ADMIN/apisix/admin/upstreams\n")
	for _, it := range items {
		var u apisix.Upstream
		if json.Unmarshal(it.Value, &u) != nil {
			continue
		}
		var nodes []string
		for _, n := range u.Nodes {
			nodes = append(nodes, fmt.Sprintf("%s:%d", n.Host, n.Port))
		}
		sort.Strings(nodes)
		fmt.Fprintf(out, "upstream %s (%s) nodes=%v\n", u.ID, u.Labels[apisix.LabelSourceName], nodes)
	}
}
