package controller_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// rawObject is an object as the server stores it, for apisix.Equal.
type rawObject struct {
	kind apisix.Kind
	id   string
	raw  json.RawMessage
}

func (r rawObject) Kind() apisix.Kind            { return r.kind }
func (r rawObject) GetID() string                { return r.id }
func (r rawObject) GetLabels() apisix.Labels     { return apisix.Labels{} }
func (r rawObject) MarshalJSON() ([]byte, error) { return r.raw, nil }
func (f *fixture) snapshotOf(ctx context.Context) (*translator.Snapshot, error) {
	s := &translator.Snapshot{}
	for _, k := range translator.SnapshotKinds() {
		var opts [][]client.ListOption
		if k.Namespaced {
			for _, ns := range f.ns {
				opts = append(opts, []client.ListOption{client.InNamespace(ns)})
			}
		} else {
			opts = append(opts, nil) // cluster-scoped: every object
		}
		for _, o := range opts {
			l := k.NewList().(client.ObjectList)
			if err := env.Client.List(ctx, l, o...); err != nil {
				return nil, fmt.Errorf("listing %ss: %w", k.GVK.Kind, err)
			}
			items, err := meta.ExtractList(l)
			if err != nil {
				return nil, err
			}
			for _, it := range items {
				s.Add(it)
			}
		}
	}
	return s, nil
}

func ptrs[T any](in []T) []*T {
	out := make([]*T, len(in))
	for i := range in {
		out[i] = &in[i]
	}
	return out
}

// expected translates what the API server holds in the fixture's namespaces.
func (f *fixture) expected(ctx context.Context) (*translator.Result, error) {
	s, err := f.snapshotOf(ctx)
	if err != nil {
		return nil, err
	}
	return translator.Translate(s, f.translatorOpts), nil
}

// diffStore compares the whole server store with want, normalised: the
// same ids of every kind and equal objects. ignore lists "kind/id" of
// objects planted by the test that the controller must leave alone.
func (f *fixture) diffStore(want *apisix.State, ignore ...string) error {
	skip := map[string]bool{}
	for _, s := range ignore {
		skip[s] = true
	}
	store, err := f.stored()
	if err != nil {
		return err
	}
	var problems []string
	for _, k := range apisix.Kinds {
		exp := map[string]apisix.Object{}
		for _, o := range want.Objects(k) {
			exp[o.GetID()] = o
		}
		for id, raw := range store[k] {
			if skip[string(k)+"/"+id] {
				continue
			}
			e, ok := exp[id]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("orphan %s/%s %.300s", k, id, raw))
			case !apisix.Equal(k, e, rawObject{k, id, raw}, f.defaults):
				want, _ := json.Marshal(e)
				problems = append(problems, fmt.Sprintf("differs %s/%s:\n    got  %s\n    want %s", k, id, raw, want))
			}
		}
		for id := range exp {
			if _, ok := store[k][id]; !ok {
				problems = append(problems, fmt.Sprintf("missing %s/%s", k, id))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	if len(problems) > 10 {
		problems = append(problems[:10], fmt.Sprintf("... and %d more", len(problems)-10))
	}
	return fmt.Errorf("store differs from the translation:\n  %s", strings.Join(problems, "\n  "))
}

// converged reports whether the store equals the translation of the
// cluster right now. Objects of sources the translator withholds
// (Result.Failed) may remain: the controller keeps what APISIX served for
// them (an Ingress may have been served before its invalid Secret appeared).
// Global rules carry no labels but their id names their source: the global
// rule of a withheld ApisixGlobalRule may remain, unless it shares a plugin
// with a translated global rule (APISIX allows a plugin in one global rule
// only, so the Duplicate loser must yield to the older winner).
func (f *fixture) converged(ignore ...string) error {
	res, err := f.expected(context.Background())
	if err != nil {
		return err
	}
	failed := map[translator.ObjectRef]bool{}
	failedGlobal := map[string]bool{} // the global rule ids of withheld ApisixGlobalRules
	for _, r := range res.Failed() {
		failed[r] = true
		if r.Kind == "ApisixGlobalRule" {
			failedGlobal[translator.GlobalRuleID(f.translatorOpts, r.Namespace, r.Name)] = true
		}
	}
	translatedPlugins, translatedIDs := map[string]bool{}, map[string]bool{}
	for _, g := range res.State.GlobalRules {
		translatedIDs[g.ID] = true
		for name := range g.Plugins {
			translatedPlugins[name] = true
		}
	}
	store, err := f.stored()
	if err != nil {
		return err
	}
	for k, objs := range store {
		for id, raw := range objs {
			var m struct {
				Labels  map[string]string         `json:"labels"`
				Plugins map[string]map[string]any `json:"plugins"`
			}
			_ = json.Unmarshal(raw, &m)
			ref := translator.ObjectRef{Kind: m.Labels[apisix.LabelSourceKind], Namespace: m.Labels[apisix.LabelSourceNamespace], Name: m.Labels[apisix.LabelSourceName]}
			if failed[ref] {
				ignore = append(ignore, string(k)+"/"+id)
			}
			if k == apisix.KindGlobalRule && failedGlobal[id] && !translatedIDs[id] && !sharesAny(m.Plugins, translatedPlugins) {
				ignore = append(ignore, string(k)+"/"+id)
			}
		}
	}
	return f.diffStore(res.State, ignore...)
}

// sharesAny reports whether plugins names one of names.
func sharesAny(plugins map[string]map[string]any, names map[string]bool) bool {
	for name := range plugins {
		if names[name] {
			return true
		}
	}
	return false
}
