package apisix

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// PluginError is a rejected plugin configuration, worded as APISIX words it:
// "failed to check the configuration of plugin <name> err: <reason>".
type PluginError struct {
	Plugin string
	// Reason is APISIX's schema message, e.g.
	// `property "rate" validation failed: expected 0 to be greater than 0`.
	Reason string
}

func (e *PluginError) Error() string {
	return "failed to check the configuration of plugin " + e.Plugin + " err: " + e.Reason
}

// extraChecker is implemented by typed configs with rules a struct tag
// cannot express (oneOf, dependencies, minProperties): it returns APISIX's
// message, or "".
type extraChecker interface {
	extraCheck() string
}

// CheckTypedPlugin checks conf against the typed configuration of the plugin
// name, as configured on a route, service, plugin config, consumer group or
// global rule. known is false (and err nil) when this package has no typed
// configuration for name. Unknown members are accepted, as APISIX accepts
// them, except inside objects APISIX closes (additionalProperties false).
func CheckTypedPlugin(name string, conf json.RawMessage) (known bool, err error) {
	cfg := newTypedPlugin(name)
	if cfg == nil {
		return false, nil
	}
	return true, checkTyped(name, conf, cfg)
}

// CheckTypedConsumerPlugin is CheckTypedPlugin for the configuration of an
// authentication plugin on a consumer (APISIX's consumer_schema).
func CheckTypedConsumerPlugin(name string, conf json.RawMessage) (known bool, err error) {
	cfg := newTypedConsumerPlugin(name)
	if cfg == nil {
		return false, nil
	}
	return true, checkTyped(name, conf, cfg)
}

// TypedPluginNames lists, sorted, the plugins with a typed configuration.
func TypedPluginNames() []string {
	names := typedPluginNames()
	sort.Strings(names)
	return names
}

// TypedConsumerPluginNames lists, sorted, the plugins with a typed consumer
// configuration.
func TypedConsumerPluginNames() []string {
	names := typedConsumerPluginNames()
	sort.Strings(names)
	return names
}

func checkTyped(name string, conf json.RawMessage, cfg any) error {
	if msg := checkIsObject(conf); msg != "" {
		return &PluginError{Plugin: name, Reason: msg}
	}
	if err := json.Unmarshal(conf, cfg); err != nil {
		return &PluginError{Plugin: name, Reason: decodeReason(err)}
	}
	if err := pluginValidator().Struct(cfg); err != nil {
		var verrs validator.ValidationErrors
		if errors.As(err, &verrs) && len(verrs) > 0 {
			return &PluginError{Plugin: name, Reason: fieldErrorReason(verrs[0])}
		}
		return &PluginError{Plugin: name, Reason: err.Error()}
	}
	if c, ok := cfg.(extraChecker); ok {
		if msg := c.extraCheck(); msg != "" {
			return &PluginError{Plugin: name, Reason: msg}
		}
	}
	return nil
}

func checkIsObject(conf json.RawMessage) string {
	var v any
	if err := json.Unmarshal(conf, &v); err != nil {
		return "invalid JSON: " + err.Error()
	}
	if _, ok := v.(map[string]any); !ok {
		return "wrong type: expected object, got " + luaType(v)
	}
	return ""
}

// luaType names a decoded JSON value's type as Lua's type() does.
func luaType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "nil"
	default:
		return "table"
	}
}

// decodeReason renders a json decoding error of a typed config.
func decodeReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		got := te.Value
		switch {
		case got == "bool":
			got = "boolean"
		case got == "object" || got == "array":
			got = "table"
		case strings.HasPrefix(got, "number"):
			got = "number"
		}
		return propertyPrefix(strings.Split(te.Field, ".")) + "wrong type: expected " + jsonTypeOf(te.Type) + ", got " + got
	}
	var se *schemaError
	if errors.As(err, &se) {
		return se.msg
	}
	return err.Error()
}

// schemaError carries a ready APISIX message out of a custom unmarshaler.
type schemaError struct{ msg string }

func (e *schemaError) Error() string { return e.msg }

func jsonTypeOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	default:
		return "object"
	}
}

func propertyPrefix(fields []string) string {
	var b strings.Builder
	for _, f := range fields {
		if f != "" {
			b.WriteString("property " + LuaQuote(f) + " validation failed: ")
		}
	}
	return b.String()
}

// pluginPatterns maps a validator tag to an APISIX pattern: RE2 to check
// with, and the PCRE text APISIX prints in its message. All of these are
// read identically by PCRE and RE2.
func pluginPatterns() map[string]string {
	return map[string]string{
		"pat_realm":          `^[ -!#-[\]-~]+$`,
		"pat_rewrite_host":   `^[0-9a-zA-Z-.]+(:\d{1,5})?$`,
		"pat_abs_uri":        `^\/.*`,
		"pat_header_name":    `^[^:]+$`,
		"pat_redirect_uri":   `(\\\$[0-9a-zA-Z_]+)|\$\{([0-9a-zA-Z_]+)\}|\$([0-9a-zA-Z_]+)|(\$|[^$\\]+)`,
		"pat_cors_origins":   `^(\*|\*\*|null|\w+://[^,]+(,\w+://[^,]+)*)$`,
		"pat_mirror_host":    `^(http(s)?|grpc(s)?):\/\/([\da-zA-Z.-]+|\[[\da-fA-F:]+\])(:\d+)?$`,
		"pat_mirror_path":    `^/[^?&]+$`,
		"pat_resp_header_kv": `^[^:]+:[^:]*[^/]$`,
		"pat_host_def":       `^\*$|^\*?[0-9a-zA-Z-._\[\]:]+$`,
	}
}

// pluginValidator is built once and never changed afterwards; the validator
// caches struct metadata, so sharing it is what makes checks cheap.
var pluginValidator = sync.OnceValue(newPluginValidator)

func newPluginValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		if f.Anonymous {
			return ""
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	for tag, pat := range pluginPatterns() {
		re := regexp.MustCompile(pat)
		mustRegister(v, tag, func(fl validator.FieldLevel) bool { return re.MatchString(fl.Field().String()) })
	}
	mustRegister(v, "apisix_id", func(fl validator.FieldLevel) bool { return ValidID(fl.Field().String()) })
	return v
}

func mustRegister(v *validator.Validate, tag string, fn validator.Func) {
	if err := v.RegisterValidation(tag, fn); err != nil {
		panic(fmt.Sprintf("apisix: register %s: %v", tag, err))
	}
}
