package apisixtest

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
)

// Checker checks Admin API bodies the way APISIX's write checks do, plugin
// configurations included. The text of its error becomes the error_msg of
// the 400 answer verbatim, so it should read like APISIX's ("invalid
// configuration: property \"uri\" ...", "failed to check the configuration
// of plugin x err: ..."). *schema.Schemas implements it.
type Checker interface {
	CheckResource(kind apisix.Kind, body []byte) error
}

// typedChecker is the checker used without a schemas directory: resource
// schemas are not checked, and plugin configurations only for the plugins
// the project models (apisix.CheckTypedPlugin); other plugins pass.
type typedChecker struct{}

func (typedChecker) CheckResource(kind apisix.Kind, body []byte) error {
	var o struct {
		Plugins map[string]json.RawMessage `json:"plugins"`
	}
	if err := json.Unmarshal(body, &o); err != nil {
		return errors.New("invalid configuration: " + err.Error())
	}
	for _, name := range slices.Sorted(maps.Keys(o.Plugins)) {
		conf := o.Plugins[name]
		if kind == apisix.KindConsumer {
			if known, err := apisix.CheckTypedConsumerPlugin(name, conf); known {
				if err != nil {
					return err
				}
				continue
			}
		}
		if _, err := apisix.CheckTypedPlugin(name, conf); err != nil {
			return err
		}
	}
	return nil
}

// newChecker picks the checker: Options.Checker, else APISIX's schemas from
// SchemasDir, else the typed plugin configs of package apisix (said once in
// the log).
func (s *Server) newChecker() (Checker, error) {
	switch {
	case s.opts.Checker != nil:
		return s.opts.Checker, nil
	case s.opts.SchemasDir != "":
		return schema.Load(s.opts.SchemasDir, schema.Options{Logger: s.opts.Logger})
	}
	s.opts.Logger.Info("apisixtest: no SchemasDir given; resource schemas are not checked and " +
		"plugin configs are checked only for the plugins the project models (apisix.CheckTypedPlugin)")
	return typedChecker{}, nil
}

// isPluginError reports whether err rejects a plugin configuration rather
// than the resource itself.
func isPluginError(err error) bool {
	var pe *apisix.PluginError
	var ue *schema.UnknownPluginError
	return errors.As(err, &pe) || errors.As(err, &ue)
}
