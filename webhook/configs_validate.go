package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/apisix-ingress/apisix-ingress/apisix"
	"github.com/apisix-ingress/apisix-ingress/translator"
)

// configsValidator asks APISIX (>= 3.17) to check translated objects with
// POST /apisix/admin/configs/validate: a network call inside validation, so
// only for the offline validate command (Options.ConfigsValidate; Setup
// refuses it). An APISIX without the endpoint is remembered and not asked
// again; after APISIX did not answer it is not asked again for the backoff.
type configsValidator struct {
	client  *apisix.Client
	timeout time.Duration
	backoff time.Duration
	now     func() time.Time

	mu          sync.Mutex
	unsupported bool
	downUntil   time.Time
}

func newConfigsValidator(o Options) *configsValidator {
	return &configsValidator{client: o.APISIX, timeout: o.APISIXTimeout, backoff: o.APISIXBackoff, now: o.Now}
}

// state reports whether APISIX lacks the endpoint, or is in its backoff.
func (v *configsValidator) state() (unsupported, down bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.unsupported, v.now().Before(v.downUntil)
}

// validate sends state. It returns APISIX's per-object errors, or a
// warning when the check could not be made ("" when it was not attempted).
func (v *configsValidator) validate(ctx context.Context, state *apisix.State) ([]apisix.ConfigError, string) {
	unsupported, down := v.state()
	switch {
	case unsupported:
		return nil, ""
	case down:
		return nil, "translated objects not checked by APISIX: it did not answer"
	}
	body, err := json.Marshal(state)
	if err != nil {
		return nil, "translated objects not checked by APISIX: " + err.Error()
	}
	ctx, cancel := context.WithTimeout(ctx, v.timeout)
	defer cancel()
	err = v.client.ValidateConfigs(ctx, body)
	var apiErr *apisix.APIError
	switch {
	case err == nil:
		return nil, ""
	case errors.Is(err, apisix.ErrNotSupported):
		v.mu.Lock()
		v.unsupported = true
		v.mu.Unlock()
		return nil, ""
	case errors.Is(err, apisix.ErrInvalid) && errors.As(err, &apiErr):
		if len(apiErr.Errors) == 0 {
			return []apisix.ConfigError{{Error: apiErr.Message}}, ""
		}
		return apiErr.Errors, ""
	}
	v.mu.Lock()
	v.downUntil = v.now().Add(v.backoff)
	v.mu.Unlock()
	return nil, "translated objects not checked by APISIX: it did not answer"
}

// translated checks the APISIX objects translated from ref: with
// typedPlugins, every plugin the project emitted against its typed
// configuration; then, with Options.ConfigsValidate (the validate
// command only), the whole set with configs/validate. Errors are reported at fp.
func (c *check) translated(res *translator.Result, ref translator.ObjectRef, fp *field.Path, typedPlugins bool) {
	own := ownedState(res.State, ref)
	if typedPlugins {
		for _, r := range own.Routes {
			c.typedPlugins(fp, r.Plugins, false)
		}
		for _, pc := range own.PluginConfigs {
			c.typedPlugins(fp, pc.Plugins, false)
		}
		for _, cs := range own.Consumers {
			c.typedPlugins(fp, cs.Plugins, true)
		}
	}
	cv := c.v.plugins.cfgval
	if cv == nil || len(c.errs) > 0 || isEmptyState(own) {
		return
	}
	errs, warn := cv.validate(c.ctx, own)
	if warn != "" {
		c.warn.add(warn)
	}
	for _, e := range errs {
		what := e.ResourceType
		if e.ResourceID != "" {
			what += " " + e.ResourceID
		}
		c.fail(field.Invalid(fp, what, "APISIX rejects the translated "+what+": "+e.Error))
	}
}

func (c *check) typedPlugins(fp *field.Path, ps apisix.Plugins, consumer bool) {
	for _, name := range ps.Names() {
		if pr, ok := typedProblem(name, ps[name], consumer); ok && pr.invalid != "" {
			c.fail(field.Invalid(fp, name, fmt.Sprintf("translates to an invalid %s configuration: %s", name, pr.invalid)))
		}
	}
}

// ownedState returns the objects of s emitted for ref.
func ownedState(s *apisix.State, ref translator.ObjectRef) *apisix.State {
	out := &apisix.State{}
	for _, k := range apisix.Kinds {
		for _, o := range s.Objects(k) {
			l := o.GetLabels()
			if len(l) == 0 || (l[apisix.LabelSourceKind] == ref.Kind && l[apisix.LabelSourceNamespace] == ref.Namespace && l[apisix.LabelSourceName] == ref.Name) {
				out.Add(o)
			}
		}
	}
	return out
}

func isEmptyState(s *apisix.State) bool {
	for _, k := range apisix.Kinds {
		if len(s.Objects(k)) > 0 {
			return false
		}
	}
	return true
}
