package annotations

import (
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Annotation key prefixes.
const (
	// NginxPrefix is the prefix of ingress-nginx annotation keys.
	NginxPrefix = "nginx.ingress.kubernetes.io/"
	// APISIXPrefix is the prefix of this project's canonical annotation keys.
	APISIXPrefix = "k8s.apisix.apache.org/"
)

// Stance says what the project does with an annotation.
type Stance string

const (
	// Translate: a faithful APISIX equivalent exists.
	Translate Stance = "Translate"
	// TranslateWithWarning: translated, but the semantics differ (Entry.Note says how).
	TranslateWithWarning Stance = "TranslateWithWarning"
	// IgnoreWithWarning: validated, then ignored with a warning (Entry.Note says why).
	IgnoreWithWarning Stance = "IgnoreWithWarning"
	// Reject: the object is rejected (Entry.Note names the APISIX way instead).
	Reject Stance = "Reject"
)

// ValueType is the type of an annotation value.
type ValueType string

// Value types.
const (
	TypeBool       ValueType = "bool"
	TypeInt        ValueType = "int"
	TypeSeconds    ValueType = "seconds"     // whole seconds, unitless ("60")
	TypeDuration   ValueType = "duration"    // whole seconds with a unit ("60s", "2m")
	TypeSize       ValueType = "size"        // nginx size: digits + optional b/k/m/g
	TypeEnum       ValueType = "enum"        // one of Entry.Values
	TypeString     ValueType = "string"      // restricted character set
	TypeURL        ValueType = "url"         // absolute http(s) URL
	TypePath       ValueType = "path"        // URI path
	TypeHost       ValueType = "host"        // DNS name, optional :port
	TypeHostList   ValueType = "host-list"   // comma-separated DNS names
	TypeCIDRList   ValueType = "cidr-list"   // comma-separated IPs or CIDRs
	TypeHeader     ValueType = "header-name" // one HTTP header name
	TypeHeaderList ValueType = "header-list" // comma-separated HTTP header names
	TypeList       ValueType = "list"        // comma- or space-separated tokens
	TypeRegex      ValueType = "regex"       // regular expression
	TypeObjectRef  ValueType = "object-ref"  // name or namespace/name
	TypeSnippet    ValueType = "snippet"     // raw nginx configuration
)

// Severity of a Notice.
type Severity string

// Severities.
const (
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Notice is a non-fatal message about one annotation, short enough
// (at most 120 characters) to be returned as a kubectl warning.
type Notice struct {
	Key      string
	Severity Severity
	Message  string
}

// Entry describes one annotation key.
type Entry struct {
	// Key is the full annotation key.
	Key string
	// Group is the documentation section, e.g. "Canary".
	Group string
	// Type is the value type; Values lists the allowed values of an enum.
	Type   ValueType
	Values []string
	// Default is ingress-nginx's default (or this project's for canonical
	// keys), as a human-readable string; "" means none.
	Default string
	// Stance is what the project does with the annotation.
	Stance Stance
	// Canonical is the k8s.apisix.apache.org key with the same meaning, if any.
	Canonical string
	// AliasOf is the key this one is an alias (or a removed name) of, if any.
	AliasOf string
	// Description says what the annotation does, in one line.
	Description string
	// APISIX names the APISIX building block it becomes.
	APISIX string
	// Note is the warning of TranslateWithWarning and IgnoreWithWarning
	// (the semantic difference, or why it is ignored) and the rejection
	// message of Reject (what to do instead). It is at most 120 characters.
	Note string

	// run validates and normalises a raw value; with a non-nil Config it
	// also applies the value. It returns the normalised value or a message.
	run func(raw string, c *Config) (norm, msg string)
	// noteWhenApplies: the Note is not warned for every value; the parser's
	// finish step warns when the value is affected.
	noteWhenApplies bool
	// toCanonical converts a normalised value to the Canonical key's form.
	toCanonical func(norm string) (string, bool)
}

// Table returns every known annotation key, nginx keys first, in a stable
// order. The slice is a copy: callers may modify it.
func Table() []Entry {
	return append([]Entry(nil), registry.entries...)
}

// Lookup returns the entry of a full annotation key.
func Lookup(key string) (Entry, bool) {
	i, ok := registry.index[key]
	if !ok {
		return Entry{}, false
	}
	return registry.entries[i], true
}

// FieldPath is the field path of an annotation:
// metadata.annotations["nginx.ingress.kubernetes.io/limit-rps"].
func FieldPath(key string) *field.Path {
	return field.NewPath("metadata", "annotations").Key(strconv.Quote(key))
}

// table is the immutable registry of entries, built once and never mutated.
type table struct {
	entries []Entry
	index   map[string]int
}

var registry = newTable()

func newTable() table {
	groups := [][]Entry{
		routingEntries(), redirectEntries(), upstreamEntries(), upstreamTLSEntries(),
		timeoutEntries(), bodyEntries(), corsEntries(), accessEntries(), limitEntries(),
		basicAuthEntries(), externalAuthEntries(), clientCertEntries(), canaryEntries(),
		affinityEntries(), headerEntries(), mirrorEntries(), wafEntries(), miscEntries(),
		legacyEntries(), apisixEntries(), apisixPluginEntries(),
	}
	t := table{index: map[string]int{}}
	for _, g := range groups {
		for _, e := range g {
			if _, dup := t.index[e.Key]; dup {
				panic("annotations: duplicate key " + e.Key)
			}
			t.index[e.Key] = len(t.entries)
			t.entries = append(t.entries, e)
		}
	}
	return t
}
