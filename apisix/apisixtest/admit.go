package apisixtest

import (
	"encoding/json"
	"fmt"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// admit runs APISIX's write checks on o, to be stored as kind/id: id
// consistency, forbidden timestamps (PUT), schema, references and plugins; on
// success it sets the timestamps in o. Like APISIX it checks a copy with the
// schemas' defaults filled in and stores the body as sent, without them. It
// returns APISIX's error_msg, or "". prev is the stored entry or nil; patch
// is the PATCH body (nil for PUT). The caller holds s.mu.
func (s *Server) admit(kind apisix.Kind, id string, o object, prev *entry, patch object) string {
	if kind == apisix.KindConsumer {
		// The consumer key is its username; APISIX injects no id.
		if msg := forbiddenTime(o, patch); msg != "" {
			return msg
		}
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
		if msg := forbiddenTime(o, patch); msg != "" {
			return msg
		}
		if msg := preSchemaCheck(kind, o); msg != "" {
			return msg
		}
		if !apisix.ValidID(id) {
			return `invalid configuration: property "id" validation failed: object matches none of the required`
		}
		// APISIX checks the schema, the upstream, the references, the
		// plugins and the vars, in that order; the checker does schema and
		// plugins at once, so a plugin error waits for the checks between.
		var pluginMsg string
		if msg := s.checkResource(kind, o); msg != "" {
			if !s.pluginFailed(kind, o) {
				return msg
			}
			pluginMsg = msg
		}
		if msg := upstreamCheck(kind, o); msg != "" {
			return msg
		}
		if msg := s.missingRef(kind, o); msg != "" {
			return msg
		}
		if pluginMsg != "" {
			return pluginMsg
		}
		if msg := s.globalPluginTaken(kind, id, o); msg != "" {
			return msg
		}
		if msg := varsCheck(kind, o); msg != "" {
			return msg
		}
	}
	if msg := s.missingRef(kind, o); msg != "" {
		return msg
	}
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

// pluginFailed reports whether o fails only in its plugins: the checker
// passes it once the plugins are taken out.
func (s *Server) pluginFailed(kind apisix.Kind, o object) bool {
	if _, ok := o["plugins"]; !ok {
		return false
	}
	c := make(object, len(o))
	for k, v := range o {
		if k != "plugins" {
			c[k] = v
		}
	}
	return s.checker.CheckResource(kind, mustJSON(c)) == nil
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

// forbiddenTime returns APISIX's error for a PUT body that carries
// create_time or update_time (a PATCH may), or "".
func forbiddenTime(o, patch object) string {
	if patch != nil {
		return ""
	}
	for _, f := range []string{"create_time", "update_time"} {
		if _, ok := o[f]; ok {
			return "the property is forbidden:  " + f // two spaces, as APISIX words it
		}
	}
	return ""
}
