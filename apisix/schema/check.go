package schema

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// ResourceError is a resource body that fails its core schema. Error()
// reads like APISIX's 400 error_msg: "invalid configuration: <reason>".
type ResourceError struct {
	Kind apisix.Kind
	// Reason is the validator's message, naming the property path, e.g.
	// `property "uri" validation failed: wrong type: expected string, got number`.
	Reason string
}

func (e *ResourceError) Error() string { return "invalid configuration: " + e.Reason }

// UnknownPluginError is a plugin name APISIX does not know.
type UnknownPluginError struct{ Name string }

func (e *UnknownPluginError) Error() string { return "unknown plugin [" + e.Name + "]" }

// CheckResource checks body, an object of kind, against its core schema and
// then each entry of its `plugins` member against that plugin's schema (the
// consumer schema for consumers, where the plugin has one), in name order.
// Errors are *ResourceError, *UnknownPluginError or *apisix.PluginError.
func (s *Schemas) CheckResource(kind apisix.Kind, body []byte) error {
	c, ok := s.core[kind]
	if !ok {
		return fmt.Errorf("schema: unsupported resource kind %q", kind)
	}
	v, err := decode(body)
	if err != nil {
		return &ResourceError{Kind: kind, Reason: "invalid JSON: " + err.Error()}
	}
	fillDefaults(c.doc, v) // as APISIX's validator does, before if/then sees the value
	if err := c.sch.Validate(v); err != nil {
		return &ResourceError{Kind: kind, Reason: s.reason(err)}
	}
	obj, _ := v.(map[string]any)
	plugins, _ := obj["plugins"].(map[string]any)
	for _, name := range sortedKeys(plugins) {
		if err := s.checkPluginValue(name, plugins[name], kind == apisix.KindConsumer); err != nil {
			return err
		}
	}
	return nil
}

// CheckPlugin checks conf against the schema of plugin name, as configured
// on a route, service, plugin config, consumer group or global rule.
func (s *Schemas) CheckPlugin(name string, conf []byte) error {
	return s.checkPluginBytes(name, conf, false)
}

// CheckConsumerPlugin checks conf as the configuration of plugin name on a
// consumer: against its consumer_schema when it has one.
func (s *Schemas) CheckConsumerPlugin(name string, conf []byte) error {
	return s.checkPluginBytes(name, conf, true)
}

func (s *Schemas) checkPluginBytes(name string, conf []byte, consumer bool) error {
	v, err := decode(conf)
	if err != nil {
		return &apisix.PluginError{Plugin: name, Reason: "invalid JSON: " + err.Error()}
	}
	return s.checkPluginValue(name, v, consumer)
}

func (s *Schemas) checkPluginValue(name string, v any, consumer bool) error {
	p, ok := s.plugins[name]
	if !ok {
		return &UnknownPluginError{Name: name}
	}
	c := p.schema
	if consumer && p.consumer != nil {
		c = p.consumer
	}
	fillDefaults(c.doc, v) // v is always a fresh decode: filling it changes nothing of the caller's
	if err := c.sch.Validate(v); err != nil {
		return &apisix.PluginError{Plugin: name, Reason: s.reason(err)}
	}
	return nil
}

func (s *Schemas) reason(err error) string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	return s.render(ve)
}

// docAt returns the normalised schema document with the given URL.
func (s *Schemas) docAt(url string) any {
	for _, c := range s.core {
		if c.url == url {
			return c.doc
		}
	}
	for _, p := range s.plugins {
		if p.schema.url == url {
			return p.schema.doc
		}
		if p.consumer != nil && p.consumer.url == url {
			return p.consumer.doc
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

// jsonOf marshals v compactly, for messages.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
