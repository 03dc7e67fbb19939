package apisixtest

import (
	"encoding/json"
	"fmt"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// admit runs APISIX's write checks on o, to be stored as kind/id: id
// consistency, schema, references and plugins; on success it fills defaults
// and timestamps in o. It returns APISIX's error_msg, or "". prev is the
// stored entry or nil; patch is the PATCH body (nil for PUT). The caller holds
// s.mu.
func (s *Server) admit(kind apisix.Kind, id string, o object, prev *entry, patch object) string {
	if kind == apisix.KindConsumer {
		// The consumer key is its username; APISIX injects no id.
		if msg := s.checkResource(kind, o); msg != "" {
			return msg
		}
		if u, _ := o["username"].(string); u != id {
			return "wrong username"
		}
	} else {
		if v, ok := o["id"]; ok {
			if got, _ := idString(v); got != id {
				return "wrong " + noun(kind) + " id"
			}
		}
		o["id"] = id
		if !apisix.ValidID(id) {
			return `invalid configuration: property "id" validation failed: object matches none of the required`
		}
		if msg := s.checkResource(kind, o); msg != "" {
			return msg
		}
	}
	if msg := s.missingRef(kind, o); msg != "" {
		return msg
	}
	s.fillAll(kind, o)
	now := json.Number(fmt.Sprint(s.opts.Now().Unix()))
	if _, ok := o["create_time"]; !ok {
		o["create_time"] = now
		if prev != nil {
			if ct, ok := prev.value["create_time"]; ok {
				o["create_time"] = ct
			}
		}
	}
	if _, ok := o["update_time"]; !ok || (patch != nil && patch["update_time"] == nil) {
		o["update_time"] = now
	}
	return ""
}

// checkResource runs the checker on o, an object of kind. A consumer's
// plugin errors carry APISIX's "invalid plugins configuration: " prefix.
func (s *Server) checkResource(kind apisix.Kind, o object) string {
	err := s.checker.CheckResource(kind, mustJSON(o))
	switch {
	case err == nil:
		return ""
	case kind == apisix.KindConsumer && isPluginError(err):
		return "invalid plugins configuration: " + err.Error()
	}
	return err.Error()
}

// fillAll fills the defaults of o's resource schema and of its plugins.
func (s *Server) fillAll(kind apisix.Kind, o object) {
	if s.schemas == nil {
		fillDefaults(builtinDefaults(kind), o)
		return
	}
	fillDefaults(s.schemas.coreDec[kind], o)
	plugins, _ := o["plugins"].(object)
	for name, conf := range plugins {
		pi := s.schemas.plugins[name]
		if pi == nil {
			continue
		}
		if kind == apisix.KindConsumer {
			fillDefaults(pi.decodedC, conf)
		} else {
			fillDefaults(pi.decoded, conf)
		}
	}
}
