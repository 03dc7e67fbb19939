package translator

import (
	"maps"
	"slices"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// Translator keeps a translation up to date as the cluster changes. Apply
// (and Update, which is Apply then Result) takes the objects created or
// updated since the last call and the refs of those deleted, and
// translates again only the sources whose inputs changed: the source
// itself, or an object its last translation looked up (found or not: a Service with its EndpointSlices, a Secret, ConfigMap,
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
	users map[ObjectRef]map[ObjectRef]struct{}
	// hostKeys are the keys by which an Ingress shares state with others
	// (see ingressKeys); byHostKey is the reverse.
	hostKeys  map[ObjectRef][]string
	byHostKey map[string][]ObjectRef
	// streamRoutes are the ApisixRoutes with stream rules.
	streamRoutes map[ObjectRef]bool
	// res is the result as of the last call of Result; pending are the
	// changes made since, in order, and pendingSize their total length
	// (see Change.size).
	res         *Result
	pending     []*Change
	pendingSize int
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
		users:        map[ObjectRef]map[ObjectRef]struct{}{},
		hostKeys:     map[ObjectRef][]string{},
		byHostKey:    map[string][]ObjectRef{},
		streamRoutes: map[ObjectRef]bool{},
		res:          &Result{State: &apisix.State{}},
	}
}

// Result returns the current result, making the changes applied since the
// last call to the sorted lists of the previous one (the previous result
// stays valid). This copies the lists: its work grows with the size of the
// result; Apply's does not.
func (tr *Translator) Result() *Result {
	switch len(tr.pending) {
	case 0:
	case 1:
		tr.res = tr.pending[0].applyTo(tr.res)
	default:
		tr.res = mergeChanges(tr.pending).applyTo(tr.res)
	}
	tr.pending, tr.pendingSize = nil, 0
	return tr.res
}

// Update is Apply followed by Result: it returns the new result.
func (tr *Translator) Update(set *Snapshot, deleted []ObjectRef) *Result {
	if tr.oneShot {
		tr.ix.apply(set, deleted, false)
		return tr.translateAll()
	}
	tr.Apply(set, deleted)
	return tr.Result()
}

// Apply applies the objects of set (created or updated) and the deletion
// of the objects deleted names (by kind, namespace and name: see the Kind
// constants), and returns what changed in the result. Its work is
// proportional to the change, not to the number of objects translated
// before: the result's sorted lists are brought up to date when Result is
// called, or when the changes held for it grow as large as the result
// (so that their memory stays bounded and the copying costs, amortized,
// a constant per changed object).
func (tr *Translator) Apply(set *Snapshot, deleted []ObjectRef) *Change {
	changed := tr.ix.apply(set, deleted, true)
	dirty := tr.dirtySources(changed)
	t := &translation{opts: tr.opts.withDefaults(), ix: tr.ix, outs: make(map[ObjectRef]*sourceOut, len(dirty)), record: !tr.oneShot}
	if len(tr.outs) == 0 && set != nil {
		tr.outs = make(map[ObjectRef]*sourceOut, len(dirty))
		tr.hostKeys = make(map[ObjectRef][]string, len(set.Ingresses))
		tr.byHostKey = make(map[string][]ObjectRef, len(set.Ingresses))
	}

	redo := map[ObjectRef]bool{} // every source translated again (or gone)
	group := tr.hostGroup(t, dirty)
	list := make([]*networkingv1.Ingress, 0, len(group))
	var routes []*apiv2.ApisixRoute
	var tlses []*apiv2.ApisixTls
	for ref := range group {
		k := nsName{ref.Namespace, ref.Name}
		switch ref.Kind {
		case kindIngress:
			redo[ref] = true
			if ing := tr.ix.ingresses[k]; ing != nil {
				list = append(list, ing)
			}
		case kindApisixRoute: // translated again by crds, with the conflicts decided here
			dirty[ref] = true
			if ar := tr.ix.apisixRoutes[k]; ar != nil {
				routes = append(routes, ar)
			}
		case kindApisixTls:
			dirty[ref] = true
			if o := tr.ix.apisixTlses[k]; o != nil {
				tlses = append(tlses, o)
			}
		}
	}
	t.ingresses(list, routes, tlses)
	t.crds(tr.crd, tr.crdWork(dirty, redo))
	t.gatewayAPI(tr.gatewayWork(changed, dirty, redo))
	c := tr.replace(t, redo)
	tr.pending = append(tr.pending, c)
	tr.pendingSize += c.size()
	if tr.pendingSize > stateLen(tr.res.State)+len(tr.res.Statuses) {
		tr.Result()
	}
	return c
}

// translateAll translates every source, for a Translator that makes no
// later update (see Translate).
func (tr *Translator) translateAll() *Result {
	t := &translation{opts: tr.opts.withDefaults(), ix: tr.ix, all: tr.ix.emptyResult()}
	t.ingresses(slices.Collect(maps.Values(tr.ix.ingresses)),
		slices.Collect(maps.Values(tr.ix.apisixRoutes)), slices.Collect(maps.Values(tr.ix.apisixTlses)))
	t.crds(tr.crd, &crdWork{
		pluginConfigs: slices.SortedFunc(maps.Keys(tr.ix.pluginConfigs), compareNsName),
		upstreams:     slices.SortedFunc(maps.Keys(tr.ix.apisixUpstreams), compareNsName),
		routes:        slices.SortedFunc(maps.Keys(tr.ix.apisixRoutes), compareNsName),
		tlses:         slices.SortedFunc(maps.Keys(tr.ix.apisixTlses), compareNsName),
		consumers:     slices.SortedFunc(maps.Keys(tr.ix.apisixConsumers), compareNsName),
		streams:       true,
		globalRules:   true,
	})
	gw := tr.ix.gatewaySources()
	slices.SortFunc(gw, ObjectRef.compare)
	t.gatewayAPI(gw)
	tr.res = t.all
	tr.res.State.Sort()
	slices.SortFunc(tr.res.Statuses, func(a, b Status) int { return a.Ref.compare(b.Ref) })
	// Each source's notices are sorted already: keep their order.
	slices.SortStableFunc(tr.res.Notices, func(a, b Notice) int { return a.Ref.compare(b.Ref) })
	sortConflicts(tr.res.Conflicts)
	return tr.res
}

// emptyResult returns an empty result with room for what translating
// every object of the index is expected to produce.
func (ix *index) emptyResult() *Result {
	routes, upstreams := 0, 0
	for _, ing := range ix.ingresses {
		upstreams++ // an Ingress's paths often share one Service port
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				routes += len(r.HTTP.Paths)
			}
		}
	}
	for _, ar := range ix.apisixRoutes {
		routes += len(ar.Spec.HTTP)
		upstreams += len(ar.Spec.HTTP)
	}
	sources := len(ix.ingresses) + len(ix.apisixRoutes) + len(ix.apisixUpstreams) + len(ix.apisixTlses) +
		len(ix.pluginConfigs) + len(ix.apisixConsumers) + len(ix.apisixGlobalRules)
	return &Result{
		State:    &apisix.State{Routes: make([]*apisix.Route, 0, routes), Upstreams: make([]*apisix.Upstream, 0, upstreams)},
		Statuses: make([]Status, 0, sources),
	}
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
		for s := range tr.users[k] {
			mark(s)
		}
		if k.Kind == KindIngressClass {
			for s := range tr.users[anyClass] {
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
	return isGatewaySource(k)
}

// hostGroup returns the dirty Ingresses, ApisixRoutes and ApisixTlses and
// every one of them that shares a host key with one of them, transitively
// (before or after the change), and brings the host keys up to date: what
// the Ingress pass and the conflicts between objects decide together.
func (tr *Translator) hostGroup(t *translation, dirty map[ObjectRef]bool) map[ObjectRef]bool {
	group := make(map[ObjectRef]bool, len(dirty))
	if tr.oneShot {
		for ref := range dirty {
			if hostShared(ref.Kind) {
				group[ref] = true
			}
		}
		return group
	}
	var queue []ObjectRef
	var oldKeys []string
	for ref := range dirty {
		if hostShared(ref.Kind) {
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
		if !hostShared(ref.Kind) {
			continue
		}
		delete(tr.hostKeys, ref)
		if keys := tr.sharedKeys(t, ref); len(keys) > 0 {
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

// hostShared reports whether sources of kind k share state by host: the
// Ingress pass, and conflicts across kinds.
func hostShared(k string) bool {
	return k == kindIngress || k == kindApisixRoute || k == kindApisixTls
}

// sharedKeys returns the keys by which the source ref shares state with
// others (nil when it is gone): an Ingress's ingressKeys and the hosts it
// can conflict on, an ApisixRoute's or ApisixTls's conflict keys.
func (tr *Translator) sharedKeys(t *translation, ref ObjectRef) []string {
	k := nsName{ref.Namespace, ref.Name}
	switch ref.Kind {
	case kindIngress:
		if ing := tr.ix.ingresses[k]; ing != nil {
			keys := t.ingressKeys(ing)
			for _, h := range IngressHostKeys(ing) {
				if !slices.Contains(keys, h) {
					keys = append(keys, h)
				}
			}
			return keys
		}
	case kindApisixRoute:
		if ar := tr.ix.apisixRoutes[k]; ar != nil {
			return ApisixRouteHostKeys(ar)
		}
	case kindApisixTls:
		if o := tr.ix.apisixTlses[k]; o != nil {
			return ApisixTlsHostKeys(o)
		}
	}
	return nil
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
// previous ones and returns what changed in the result. Its work is
// proportional to the change: the sorted lists of the result are updated
// only when Result asks for them (see Change.applyTo).
func (tr *Translator) replace(t *translation, redo map[ObjectRef]bool) *Change {
	c := &Change{Removed: &apisix.State{}, Added: &apisix.State{}, Statuses: make([]Status, 0, len(t.outs))}
	for ref := range redo {
		if old := tr.outs[ref]; old != nil {
			c.Gone = append(c.Gone, ref)
			for _, o := range old.objects {
				c.Removed.Add(o)
			}
			for _, d := range old.deps {
				delete(tr.users[d], ref)
				if len(tr.users[d]) == 0 {
					delete(tr.users, d)
				}
			}
			delete(tr.outs, ref)
		}
	}
	for ref, out := range t.outs { // every source in redo that still exists
		if !tr.oneShot {
			tr.outs[ref] = out
			for _, d := range out.deps {
				if tr.users[d] == nil {
					tr.users[d] = map[ObjectRef]struct{}{}
				}
				tr.users[d][ref] = struct{}{}
			}
		}
		if !out.translated {
			continue
		}
		for _, o := range out.objects {
			c.Added.Add(o)
		}
		c.Statuses = append(c.Statuses, out.status)
		c.Notices = append(c.Notices, out.notices...)
		c.Conflicts = append(c.Conflicts, out.conflicts...)
	}
	sortConflicts(c.Conflicts)
	c.Added.Sort()
	slices.SortFunc(c.Statuses, func(a, b Status) int { return a.Ref.compare(b.Ref) })
	slices.SortStableFunc(c.Notices, func(a, b Notice) int { return a.Ref.compare(b.Ref) })
	slices.SortFunc(c.Gone, ObjectRef.compare)
	return c
}

// mergeChanges returns the change that makes the changes cs, in order, at
// once: an object added by one and removed by a later one is in neither
// list, and the statuses, notices and conflicts of a source are those of
// the last change that translated it (if no later one removed it). Made to
// a result, it gives what making cs one after the other gives, copying the
// result's lists once.
func mergeChanges(cs []*Change) *Change {
	m := &Change{Removed: &apisix.State{}, Added: &apisix.State{}}
	type entry struct {
		o     apisix.Object
		alive bool
	}
	var added []entry
	at := map[apisix.Object][]int{} // the entries of added still alive, per object
	lastGone := map[ObjectRef]int{}
	for i, c := range cs {
		for _, k := range apisix.Kinds {
			for _, o := range c.Removed.Objects(k) {
				if is := at[o]; len(is) > 0 {
					added[is[len(is)-1]].alive = false
					at[o] = is[:len(is)-1]
				} else {
					m.Removed.Add(o)
				}
			}
		}
		for _, k := range apisix.Kinds {
			for _, o := range c.Added.Objects(k) {
				at[o] = append(at[o], len(added))
				added = append(added, entry{o, true})
			}
		}
		for _, r := range c.Gone {
			if _, ok := lastGone[r]; !ok {
				m.Gone = append(m.Gone, r)
			}
			lastGone[r] = i
		}
	}
	for _, e := range added {
		if e.alive {
			m.Added.Add(e.o)
		}
	}
	latest := func(r ObjectRef, i int) bool {
		g, ok := lastGone[r]
		return !ok || g <= i
	}
	for i, c := range cs {
		for _, s := range c.Statuses {
			if latest(s.Ref, i) {
				m.Statuses = append(m.Statuses, s)
			}
		}
		for _, n := range c.Notices {
			if latest(n.Ref, i) {
				m.Notices = append(m.Notices, n)
			}
		}
		for _, x := range c.Conflicts {
			if latest(x.Loser, i) {
				m.Conflicts = append(m.Conflicts, x)
			}
		}
	}
	// Each change's lists are sorted; a stable sort keeps, among equal
	// ids, the order in which the changes would have inserted them.
	byID := func(a, b apisix.Object) int { return strings.Compare(a.GetID(), b.GetID()) }
	sorted := &apisix.State{}
	for _, k := range apisix.Kinds {
		objs := m.Added.Objects(k)
		slices.SortStableFunc(objs, byID)
		for _, o := range objs {
			sorted.Add(o)
		}
	}
	m.Added = sorted
	slices.SortFunc(m.Gone, ObjectRef.compare)
	slices.SortStableFunc(m.Statuses, func(a, b Status) int { return a.Ref.compare(b.Ref) })
	slices.SortStableFunc(m.Notices, func(a, b Notice) int { return a.Ref.compare(b.Ref) })
	slices.SortStableFunc(m.Conflicts, func(a, b Conflict) int { return a.Loser.compare(b.Loser) })
	return m
}

// stateLen is the number of objects in s (State.Len without its copies).
func stateLen(s *apisix.State) int {
	return len(s.Routes) + len(s.Upstreams) + len(s.SSLs) + len(s.Consumers) + len(s.PluginConfigs) +
		len(s.GlobalRules) + len(s.StreamRoutes) + len(s.Services) + len(s.ConsumerGroups)
}

// applyTo returns prev with the change made: a new result, prev is not
// modified. Its work is proportional to the size of prev.
func (c *Change) applyTo(prev *Result) *Result {
	removed, added := c.Removed, c.Added
	return &Result{
		State: &apisix.State{
			Routes:         spliceByID(prev.State.Routes, removed.Routes, added.Routes),
			Upstreams:      spliceByID(prev.State.Upstreams, removed.Upstreams, added.Upstreams),
			SSLs:           spliceByID(prev.State.SSLs, removed.SSLs, added.SSLs),
			Consumers:      spliceByID(prev.State.Consumers, removed.Consumers, added.Consumers),
			PluginConfigs:  spliceByID(prev.State.PluginConfigs, removed.PluginConfigs, added.PluginConfigs),
			GlobalRules:    spliceByID(prev.State.GlobalRules, removed.GlobalRules, added.GlobalRules),
			StreamRoutes:   spliceByID(prev.State.StreamRoutes, removed.StreamRoutes, added.StreamRoutes),
			Services:       spliceByID(prev.State.Services, removed.Services, added.Services),
			ConsumerGroups: spliceByID(prev.State.ConsumerGroups, removed.ConsumerGroups, added.ConsumerGroups),
		},
		Statuses:  spliceByRef(prev.Statuses, c.Gone, c.Statuses, func(s Status) ObjectRef { return s.Ref }),
		Notices:   spliceByRef(prev.Notices, c.Gone, c.Notices, func(n Notice) ObjectRef { return n.Ref }),
		Conflicts: spliceByRef(prev.Conflicts, c.Gone, c.Conflicts, func(c Conflict) ObjectRef { return c.Loser }),
	}
}

// spliceByID returns prev (sorted by id) without the objects of del,
// with those of add (sorted by id) inserted in order. It finds positions by
// binary search, so that its work beyond copying is proportional to the
// change.
func spliceByID[T apisix.Object](prev, del, add []T) []T {
	if len(prev) == 0 {
		return add
	}
	byID := func(x T, id string) int { return strings.Compare(x.GetID(), id) }
	drop := make([]int, 0, len(del))
	for _, o := range del {
		i, _ := slices.BinarySearchFunc(prev, o.GetID(), byID)
		for ; i < len(prev) && prev[i].GetID() == o.GetID(); i++ {
			if any(prev[i]) == any(o) {
				drop = append(drop, i)
				break
			}
		}
	}
	return splice(prev, drop, add, func(a T) int {
		i, found := slices.BinarySearchFunc(prev, a.GetID(), byID)
		for found && i < len(prev) && prev[i].GetID() == a.GetID() {
			i++ // after equal ids
		}
		return i
	})
}

// spliceByRef returns prev (sorted by ref) without the elements of the
// refs gone (sorted), with add (sorted by ref) inserted in order.
func spliceByRef[T any](prev []T, gone []ObjectRef, add []T, ref func(T) ObjectRef) []T {
	if len(prev) == 0 {
		return add
	}
	byRef := func(x T, r ObjectRef) int { return ref(x).compare(r) }
	var drop []int
	for _, r := range gone {
		i, _ := slices.BinarySearchFunc(prev, r, byRef)
		for ; i < len(prev) && ref(prev[i]) == r; i++ {
			drop = append(drop, i)
		}
	}
	return splice(prev, drop, add, func(a T) int {
		i, _ := slices.BinarySearchFunc(prev, ref(a), byRef)
		for i < len(prev) && ref(prev[i]) == ref(a) {
			i++
		}
		return i
	})
}

// splice returns prev without the elements at the positions drop
// (ascending), with each element of add inserted at the position pos
// returns for it (positions in prev, ascending with add).
func splice[T any](prev []T, drop []int, add []T, pos func(T) int) []T {
	slices.Sort(drop)
	out := make([]T, 0, len(prev)-len(drop)+len(add))
	i, d := 0, 0
	copyTo := func(end int) {
		for i < end {
			for d < len(drop) && drop[d] < i {
				d++
			}
			next := end
			if d < len(drop) && drop[d] < end {
				next = drop[d]
			}
			out = append(out, prev[i:next]...)
			i = next
			if i < end && d < len(drop) && drop[d] == i {
				i++
				d++
			}
		}
	}
	for _, a := range add {
		copyTo(pos(a))
		out = append(out, a)
	}
	copyTo(len(prev))
	return out
}
