package apisix

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"unicode/utf8"
)

// Object is implemented by every Admin API v3 resource type of this package.
type Object interface {
	// Kind names the resource collection the object belongs to.
	Kind() Kind
	// GetID returns the key of the object in its collection (for a consumer,
	// its username).
	GetID() string
	// GetLabels returns the object's labels; none for kinds without labels
	// (global rules).
	GetLabels() Labels
}

// Plugins maps a plugin name to its configuration, as carried in the
// `plugins` member of routes, services, consumers, plugin configs, consumer
// groups, global rules and stream routes.
type Plugins map[string]json.RawMessage

// Set marshals conf (usually a typed config of this package) and stores it
// under name, allocating the map if needed.
func (p *Plugins) Set(name string, conf any) error {
	b, err := json.Marshal(conf)
	if err != nil {
		return fmt.Errorf("plugin %s: %w", name, err)
	}
	if *p == nil {
		*p = Plugins{}
	}
	(*p)[name] = b
	return nil
}

// Names returns the plugin names in sorted order.
func (p Plugins) Names() []string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Timeout is APISIX's timeout object (seconds); all three members are
// required by APISIX and must be greater than 0.
type Timeout struct {
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Read    float64 `json:"read"`
}

// Ptr returns a pointer to v; handy for the optional fields of typed configs.
func Ptr[T any](v T) *T { return &v }

// idPattern is APISIX's id_schema pattern (schema_def.lua), which RE2 reads
// the same way: a '-' between '9' and '_' inside a class is a literal.
var idPattern = regexp.MustCompile(`^[a-zA-Z0-9-_.]+$`)

// ValidID reports whether id is an acceptable Admin API object id: 1..64
// characters of [a-zA-Z0-9-_.].
func ValidID(id string) bool {
	return len(id) >= 1 && len(id) <= 64 && idPattern.MatchString(id)
}

// labelValuePattern is APISIX's label value pattern `^\S+$`.
var labelValuePattern = regexp.MustCompile(`^\S+$`)

// CheckLabels checks labels the way APISIX's labels_def does: keys are free,
// every value is 1..256 characters without whitespace. The error names the
// first offending key in sorted order, in APISIX's wording.
func CheckLabels(labels Labels) error {
	for _, k := range labels.Keys() {
		if msg := labelValueProblem(labels[k]); msg != "" {
			return fmt.Errorf(`property "labels" validation failed: failed to validate %s (matching ".*"): %s`, k, msg)
		}
	}
	return nil
}

func labelValueProblem(v string) string {
	n := utf8.RuneCountInString(v)
	switch {
	case n < 1:
		return fmt.Sprintf("string too short, expected at least 1, got %d", n)
	case n > 256:
		return fmt.Sprintf("string too long, expected at most 256, got %d", n)
	case !labelValuePattern.MatchString(v):
		return fmt.Sprintf("failed to match pattern %s with %s", LuaQuote(`^\S+$`), LuaQuote(v))
	}
	return ""
}
