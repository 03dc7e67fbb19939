package controller

import (
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// references are the objects a snapshot's objects name that the controller
// fetches on demand rather than caching their kind.
type references struct {
	secrets    map[objectKey]bool
	configMaps map[objectKey]bool
}

// referencesOf returns every Secret and ConfigMap that a translation of the
// snapshot's objects looks up, as translator.References lists them.
func referencesOf(s *translator.Snapshot) references {
	refs := references{secrets: map[objectKey]bool{}, configMaps: map[objectKey]bool{}}
	for _, k := range translator.SnapshotKinds() {
		if !k.Source {
			continue
		}
		for _, o := range k.Objects(s) {
			for _, r := range translator.References(o) {
				switch r.Kind {
				case translator.KindSecret:
					refs.secrets[objectKey{r.Namespace, r.Name}] = true
				case translator.KindConfigMap:
					refs.configMaps[objectKey{r.Namespace, r.Name}] = true
				}
			}
		}
	}
	return refs
}

// referenced returns the event filter of the reference store of a kind read
// by reference (translator.SnapshotKind.ByReference).
func (c *Controller) referenced(kind string) func(obj any) bool {
	switch kind {
	case translator.KindSecret:
		return c.secrets.referenced
	case translator.KindConfigMap:
		return c.configMaps.referenced
	}
	panic("controller: no reference store for " + kind)
}
