package apisixtest

import (
	"fmt"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ref is a member of one kind that names an object of another.
type ref struct {
	field  string
	target apisix.Kind
}

// refsOf lists the references APISIX checks on writes of kind.
func refsOf(kind apisix.Kind) []ref {
	switch kind {
	case apisix.KindRoute:
		return []ref{{"upstream_id", apisix.KindUpstream}, {"service_id", apisix.KindService}, {"plugin_config_id", apisix.KindPluginConfig}}
	case apisix.KindService:
		return []ref{{"upstream_id", apisix.KindUpstream}}
	case apisix.KindStreamRoute:
		return []ref{{"upstream_id", apisix.KindUpstream}, {"service_id", apisix.KindService}}
	case apisix.KindConsumer:
		return []ref{{"group_id", apisix.KindConsumerGroup}}
	}
	return nil
}

// referrerOrder is the order in which delete checks look for referrers.
func referrerOrder() []apisix.Kind {
	return []apisix.Kind{apisix.KindRoute, apisix.KindStreamRoute, apisix.KindService, apisix.KindConsumer}
}

// noun is how APISIX's messages name one object of kind.
func noun(kind apisix.Kind) string {
	switch kind {
	case apisix.KindPluginConfig:
		return "plugin config"
	case apisix.KindConsumerGroup:
		return "consumer group"
	case apisix.KindGlobalRule:
		return "global rule"
	case apisix.KindStreamRoute:
		return "stream route"
	case apisix.KindSSL:
		return "ssl"
	}
	return coreName(kind)
}

// missingRef returns APISIX's error for the first reference of o (an object
// of kind) to an object that does not exist, or "". The caller holds s.mu.
func (s *Server) missingRef(kind apisix.Kind, o object) string {
	for _, rf := range refsOf(kind) {
		v, ok := o[rf.field]
		if !ok {
			continue
		}
		id, _ := idString(v)
		if s.store.get(rf.target, id) == nil {
			n := noun(rf.target)
			return fmt.Sprintf("failed to fetch %s info by %s id [%s], response code: 404", n, n, id)
		}
	}
	return ""
}

// referrer returns APISIX's error when some object still references kind/id,
// or "". The caller holds s.mu.
func (s *Server) referrer(kind apisix.Kind, id string) string {
	for _, from := range referrerOrder() {
		for _, rf := range refsOf(from) {
			if rf.target != kind {
				continue
			}
			for _, fid := range s.store.ids(from) {
				v, ok := s.store.get(from, fid).value[rf.field]
				if got, _ := idString(v); !ok || got != id {
					continue
				}
				label := coreName(from) // route, stream_route, service, consumer
				switch kind {
				case apisix.KindService:
					return fmt.Sprintf("can not delete this service directly, %s [%s] is still using it now", label, fid)
				default:
					return fmt.Sprintf("can not delete this %s, %s [%s] is still using it now", noun(kind), label, fid)
				}
			}
		}
	}
	return ""
}
