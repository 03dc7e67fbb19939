package translator

import (
	"maps"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Translator keeps a translation up to date as the cluster changes. Update
// takes the objects created or updated since the last call and the refs of
// those deleted, and translates again only the sources whose inputs
// changed: the source itself, or an object its last translation looked up
// (found or not: a Service with its EndpointSlices, a Secret, ConfigMap,
// Pod, IngressClass, ApisixUpstream or ApisixPluginConfig). What several
// sources share is decided again only for those involved: the Ingresses of
// every host a changed Ingress touches (path conflicts, canaries, host-wide
// regex, client certificates, aliases, default backends, shared basic-auth
// consumers), the ApisixRoutes with stream rules when one of them changes,
// and the ApisixGlobalRules when one of them changes.
//
// The result equals Translate of a snapshot holding every object given so
// far (minus the deleted), byte for byte. Objects of unchanged sources are
// shared between successive results, and are never modified. A Translator
// is not safe for concurrent use.
type Translator struct {
	opts Options
	ix   *index
	crd  *crdState
	outs map[ObjectRef]*sourceOut
	// users maps an object to the sources whose translation looked it up.
	users map[ObjectRef][]ObjectRef
	// hostKeys are the keys by which an Ingress shares state with others
	// (see ingressKeys); byHostKey is the reverse.
	hostKeys  map[ObjectRef][]string
	byHostKey map[string][]ObjectRef
	// streamRoutes are the ApisixRoutes with stream rules.
	streamRoutes map[ObjectRef]bool
	res          *Result
	// oneShot is set by Translate, which makes one update and drops the
	// Translator: what only later updates need is not kept.
	oneShot bool
}

// NewTranslator returns a Translator with nothing translated yet.
func NewTranslator(opts Options) *Translator {
	return &Translator{
		opts:         opts,
		ix:           newIndex(),
		crd:          newCRDState(),
		outs:         map[ObjectRef]*sourceOut{},
		users:        map[ObjectRef][]ObjectRef{},
		hostKeys:     map[ObjectRef][]string{},
		byHostKey:    map[string][]ObjectRef{},
		streamRoutes: map[ObjectRef]bool{},
		res:          &Result{State: &apisix.State{}},
	}
}

// Result returns the current result.
func (tr *Translator) Result() *Result { return tr.res }

// Update applies the objects of set (created or updated) and the deletion
// of the objects deleted names (by kind, namespace and name: see the Kind
// constants), and returns the new result. The previous result stays valid.
func (tr *Translator) Update(set *Snapshot, deleted []ObjectRef) *Result {
	changed := tr.ix.apply(set, deleted)
	if tr.oneShot {
		return tr.translateAll()
	}
	dirty := tr.dirtySources(changed)
	t := &translation{opts: tr.opts.withDefaults(), ix: tr.ix, outs: make(map[ObjectRef]*sourceOut, len(dirty)), record: !tr.oneShot}
	if len(tr.outs) == 0 && set != nil {
		tr.outs = make(map[ObjectRef]*sourceOut, len(dirty))
		tr.hostKeys = make(map[ObjectRef][]string, len(set.Ingresses))
		tr.byHostKey = make(map[string][]ObjectRef, len(set.Ingresses))
	}

	redo := map[ObjectRef]bool{} // every source translated again (or gone)
	ings := tr.ingressGroup(t, dirty)
	list := make([]*networkingv1.Ingress, 0, len(ings))
	for ref := range ings {
		redo[ref] = true
		if ing := tr.ix.ingresses[nsName{ref.Namespace, ref.Name}]; ing != nil {
			list = append(list, ing)
		}
	}
	t.ingresses(list)
	t.crds(tr.crd, tr.crdWork(dirty, redo))
	return tr.replace(t, redo)
}

// translateAll translates every source, for a Translator that makes no
// later update (see Translate).
func (tr *Translator) translateAll() *Result {
	t := &translation{opts: tr.opts.withDefaults(), ix: tr.ix, outs: make(map[ObjectRef]*sourceOut, len(tr.ix.ingresses))}
	t.ingresses(slices.Collect(maps.Values(tr.ix.ingresses)))
	t.crds(tr.crd, &crdWork{
		pluginConfigs: slices.SortedFunc(maps.Keys(tr.ix.pluginConfigs), compareNsName),
		upstreams:     slices.SortedFunc(maps.Keys(tr.ix.apisixUpstreams), compareNsName),
		routes:        slices.SortedFunc(maps.Keys(tr.ix.apisixRoutes), compareNsName),
		tlses:         slices.SortedFunc(maps.Keys(tr.ix.apisixTlses), compareNsName),
		consumers:     slices.SortedFunc(maps.Keys(tr.ix.apisixConsumers), compareNsName),
		streams:       true,
		globalRules:   true,
	})
	return tr.replace(t, nil)
}

func compareNsName(a, b nsName) int {
	if c := strings.Compare(a.ns, b.ns); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// dirtySources returns the sources to translate again after the changes:
// the changed sources, and the users of every changed object. An
// ApisixUpstream or ApisixPluginConfig translated again counts as changed
// too (ApisixRoutes read what it compiled to).
func (tr *Translator) dirtySources(changed []ObjectRef) map[ObjectRef]bool {
	dirty := make(map[ObjectRef]bool, len(changed))
	queue := changed
	mark := func(ref ObjectRef) {
		if dirty[ref] {
			return
		}
		dirty[ref] = true
		if ref.Kind == kindApisixUpstream || ref.Kind == kindApisixPluginConfig {
			queue = append(queue, ref)
		}
	}
	for len(queue) > 0 {
		k := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if isSourceKind(k.Kind) {
			mark(k)
		}
		for _, s := range tr.users[k] {
			mark(s)
		}
		if k.Kind == KindIngressClass {
			for _, s := range tr.users[anyClass] {
				mark(s)
			}
		}
	}
	return dirty
}

func isSourceKind(k string) bool {
	switch k {
	case kindIngress, kindApisixRoute, kindApisixUpstream, kindApisixTls, kindApisixPluginConfig, kindApisixConsumer, kindApisixGlobalRule:
		return true
	}
	return false
}

// ingressGroup returns the dirty Ingresses and every Ingress that shares a
// host key with one of them, transitively (before or after the change),
// and brings the host keys up to date.
func (tr *Translator) ingressGroup(t *translation, dirty map[ObjectRef]bool) map[ObjectRef]bool {
	group := make(map[ObjectRef]bool, len(dirty))
	if tr.oneShot {
		for ref := range dirty {
			if ref.Kind == kindIngress {
				group[ref] = true
			}
		}
		return group
	}
	var queue []ObjectRef
	var oldKeys []string
	for ref := range dirty {
		if ref.Kind == kindIngress {
			group[ref] = true
			queue = append(queue, ref)
			oldKeys = append(oldKeys, tr.hostKeys[ref]...)
		}
	}
	// The keys of the dirty Ingresses before the change: every Ingress
	// that shared one is affected too.
	slices.Sort(oldKeys)
	for _, k := range slices.Compact(oldKeys) {
		for _, other := range tr.byHostKey[k] {
			if !group[other] {
				group[other] = true
				queue = append(queue, other)
			}
		}
		tr.byHostKey[k] = slices.DeleteFunc(tr.byHostKey[k], func(r ObjectRef) bool { return dirty[r] })
		if len(tr.byHostKey[k]) == 0 {
			delete(tr.byHostKey, k)
		}
	}
	for ref := range dirty {
		if ref.Kind != kindIngress {
			continue
		}
		delete(tr.hostKeys, ref)
		if ing := tr.ix.ingresses[nsName{ref.Namespace, ref.Name}]; ing != nil {
			keys := t.ingressKeys(ing)
			tr.hostKeys[ref] = keys
			for _, k := range keys {
				tr.byHostKey[k] = append(tr.byHostKey[k], ref)
			}
		}
	}
	// Then every Ingress that shares a key now, transitively.
	for len(queue) > 0 {
		ref := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, k := range tr.hostKeys[ref] {
			for _, other := range tr.byHostKey[k] {
				if !group[other] {
					group[other] = true
					queue = append(queue, other)
				}
			}
		}
	}
	return group
}

// ingressKeys are the keys by which an Ingress's translation depends on
// other Ingresses: its hosts (lower case; "" for the catch-all), the hosts
// its server aliases and www redirects name, and the basic-auth Secret
// whose consumer Ingresses share.
func (t *translation) ingressKeys(ing *networkingv1.Ingress) []string {
	var keys []string
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if len(ing.Spec.Rules) == 0 {
		add("") // the catch-all server's default backend
	}
	cfg := t.parseAnnotations(ing.Annotations).cfg
	for _, r := range ing.Spec.Rules {
		h := strings.ToLower(r.Host)
		add(h)
		if cfg != nil && cfg.Redirect.FromToWWW && h != "" {
			if rest, ok := strings.CutPrefix(h, "www."); ok {
				add(rest)
			} else {
				add("www." + h)
			}
		}
	}
	if cfg != nil {
		for _, a := range cfg.Route.ServerAliases {
			add(strings.ToLower(a))
		}
		if s := cfg.BasicAuth.Secret; s != nil {
			ns := s.Namespace
			if ns == "" {
				ns = ing.Namespace
			}
			add("\x00basic-auth\x00" + ns + "/" + s.Name)
		}
	}
	return keys
}

// crdWork returns the apisix.apache.org/v2 objects to translate again, and
// adds them to redo.
func (tr *Translator) crdWork(dirty, redo map[ObjectRef]bool) *crdWork {
	w := &crdWork{}
	streams := false
	for ref := range dirty {
		if ref.Kind == kindApisixGlobalRule {
			w.globalRules = true
		}
		if ref.Kind != kindApisixRoute {
			continue
		}
		ar := tr.ix.apisixRoutes[nsName{ref.Namespace, ref.Name}]
		has := ar != nil && len(ar.Spec.Stream) > 0
		streams = streams || has || tr.streamRoutes[ref]
		if has {
			tr.streamRoutes[ref] = true
		} else {
			delete(tr.streamRoutes, ref)
		}
	}
	if streams {
		w.streams = true
		for ref := range tr.streamRoutes {
			dirty[ref] = true
		}
	}
	if w.globalRules {
		for k := range tr.ix.apisixGlobalRules {
			dirty[ObjectRef{Kind: kindApisixGlobalRule, Namespace: k.ns, Name: k.name}] = true
		}
		for ref := range tr.outs {
			if ref.Kind == kindApisixGlobalRule {
				dirty[ref] = true
			}
		}
	}
	var refs []ObjectRef
	for ref := range dirty {
		if ref.Kind != kindIngress {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, ObjectRef.compare)
	for _, ref := range refs {
		k := nsName{ref.Namespace, ref.Name}
		switch ref.Kind {
		case kindApisixPluginConfig:
			w.pluginConfigs = append(w.pluginConfigs, k)
		case kindApisixUpstream:
			w.upstreams = append(w.upstreams, k)
		case kindApisixRoute:
			w.routes = append(w.routes, k)
		case kindApisixTls:
			w.tlses = append(w.tlses, k)
		case kindApisixConsumer:
			w.consumers = append(w.consumers, k)
		case kindApisixGlobalRule:
		default:
			continue
		}
		redo[ref] = true
	}
	return w
}

// replace puts the outputs of the sources in redo in place of their
// previous ones and makes the new result.
func (tr *Translator) replace(t *translation, redo map[ObjectRef]bool) *Result {
	var removed map[apisix.Object]bool
	var oldDeps []ObjectRef
	added := &apisix.State{}
	statuses := make([]Status, 0, len(t.outs))
	var notices []Notice
	for ref := range redo {
		if old := tr.outs[ref]; old != nil {
			if len(old.objects) > 0 && removed == nil {
				removed = map[apisix.Object]bool{}
			}
			for _, o := range old.objects {
				removed[o] = true
			}
			oldDeps = append(oldDeps, old.deps...)
			delete(tr.outs, ref)
		}
	}
	slices.SortFunc(oldDeps, ObjectRef.compare)
	for _, d := range slices.Compact(oldDeps) {
		tr.users[d] = slices.DeleteFunc(tr.users[d], func(r ObjectRef) bool { return redo[r] })
		if len(tr.users[d]) == 0 {
			delete(tr.users, d)
		}
	}
	for ref, out := range t.outs { // every source in redo that still exists
		if !tr.oneShot {
			tr.outs[ref] = out
			slices.SortFunc(out.deps, ObjectRef.compare)
			out.deps = slices.Compact(out.deps)
			for _, d := range out.deps {
				tr.users[d] = append(tr.users[d], ref)
			}
		}
		if !out.translated {
			continue
		}
		for _, o := range out.objects {
			added.Add(o)
		}
		statuses = append(statuses, out.status)
		notices = append(notices, out.notices...)
	}
	added.Sort()
	slices.SortFunc(statuses, func(a, b Status) int { return a.Ref.compare(b.Ref) })
	slices.SortStableFunc(notices, func(a, b Notice) int { return a.Ref.compare(b.Ref) })

	prev := tr.res
	gone := func(ref ObjectRef) bool { return redo[ref] }
	tr.res = &Result{
		State: &apisix.State{
			Routes:         mergeByID(prev.State.Routes, added.Routes, removed),
			Upstreams:      mergeByID(prev.State.Upstreams, added.Upstreams, removed),
			SSLs:           mergeByID(prev.State.SSLs, added.SSLs, removed),
			Consumers:      mergeByID(prev.State.Consumers, added.Consumers, removed),
			PluginConfigs:  mergeByID(prev.State.PluginConfigs, added.PluginConfigs, removed),
			GlobalRules:    mergeByID(prev.State.GlobalRules, added.GlobalRules, removed),
			StreamRoutes:   mergeByID(prev.State.StreamRoutes, added.StreamRoutes, removed),
			Services:       mergeByID(prev.State.Services, added.Services, removed),
			ConsumerGroups: mergeByID(prev.State.ConsumerGroups, added.ConsumerGroups, removed),
		},
		Statuses: mergeSorted(prev.Statuses, statuses, func(s Status) bool { return gone(s.Ref) },
			func(a, b Status) int { return a.Ref.compare(b.Ref) }),
		Notices: mergeSorted(prev.Notices, notices, func(n Notice) bool { return gone(n.Ref) },
			func(a, b Notice) int { return a.Ref.compare(b.Ref) }),
	}
	return tr.res
}

// mergeByID returns prev (sorted by id) without the removed objects, merged
// with add (sorted by id).
func mergeByID[T apisix.Object](prev, add []T, removed map[apisix.Object]bool) []T {
	return mergeSorted(prev, add, func(o T) bool { return len(removed) > 0 && removed[o] },
		func(a, b T) int { return strings.Compare(a.GetID(), b.GetID()) })
}

// mergeSorted returns the elements of prev that drop does not remove,
// merged with add; both are sorted by cmp, and of equal elements those of
// prev come first.
func mergeSorted[T any](prev, add []T, drop func(T) bool, cmp func(a, b T) int) []T {
	if len(prev) == 0 {
		return add
	}
	out := make([]T, 0, len(prev)+len(add))
	i := 0
	for _, x := range prev {
		if drop(x) {
			continue
		}
		for i < len(add) && cmp(add[i], x) < 0 {
			out = append(out, add[i])
			i++
		}
		out = append(out, x)
	}
	return append(out, add[i:]...)
}
