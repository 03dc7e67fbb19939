package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/apisix/schema"
)

// pluginChecker checks plugin configurations locally: against a local
// schema directory when given, else against the schemas fetched from APISIX
// in the background (never during a check), and always against the typed
// configurations of package apisix.
type pluginChecker struct {
	local  *schema.Schemas
	remote *schemaCache // nil without an APISIX client
	opts   Options
	cfgval *configsValidator // nil unless Options.ConfigsValidate
}

func newPluginChecker(o Options) *pluginChecker {
	p := &pluginChecker{local: o.Schemas, opts: o}
	if o.APISIX != nil {
		p.remote = newSchemaCache(o)
		if o.ConfigsValidate {
			p.cfgval = newConfigsValidator(o)
		}
	}
	return p
}

// pluginProblem is the outcome of checking one plugin configuration.
type pluginProblem struct {
	invalid   string // the configuration breaks the schema: the reason
	unknown   bool   // no such plugin
	unchecked string // could not be checked: why (a warning)
}

// checkUser checks a configuration the user wrote. consumer selects the
// plugin's consumer schema (authentication parameters of a consumer). A
// schema source adds checks to the typed configuration's, never removes
// them: a plugin the project models is always checked by its typed
// configuration too, and is checked by it alone where no usable schema is.
func (p *pluginChecker) checkUser(name string, conf []byte, consumer bool) pluginProblem {
	pr := p.checkSchema(name, conf, consumer)
	if pr.invalid != "" || pr.unknown {
		return pr
	}
	if typed, ok := typedProblem(name, conf, consumer); ok {
		return typed
	}
	return pr
}

// checkSchema checks a configuration against the schema source: the local
// schemas, else the schemas cached from APISIX.
func (p *pluginChecker) checkSchema(name string, conf []byte, consumer bool) pluginProblem {
	if p.local != nil {
		if p.local.HasPlugin(name) && !p.local.HasPluginSchema(name) {
			return pluginProblem{unchecked: `its file in --schemas has no "schema" member`}
		}
		var err error
		if consumer {
			err = p.local.CheckConsumerPlugin(name, conf)
		} else {
			err = p.local.CheckPlugin(name, conf)
		}
		return localProblem(err)
	}
	if p.remote != nil && !consumer {
		sch, err := p.remote.get(name)
		switch {
		case errors.Is(err, errUnknownPlugin):
			return pluginProblem{unknown: true}
		case errors.Is(err, errUnreachable):
			return pluginProblem{unchecked: "APISIX did not answer, so its schema was not checked"}
		case errors.Is(err, errNotLoaded):
			return pluginProblem{unchecked: "APISIX's plugin schemas are not loaded yet"}
		case err != nil:
			return pluginProblem{unchecked: "APISIX's schema does not compile: " + err.Error()}
		}
		if len(bytes.TrimSpace(conf)) == 0 {
			conf = []byte("{}")
		}
		return localProblem(sch.CheckPlugin(name, conf))
	}
	return pluginProblem{unchecked: "no schema to check it against (give --schemas DIR or --apisix-admin-url)"}
}

func localProblem(err error) pluginProblem {
	var unknown *schema.UnknownPluginError
	var perr *apisix.PluginError
	switch {
	case err == nil:
		return pluginProblem{}
	case errors.As(err, &unknown):
		return pluginProblem{unknown: true}
	case errors.As(err, &perr):
		return pluginProblem{invalid: perr.Reason}
	}
	return pluginProblem{invalid: err.Error()}
}

// typedProblem checks conf against the typed configuration, if any.
func typedProblem(name string, conf []byte, consumer bool) (pluginProblem, bool) {
	var known bool
	var err error
	if consumer {
		known, err = apisix.CheckTypedConsumerPlugin(name, conf)
	} else {
		known, err = apisix.CheckTypedPlugin(name, conf)
	}
	if !known {
		return pluginProblem{}, false
	}
	return localProblem(err), true
}

// plugins checks the enabled plugins of a CRD list at fp.
func (c *check) plugins(list []apiv2.ApisixRoutePlugin, fp *field.Path, stream bool) {
	seen := map[string]int{}
	for i, pl := range list {
		pp := fp.Index(i)
		if j, dup := seen[pl.Name]; dup {
			c.fail(field.Duplicate(pp.Child("name"), fmt.Sprintf("%s (also at index %d)", pl.Name, j)))
			continue
		}
		seen[pl.Name] = i
		if !pl.IsEnabled() {
			continue
		}
		var conf []byte
		if pl.Config != nil {
			conf = pl.Config.Raw
		}
		if len(conf) == 0 {
			conf = []byte("{}")
		}
		if stream {
			if pr, ok := typedProblem(pl.Name, conf, false); ok && pr.invalid != "" {
				c.fail(field.Invalid(pluginConfigPath(pp, pl.Name), json.RawMessage(conf), pr.invalid))
			}
			continue
		}
		pr := c.v.plugins.checkUser(pl.Name, conf, false)
		c.pluginResult(pp, pl, conf, pr)
	}
}

func (c *check) pluginResult(pp *field.Path, pl apiv2.ApisixRoutePlugin, conf []byte, pr pluginProblem) {
	switch {
	case pr.unknown:
		e := field.NotSupported[string](pp.Child("name"), pl.Name, nil)
		e.Detail = "APISIX has no plugin of that name"
		c.fail(e)
	case pr.invalid != "" && pl.SecretRef != "":
		c.warn.addField(pluginConfigPath(pp, pl.Name).String(), "checked without the keys of Secret "+pl.SecretRef+": "+pr.invalid)
	case pr.invalid != "":
		c.fail(field.Invalid(pluginConfigPath(pp, pl.Name), compact(conf), pr.invalid))
	case pr.unchecked != "":
		c.warn.addField(pp.String(), "plugin "+pl.Name+" not checked: "+pr.unchecked)
	}
}

// pluginConfigPath is the path of a plugin's config in messages, naming the
// plugin: spec.http[0].plugins[0].config (limit-count).
func pluginConfigPath(pp *field.Path, name string) *field.Path {
	return pp.Child("config (" + name + ")")
}

// compact is a configuration as a one-line string for messages.
func compact(conf []byte) string {
	s := strings.Join(strings.Fields(string(conf)), " ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}
