package schema

import (
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// render words one failure of a validation error tree as APISIX's Lua
// validator would: the instance path as nested prefixes, then the message
// of the violated keyword.
func (s *Schemas) render(root *jsonschema.ValidationError) string {
	e := pick(root)
	base, frag, _ := strings.Cut(e.SchemaURL, "#")
	toks := pointerTokens(frag)
	if c := clause(toks); c != "" {
		return pathPrefix(toks, e.InstanceLocation) + c + " clause did not match"
	}
	return pathPrefix(toks, e.InstanceLocation) + s.message(e, base, toks)
}

// clause returns "then" or "else" when the schema path ends in that
// keyword: the Lua validator reports a failed branch as a whole.
func clause(toks []string) string {
	if n := len(toks); n > 0 && (toks[n-1] == "then" || toks[n-1] == "else") {
		return toks[n-1]
	}
	return ""
}

// pick descends to the failure APISIX would report: compound keywords
// (anyOf, oneOf, not) are reported as such, like the Lua validator does,
// and so is a failed then/else branch; among siblings the one checked first
// by the Lua validator wins.
func pick(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for {
		switch e.ErrorKind.(type) {
		case *kind.AnyOf, *kind.OneOf, *kind.Not:
			return e
		}
		_, frag, _ := strings.Cut(e.SchemaURL, "#")
		if len(e.Causes) == 0 || clause(pointerTokens(frag)) != "" {
			return e
		}
		causes := append([]*jsonschema.ValidationError(nil), e.Causes...)
		parent := e.SchemaURL
		sort.SliceStable(causes, func(i, j int) bool {
			ri, rj := rank(parent, causes[i]), rank(parent, causes[j])
			if ri != rj {
				return ri < rj
			}
			li, lj := strings.Join(causes[i].InstanceLocation, "/"), strings.Join(causes[j].InstanceLocation, "/")
			if li != lj {
				return li < lj
			}
			return causes[i].SchemaURL < causes[j].SchemaURL
		})
		e = causes[0]
	}
}

// rank orders sibling failures the way the Lua validator checks keywords:
// type, then properties and required, then object, array, string and
// number keywords, then allOf, anyOf, oneOf, not and if/then/else.
func rank(parent string, c *jsonschema.ValidationError) int {
	switch c.ErrorKind.(type) {
	case *kind.Type:
		return 0
	case *kind.Required, *kind.Dependency:
		return 1
	case *kind.AdditionalProperties, *kind.MinProperties, *kind.MaxProperties:
		return 2
	case *kind.AllOf:
		return 4
	case *kind.AnyOf:
		return 5
	case *kind.OneOf:
		return 6
	case *kind.Not:
		return 7
	}
	if rest, ok := strings.CutPrefix(c.SchemaURL, parent); ok && rest != "" {
		toks := pointerTokens(strings.TrimPrefix(rest, "#"))
		if len(toks) > 0 {
			switch toks[0] {
			case "properties", "patternProperties", "additionalProperties", "items", "dependencies":
				return 1
			case "allOf":
				return 4
			case "anyOf":
				return 5
			case "oneOf":
				return 6
			case "then", "else":
				return 8
			}
		}
	}
	return 3
}

func pointerTokens(frag string) []string {
	frag = strings.TrimPrefix(frag, "/")
	if frag == "" {
		return nil
	}
	toks := strings.Split(frag, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// pathPrefix turns the keyword path of the failing schema, walked along the
// instance location, into APISIX's message prefixes.
func pathPrefix(toks, inst []string) string {
	var b strings.Builder
	ii := 0
	next := func() string {
		if ii < len(inst) {
			ii++
			return inst[ii-1]
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "properties":
			if i+1 < len(toks) {
				i++
				next()
				b.WriteString("property " + apisix.LuaQuote(toks[i]) + " validation failed: ")
			}
		case "patternProperties":
			if i+1 < len(toks) {
				i++
				b.WriteString("failed to validate " + next() + " (matching " + apisix.LuaQuote(toks[i]) + "): ")
			}
		case "additionalProperties":
			b.WriteString("failed to validate additional property " + next() + ": ")
		case "items":
			if i+1 < len(toks) {
				if _, err := strconv.Atoi(toks[i+1]); err == nil {
					i++
				}
			}
			n, _ := strconv.Atoi(next())
			b.WriteString("failed to validate item " + strconv.Itoa(n+1) + ": ")
		case "allOf":
			if i+1 < len(toks) {
				i++
				n, _ := strconv.Atoi(toks[i])
				b.WriteString("allOf " + strconv.Itoa(n+1) + " failed: ")
			}
		case "dependencies":
			if i+1 < len(toks) {
				i++
				b.WriteString("failed to validate dependent schema for " + apisix.LuaQuote(toks[i]) + ": ")
			}
		case "anyOf", "oneOf", "definitions":
			i++ // the branch index or definition name
		}
	}
	return b.String()
}

func (s *Schemas) message(e *jsonschema.ValidationError, base string, toks []string) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return "wrong type: expected " + strings.Join(k.Want, ", ") + ", got " + luaTypeName(k.Got)
	case *kind.Enum:
		return "matches none of the enum values"
	case *kind.Const:
		return "failed to check const value"
	case *kind.Format:
		return fmt.Sprintf("expect valid %s address but got: %v", k.Want, k.Got)
	case *kind.Required:
		return "property " + apisix.LuaQuote(k.Missing[0]) + " is required"
	case *kind.Dependency:
		return "property " + apisix.LuaQuote(k.Missing[0]) + " is required when " + apisix.LuaQuote(k.Prop) + " is set"
	case *kind.AdditionalProperties:
		props := append([]string(nil), k.Properties...)
		sort.Strings(props)
		return "additional properties forbidden, found " + props[0]
	case *kind.MinProperties:
		return fmt.Sprintf("expect object to have at least %d properties", k.Want)
	case *kind.MaxProperties:
		return fmt.Sprintf("expect object to have at most %d properties", k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("expect array to have at least %d items", k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("expect array to have at most %d items", k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("expected unique items but items %d and %d are equal", k.Duplicates[0]+1, k.Duplicates[1]+1)
	case *kind.MinLength:
		return fmt.Sprintf("string too short, expected at least %d, got %d", k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("string too long, expected at most %d, got %d", k.Want, k.Got)
	case *kind.Pattern:
		return "failed to match pattern " + apisix.LuaQuote(k.Want) + " with " + apisix.LuaQuote(k.Got)
	case *kind.Minimum:
		return "expected " + ratString(k.Got) + " to be greater than " + ratString(k.Want)
	case *kind.ExclusiveMinimum:
		return "expected " + ratString(k.Got) + " to be greater than " + ratString(k.Want)
	case *kind.Maximum:
		return "expected " + ratString(k.Got) + " to be smaller than " + ratString(k.Want)
	case *kind.ExclusiveMaximum:
		return "expected " + ratString(k.Got) + " to be smaller than " + ratString(k.Want)
	case *kind.MultipleOf:
		return "expected " + ratString(k.Got) + " to be a multiple of " + ratString(k.Want)
	case *kind.OneOf:
		if len(k.Subschemas) >= 2 {
			return fmt.Sprintf("value should match only one schema, but matches both schemas %d and %d", k.Subschemas[0]+1, k.Subschemas[1]+1)
		}
		return "value should match only one schema, but matches none"
	case *kind.AnyOf:
		return "object matches none of the required" + s.anyOfRequireds(base, toks)
	case *kind.Not:
		return "value wasn't supposed to match schema"
	case *kind.FalseSchema:
		return "expect false always"
	}
	return e.ErrorKind.LocalizedString(nil)
}

// anyOfRequireds lists the `required` of each anyOf branch, as the Lua
// validator appends them: `: ["a","b"] or ["c"]`.
func (s *Schemas) anyOfRequireds(base string, toks []string) string {
	node := s.docAt(base)
	for _, t := range toks {
		switch n := node.(type) {
		case map[string]any:
			node = n[t]
		case []any:
			i, _ := strconv.Atoi(t)
			if i < 0 || i >= len(n) {
				return ""
			}
			node = n[i]
		default:
			return ""
		}
	}
	m, _ := node.(map[string]any)
	branches, _ := m["anyOf"].([]any)
	var reqs []string
	for _, br := range branches {
		if bm, ok := br.(map[string]any); ok {
			if r, ok := bm["required"]; ok {
				reqs = append(reqs, jsonOf(r))
			}
		}
	}
	if len(reqs) == 0 {
		return ""
	}
	return ": " + strings.Join(reqs, " or ")
}

func luaTypeName(jsonType string) string {
	switch jsonType {
	case "object", "array":
		return "table"
	case "integer":
		return "number"
	case "null":
		return "userdata"
	}
	return jsonType
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "nil"
	}
	f, _ := r.Float64()
	return apisix.LuaNumber(f)
}

func sortStrings(s []string) { sort.Strings(s) }
