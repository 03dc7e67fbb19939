package controller_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

const convergeTimeout = 2 * time.Minute

// TestEveryKindExact creates, updates and deletes objects of every kind
// (the translator's golden inputs cover the Ingress features; the samples
// cover the apisix.apache.org/v2 kinds) and checks after each step that the
// whole store equals the translation of the cluster.
func TestEveryKindExact(t *testing.T) {
	files := goldenInputs(t)
	f := newFixture(t, len(files)+1)
	opts := f.controllerOptions()
	opts.IngressStatusAddresses = []string{"192.0.2.10", "lb.example.com"}
	r := f.start(t, opts, nil)
	ctx := context.Background()

	var created []client.Object
	for i, file := range files {
		created = append(created, applyFiles(t, f.ns[i], file)...)
	}
	crdNS := f.ns[len(files)]
	created = append(created, applyFiles(t, crdNS, samples(t)...)...)
	app0 := app(crdNS, 0)
	createAll(t, app0)
	sec := tlsSecret(t, crdNS, "tls-0", "h0.example.com")
	createAll(t, []client.Object{sec})
	ing := app0[2].(*networkingv1.Ingress)
	require.NoError(t, retry.RetryOnConflict(retry.DefaultRetry, func() error { // the controller writes its status
		if err := env.Client.Get(ctx, client.ObjectKeyFromObject(ing), ing); err != nil {
			return err
		}
		ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"h0.example.com"}, SecretName: "tls-0"}}
		return env.Client.Update(ctx, ing)
	}))

	eventually(t, convergeTimeout, "create", func() error { return f.converged() })
	eventually(t, convergeTimeout, "ready", func() error {
		if !r.c.Ready() {
			return errNotYet
		}
		return nil
	})
	res, err := f.expected(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, res.State.Routes)
	require.NotEmpty(t, res.State.SSLs)

	// Ingress status carries the load balancer addresses.
	eventually(t, convergeTimeout, "ingress status", func() error {
		var got networkingv1.Ingress
		if err := env.Client.Get(ctx, client.ObjectKeyFromObject(ing), &got); err != nil {
			return err
		}
		if len(got.Status.LoadBalancer.Ingress) != 2 || got.Status.LoadBalancer.Ingress[0].IP != "192.0.2.10" ||
			got.Status.LoadBalancer.Ingress[1].Hostname != "lb.example.com" {
			return errNotYet
		}
		return nil
	})

	// An EndpointSlice change rewrites that upstream only.
	before := f.srv.Requests()
	es := app0[1].(*discoveryv1.EndpointSlice)
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(es), es))
	es.Endpoints = es.Endpoints[:1]
	require.NoError(t, env.Client.Update(ctx, es))
	eventually(t, convergeTimeout, "endpoint change", func() error { return f.converged() })
	var puts []string
	for _, rq := range f.srv.Requests()[len(before):] {
		if rq.Method != "GET" {
			puts = append(puts, rq.Method+" "+string(rq.Kind)+"/"+rq.ID)
		}
	}
	require.Len(t, puts, 1, "writes after one EndpointSlice change: %v", puts)
	require.Contains(t, puts[0], "PUT upstreams/")

	// Updates: a new path, a rotated certificate.
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(ing), ing))
	ing.Spec.Rules[0].HTTP.Paths[0].Path = "/changed"
	require.NoError(t, env.Client.Update(ctx, ing))
	fresh := tlsSecret(t, crdNS, "tls-0", "h0.example.com")
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(sec), sec))
	sec.Data = fresh.Data
	require.NoError(t, env.Client.Update(ctx, sec))
	eventually(t, convergeTimeout, "update", func() error { return f.converged() })

	// Drift, an orphan and a foreign object: a resync repairs the first,
	// deletes the second and leaves the third alone.
	id := res.State.Routes[0].ID
	f.srv.Set(apisix.KindRoute, id, []byte(`{"id":"`+id+`","uri":"/hijacked","upstream":{"nodes":[{"host":"1.1.1.1","port":80,"weight":1}]},"labels":{"managed-by":"apisix-ingress"}}`))
	f.srv.Set(apisix.KindRoute, "orphan-1", []byte(`{"id":"orphan-1","uri":"/o","upstream":{"nodes":[{"host":"1.1.1.1","port":80,"weight":1}]},"labels":{"managed-by":"apisix-ingress","k8s-kind":"Ingress","k8s-namespace":"gone","k8s-name":"gone"}}`))
	f.srv.Set(apisix.KindRoute, "foreign-1", []byte(`{"id":"foreign-1","uri":"/f","upstream":{"nodes":[{"host":"1.1.1.1","port":80,"weight":1}]}}`))
	r.c.Resync()
	eventually(t, convergeTimeout, "drift repair", func() error { return f.converged("routes/foreign-1") })
	_, foreign := f.srv.Snapshot()[apisix.KindRoute]["foreign-1"]
	require.True(t, foreign, "a foreign object was deleted")

	// After convergence a forced resync writes nothing.
	assertQuietResync(t, f, r)

	// Deletes: everything goes, the foreign object stays.
	deleteAll(t, created)
	deleteAll(t, app0)
	deleteAll(t, []client.Object{sec})
	eventually(t, convergeTimeout, "delete", func() error { return f.converged("routes/foreign-1") })
	for k, objs := range f.srv.Snapshot() {
		for id := range objs {
			require.Equal(t, "routes/foreign-1", string(k)+"/"+id, "left behind")
		}
	}
}

// assertQuietResync forces a resync and checks it made no write.
func assertQuietResync(t *testing.T, f *fixture, r *running) {
	t.Helper()
	eventually(t, convergeTimeout, "settled", func() error { return f.converged("routes/foreign-1") })
	time.Sleep(500 * time.Millisecond) // let in-flight events settle
	w := f.writes(t)
	lists := r.c.Stats().Lists
	syncs := r.c.Stats().Syncs
	r.c.Resync()
	eventually(t, convergeTimeout, "resync", func() error {
		st := r.c.Stats()
		if st.Lists <= lists || st.Syncs <= syncs {
			return errNotYet
		}
		return nil
	})
	require.Equal(t, w, f.writes(t), "a resync after convergence wrote to APISIX")
}
