package controller_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
	"github.com/apisix-ingress/apisix-ingress/controller"
	"github.com/apisix-ingress/apisix-ingress/internal/apisixrt"
	"github.com/apisix-ingress/apisix-ingress/internal/echo"
	"github.com/apisix-ingress/apisix-ingress/internal/podnet"
	"github.com/apisix-ingress/apisix-ingress/internal/testutil"
)

// realFixture is a fixture whose Admin API is a real APISIX 3.18.0 with
// its own etcd, and whose apps' endpoints are a local echo pod.
func realFixture(t *testing.T) (*fixture, *apisixrt.Instance) {
	t.Helper()
	in := testutil.APISIX(t, apisixrt.Options{AdminKey: "test-admin-key"})
	return realFixtureOn(t, in), in
}

// realFixtureOn is a fixture for real APISIX instances sharing one etcd:
// controllers get every instance's Admin API (the client fails over from
// one to the next), and the store is listed the same way.
func realFixtureOn(t *testing.T, ins ...*apisixrt.Instance) *fixture {
	t.Helper()
	sch, err := schema.Load(testutil.SchemasDir(t), schema.Options{})
	require.NoError(t, err)
	var urls []string
	for _, in := range ins {
		urls = append(urls, in.AdminURL)
		t.Logf("APISIX started in %s", in.StartedIn().Round(time.Millisecond))
	}
	// One attempt per Admin API, so that a listing fails fast when all are
	// down (MaxRetries 0 would mean the default).
	retries := len(urls) - 1
	if retries == 0 {
		retries = -1
	}
	admin, err := apisix.NewClient(apisix.Config{BaseURLs: urls, APIKey: ins[0].AdminKey, MaxRetries: retries})
	require.NoError(t, err)
	f := &fixture{defaults: twice{sch}, ns: newNamespaces(t, 1), adminURLs: urls, adminKey: ins[0].AdminKey, pod: localPod(t)}
	f.store = func() (map[apisix.Kind]map[string]json.RawMessage, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out := map[apisix.Kind]map[string]json.RawMessage{}
		for _, k := range apisix.Kinds {
			if k == apisix.KindStreamRoute {
				continue // the runtime has no stream proxy
			}
			items, err := admin.List(ctx, k)
			if err != nil {
				return nil, fmt.Errorf("listing %s: %w", k, err)
			}
			out[k] = map[string]json.RawMessage{}
			for _, it := range items {
				out[k][it.ID()] = it.Value
			}
		}
		return out, nil
	}
	etcd := ins[0].EtcdURL
	f.revision = func() (int, error) { return etcdRevision(etcd) }
	return f
}

// etcdRevision is the revision of the etcd at base: every write APISIX
// stores (a PUT or DELETE through the Admin API) increments it.
func etcdRevision(base string) (int, error) {
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Post(base+"/v3/kv/range", "application/json", strings.NewReader(`{"key":"AA==","limit":1}`))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var r struct {
		Header struct {
			Revision string `json:"revision"`
		} `json:"header"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return 0, fmt.Errorf("etcd range: %s: %w", resp.Status, err)
	}
	return strconv.Atoi(r.Header.Revision)
}

// TestRealAPISIXCrashes runs the controller against a real APISIX while
// objects churn: APISIX (nginx) is killed and started again on the same
// ports, then its etcd is killed and started again; each time the Admin API
// converges to exactly the translation of the cluster (no orphan, nothing
// missing), and the gateway serves a route written after the crash.
func TestRealAPISIXCrashes(t *testing.T) {
	f, in := realFixture(t)
	pod := f.pod
	ns := f.ns[0]
	f.start(t, f.controllerOptions(), nil)
	ctx := context.Background()
	var objs []client.Object
	for i := range 60 {
		objs = append(objs, localApp(ns, i, pod)...)
	}
	createAll(t, objs)
	eventually(t, 2*convergeTimeout, "initial sync to real APISIX", func() error { return f.converged() })

	// APISIX crashes mid-churn and comes back on the same ports.
	require.NoError(t, in.Kill())
	deleteAll(t, objs[:30]) // the first 10 apps
	for i := 10; i < 20; i++ {
		var ing networkingv1.Ingress
		require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: fmt.Sprintf("ing-%d", i)}, &ing))
		ing.Spec.Rules[0].HTTP.Paths[0].Path = fmt.Sprintf("/moved-%d", i)
		require.NoError(t, env.Client.Update(ctx, &ing))
	}
	time.Sleep(2 * time.Second) // writes fail while APISIX is down
	again, err := in.StartAgain(ctx, filepath.Join(t.TempDir(), "again"))
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("restarted APISIX error.log (tail):\n%s", again.ErrorLogTail(40))
			if st, err := f.stored(); err == nil {
				for id, raw := range st[apisix.KindRoute] {
					if strings.Contains(string(raw), "moved-15") {
						t.Logf("route %s: %s", id, raw)
					}
				}
			}
		}
		_ = again.Stop()
	})
	eventually(t, 2*convergeTimeout, "after APISIX restarted", func() error { return f.converged() })
	servesMoved(t, again, 15)

	// etcd crashes mid-churn and comes back with its data.
	restart, err := in.KillEtcd()
	require.NoError(t, err)
	var more []client.Object
	for i := 100; i < 110; i++ {
		more = append(more, localApp(ns, i, pod)...)
	}
	createAll(t, more)
	deleteAll(t, objs[60:75]) // apps 20-24
	time.Sleep(2 * time.Second)
	require.NoError(t, restart())
	eventually(t, 2*convergeTimeout, "after etcd restarted", func() error { return f.converged() })

	servesMoved(t, again, 17)
}

// localPod is an echo backend on a local pod address (internal/podnet):
// the API server refuses loopback endpoint addresses, and no request may
// leave the machine.
func localPod(t *testing.T) *echo.Server {
	t.Helper()
	if err := podnet.Ensure(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	// 198.18.252.0/24 is this package's block (see internal/podnet).
	srv, err := echo.StartPort("pod", "198.18.252.1", 8080)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	return srv
}

// localApp is app(ns, i) with its endpoint at pod.
func localApp(ns string, i int, pod *echo.Server) []client.Object {
	objs := app(ns, i)
	objs[1] = endpointSlice(ns, fmt.Sprintf("svc-%d", i), pod.IP)
	return objs
}

// servesMoved asserts that the gateway serves what was written: Ingress
// ing-i's moved path answers 200 from the backend, its old path 404.
func servesMoved(t *testing.T, in *apisixrt.Instance, i int) {
	t.Helper()
	host := fmt.Sprintf("h%d.example.com", i)
	eventually(t, convergeTimeout, "the gateway serves the moved path of "+host, func() error {
		moved := gatewayStatus(in.HTTPURL, host, fmt.Sprintf("/moved-%d", i))
		old := gatewayStatus(in.HTTPURL, host, fmt.Sprintf("/p%d", i))
		if moved != http.StatusOK || old != http.StatusNotFound {
			return fmt.Errorf("moved path %d, old path %d; data plane routes: %s; last 404: %s", moved, old, dataPlaneRoutes(in), lastNotFound)
		}
		return nil
	})
}

// dataPlaneRoutes is how many routes APISIX's router holds (Control API).
func dataPlaneRoutes(in *apisixrt.Instance) string {
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(in.Env["APISIX_CONTROL_URL"] + "/v1/routes")
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	var routes []json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&routes); err != nil {
		return err.Error()
	}
	return fmt.Sprint(len(routes))
}

func gatewayStatus(base, host, path string) int {
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Host = host
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		b, _ := io.ReadAll(resp.Body)
		lastNotFound = string(b) + " " + fmt.Sprint(resp.Header)
	}
	return resp.StatusCode
}

var lastNotFound string

// startAgain starts APISIX again after in.Kill, on the same ports and etcd
// (apisixrt's StartAgain), and stops it when the test ends.
func startAgain(t *testing.T, in *apisixrt.Instance) *apisixrt.Instance {
	t.Helper()
	if os.Getenv("APISIX_RUNTIME_START_TIMEOUT") == "" {
		// A start on a loaded machine can take longer than the launcher's
		// default 30 s; the test's own deadlines still apply.
		t.Setenv("APISIX_RUNTIME_START_TIMEOUT", "90")
	}
	again, err := in.StartAgain(context.Background(), filepath.Join(t.TempDir(), "again"))
	require.NoError(t, err)
	t.Logf("APISIX started again in %s", again.StartedIn().Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("restarted APISIX error.log (tail):\n%s", again.ErrorLogTail(30))
		}
		_ = again.Stop()
	})
	return again
}

// answers waits until the gateway of in answers a GET of path on host with
// status want.
func answers(t *testing.T, in *apisixrt.Instance, host, path string, want int) {
	t.Helper()
	eventually(t, convergeTimeout, fmt.Sprintf("the gateway answers %s%s with %d", host, path, want), func() error {
		if got := gatewayStatus(in.HTTPURL, host, path); got != want {
			return fmt.Errorf("got %d; data plane routes: %s", got, dataPlaneRoutes(in))
		}
		return nil
	})
}

// awaitFailedSyncs waits until the controller started with opts has had
// more than n syncs fail (a write or the listing of APISIX failed), and
// returns how many.
func awaitFailedSyncs(t *testing.T, opts controller.Options, n uint64, what string) uint64 {
	t.Helper()
	var got uint64
	eventually(t, convergeTimeout, what, func() error {
		if got = failedSyncs(t, opts); got <= n {
			return errNotYet
		}
		return nil
	})
	return got
}

// failedSyncs counts the syncs of a controller started with opts that did
// not succeed (apisix_ingress_sync_duration_seconds, result not ok).
func failedSyncs(t *testing.T, opts controller.Options) uint64 {
	t.Helper()
	mfs, err := opts.MetricsRegisterer.(prometheus.Gatherer).Gather()
	require.NoError(t, err)
	var n uint64
	for _, mf := range mfs {
		if mf.GetName() != "apisix_ingress_sync_duration_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() != "ok" {
					n += m.GetHistogram().GetSampleCount()
				}
			}
		}
	}
	return n
}
