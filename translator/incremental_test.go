package translator_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// poolObject is an object the randomized tests create, update and delete.
type poolObject struct {
	ref translator.ObjectRef
	obj runtime.Object
}

// objectPool returns every object of the golden scenarios, in namespace
// default and again in namespace other (same names: references within a
// namespace still resolve), 350 or so objects of every kind the
// translator reads, with the hosts, paths and annotations they use.
func objectPool(t testing.TB) []poolObject {
	ins, err := filepath.Glob(filepath.Join("testdata", "*.in.yaml"))
	require.NoError(t, err)
	var pool []poolObject
	for _, in := range ins {
		docs, err := manifestio.ReadPaths([]string{in}, nil)
		require.NoError(t, err)
		dec, err := snapshotio.Decode(docs, "default")
		require.NoError(t, err)
		for _, o := range snapshotObjects(dec.Snapshot) {
			pool = append(pool, o)
			if o.ref.Namespace == "default" {
				c := o.obj.DeepCopyObject()
				c.(metav1.Object).SetNamespace("other")
				pool = append(pool, poolObject{refOf(c), c})
			}
		}
	}
	return pool
}

func refOf(o runtime.Object) translator.ObjectRef {
	m := o.(metav1.Object)
	k, ok := translator.SnapshotKindFor(o)
	if !ok {
		panic(fmt.Sprintf("unexpected %T", o))
	}
	return translator.ObjectRef{Kind: k.GVK.Kind, Namespace: m.GetNamespace(), Name: m.GetName()}
}

// snapshotObjects returns every object of s, kind by kind.
func snapshotObjects(s *translator.Snapshot) []poolObject {
	var out []poolObject
	for _, k := range translator.SnapshotKinds() {
		for _, o := range k.Objects(s) {
			out = append(out, poolObject{refOf(o), o})
		}
	}
	return out
}

// snapshotOf puts objects into a Snapshot.
func snapshotOf(objs []runtime.Object) *translator.Snapshot {
	s := &translator.Snapshot{}
	for _, o := range objs {
		s.Add(o)
	}
	return s
}

// churn drives a Translator and a model of the cluster with random
// changes from the pool and checks, after every update, that the
// incremental result renders exactly as a full translation of the model.
type churn struct {
	pool  []poolObject
	hosts []string
	anns  []map[string]string
	rng   *rand.Rand
	tr    *translator.Translator
	live  map[translator.ObjectRef]runtime.Object
}

func newChurn(pool []poolObject, seed uint64) *churn {
	c := &churn{pool: pool, rng: rand.New(rand.NewPCG(seed, 7)), tr: translator.NewTranslator(translator.Options{}),
		live: map[translator.ObjectRef]runtime.Object{}}
	for _, p := range pool {
		if ing, ok := p.obj.(*networkingv1.Ingress); ok {
			for _, r := range ing.Spec.Rules {
				if !slices.Contains(c.hosts, r.Host) {
					c.hosts = append(c.hosts, r.Host)
				}
			}
			c.anns = append(c.anns, ing.Annotations)
		}
	}
	return c
}

// variant returns a copy of a pool object, sometimes changed: an Ingress
// moved to another host of the pool, given another Ingress's annotations
// or another age; an EndpointSlice losing endpoints; any object a new
// generation.
func (c *churn) variant(p poolObject) runtime.Object {
	o := p.obj.DeepCopyObject()
	m := o.(metav1.Object)
	m.SetGeneration(int64(c.rng.IntN(3) + 1))
	switch x := o.(type) {
	case *networkingv1.Ingress:
		if c.rng.IntN(3) == 0 && len(x.Spec.Rules) > 0 {
			x.Spec.Rules[c.rng.IntN(len(x.Spec.Rules))].Host = c.hosts[c.rng.IntN(len(c.hosts))]
		}
		if c.rng.IntN(4) == 0 {
			x.Annotations = c.anns[c.rng.IntN(len(c.anns))]
		}
		if c.rng.IntN(4) == 0 {
			x.CreationTimestamp = metav1.NewTime(time.Date(2026, 1, 1, 0, 0, c.rng.IntN(5), 0, time.UTC))
		}
	case *apiv2.ApisixRoute: // onto an Ingress's host, to contest its paths
		if c.rng.IntN(3) == 0 && len(x.Spec.HTTP) > 0 {
			r := &x.Spec.HTTP[c.rng.IntN(len(x.Spec.HTTP))]
			r.Match.Hosts = []string{c.hosts[c.rng.IntN(len(c.hosts))]}
		}
		if c.rng.IntN(4) == 0 {
			x.CreationTimestamp = metav1.NewTime(time.Date(2026, 1, 1, 0, 0, c.rng.IntN(5), 0, time.UTC))
		}
	case *apiv2.ApisixTls: // onto an Ingress's host, to contest its SNIs
		if c.rng.IntN(3) == 0 && len(x.Spec.Hosts) > 0 {
			x.Spec.Hosts[c.rng.IntN(len(x.Spec.Hosts))] = apiv2.HostType(c.hosts[c.rng.IntN(len(c.hosts))])
		}
		if c.rng.IntN(4) == 0 {
			x.CreationTimestamp = metav1.NewTime(time.Date(2026, 1, 1, 0, 0, c.rng.IntN(5), 0, time.UTC))
		}
	case *discoveryv1.EndpointSlice:
		if n := len(x.Endpoints); n > 0 && c.rng.IntN(2) == 0 {
			x.Endpoints = x.Endpoints[:c.rng.IntN(n)]
		}
	}
	return o
}

// step makes 1 to 4 random changes, updates the Translator and compares.
func (c *churn) step(t testing.TB, i int) {
	set := map[translator.ObjectRef]runtime.Object{}
	var deleted []translator.ObjectRef
	for range c.rng.IntN(4) + 1 {
		if c.rng.IntN(4) == 0 && len(c.live) > 0 {
			refs := slices.SortedFunc(maps.Keys(c.live), compareRefs)
			r := refs[c.rng.IntN(len(refs))]
			if _, ok := set[r]; ok {
				continue
			}
			delete(c.live, r)
			deleted = append(deleted, r)
			continue
		}
		p := c.pool[c.rng.IntN(len(c.pool))]
		if slices.Contains(deleted, p.ref) {
			continue
		}
		o := c.variant(p)
		set[p.ref] = o
		c.live[p.ref] = o
	}
	var setObjs, all []runtime.Object
	for _, o := range set {
		setObjs = append(setObjs, o)
	}
	for _, o := range c.live {
		all = append(all, o)
	}
	gotRes := c.tr.Update(snapshotOf(setObjs), deleted)
	got, err := render(gotRes)
	require.NoError(t, err)
	wantRes := translator.Translate(snapshotOf(all), translator.Options{})
	want, err := render(wantRes)
	require.NoError(t, err)
	got, want = append(got, renderConflicts(gotRes)...), append(want, renderConflicts(wantRes)...)
	if string(got) != string(want) {
		t.Fatalf("step %d (set %v, deleted %v): the incremental result differs from a full translation:\n%s",
			i, slices.Collect(maps.Keys(set)), deleted, firstDifference(string(want), string(got)))
	}
}

// renderConflicts renders the conflicts of a result, one per line.
func renderConflicts(res *translator.Result) string {
	var b strings.Builder
	for _, c := range res.Conflicts {
		fmt.Fprintf(&b, "conflict: %s lost to %s (%s=%q): %v\n", c.Loser, c.Winner, c.WinnerField, c.WinnerValue, c.Error)
	}
	return b.String()
}

// firstDifference shows the lines around the first line where got differs
// from want.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	from := max(i-8, 0)
	return fmt.Sprintf("full:\n%s\nincremental:\n%s", strings.Join(w[from:min(i+8, len(w))], "\n"), strings.Join(g[from:min(i+8, len(g))], "\n"))
}

func compareRefs(a, b translator.ObjectRef) int {
	if a.Kind != b.Kind {
		return cmpString(a.Kind, b.Kind)
	}
	if a.Namespace != b.Namespace {
		return cmpString(a.Namespace, b.Namespace)
	}
	return cmpString(a.Name, b.Name)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestIncrementalEqualsFull: 300 random steps of creates, updates and
// deletes over the pool (fixed seeds); after each, the Translator's result
// renders (state JSON, statuses, notices) byte for byte as a full
// translation of the same objects.
func TestIncrementalEqualsFull(t *testing.T) {
	pool := objectPool(t)
	require.Greater(t, len(pool), 300)
	for seed := range uint64(4) {
		c := newChurn(pool, seed)
		for i := range 75 {
			c.step(t, i)
		}
	}
}

// FuzzIncremental is TestIncrementalEqualsFull from a fuzzed seed:
//
//	go test ./translator -run '^$' -fuzz FuzzIncremental -fuzztime 60s
func FuzzIncremental(f *testing.F) {
	pool := objectPool(f)
	f.Add(uint64(1), uint8(40))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) {
		c := newChurn(pool, seed)
		for i := range int(steps%64) + 1 {
			c.step(t, i)
		}
	})
}
