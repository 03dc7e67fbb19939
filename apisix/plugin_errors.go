package apisix

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// fieldErrorReason words a validator error as APISIX's JSON schema
// validator would: the path as nested `property "x" validation failed: `
// and `failed to validate item N: ` prefixes, then the violated keyword.
func fieldErrorReason(fe validator.FieldError) string {
	segs := splitNamespace(fe.Namespace())
	if len(segs) > 0 {
		segs = segs[1:] // the root struct's type name
	}
	if fe.Tag() == "required" || fe.Tag() == "required_if" {
		if len(segs) == 0 {
			return "property is required"
		}
		last := segs[len(segs)-1]
		return pathPrefix(segs[:len(segs)-1]) + "property " + LuaQuote(last.name) + " is required"
	}
	return pathPrefix(segs) + keywordReason(fe)
}

type nsSeg struct {
	name  string
	index string // "" when the segment is not indexed
	isKey bool   // index is a map key rather than a slice index
}

// splitNamespace splits "T.a.b[0].c[X-Key]" into its segments; empty names
// (embedded structs) are dropped.
func splitNamespace(ns string) []nsSeg {
	var out []nsSeg
	for ns != "" {
		var seg string
		depth := 0
		i := 0
		for ; i < len(ns); i++ {
			c := ns[i]
			if c == '[' {
				depth++
			} else if c == ']' {
				depth--
			} else if c == '.' && depth == 0 {
				break
			}
		}
		seg, ns = ns[:i], strings.TrimPrefix(ns[i:], ".")
		for seg != "" {
			name, rest, hasIdx := strings.Cut(seg, "[")
			if !hasIdx {
				if name != "" {
					out = append(out, nsSeg{name: name})
				}
				break
			}
			idx, after, _ := strings.Cut(rest, "]")
			_, err := strconv.Atoi(idx)
			out = append(out, nsSeg{name: name, index: idx, isKey: err != nil})
			seg = after
		}
	}
	return out
}

func pathPrefix(segs []nsSeg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.name != "" {
			b.WriteString("property " + LuaQuote(s.name) + " validation failed: ")
		}
		switch {
		case s.index == "":
		case s.isKey:
			b.WriteString("failed to validate " + s.index + " (matching " + LuaQuote(`^[^:]+$`) + "): ")
		default:
			n, _ := strconv.Atoi(s.index)
			b.WriteString("failed to validate item " + strconv.Itoa(n+1) + ": ")
		}
	}
	return b.String()
}

func keywordReason(fe validator.FieldError) string {
	val := reflect.ValueOf(fe.Value())
	for val.Kind() == reflect.Pointer && !val.IsNil() {
		val = val.Elem()
	}
	param := fe.Param()
	if pat, ok := pluginPatterns()[fe.Tag()]; ok {
		return "failed to match pattern " + LuaQuote(pat) + " with " + LuaQuote(val.String())
	}
	switch fe.Tag() {
	case "oneof":
		return "matches none of the enum values"
	case "ip|cidr", "cidr|ip":
		return "object matches none of the required"
	case "apisix_id":
		return "object matches none of the required"
	case "unique":
		i, j := firstDuplicate(val)
		return fmt.Sprintf("expected unique items but items %d and %d are equal", i, j)
	}
	switch val.Kind() {
	case reflect.String:
		n := utf8.RuneCountInString(val.String())
		switch fe.Tag() {
		case "min", "gte":
			return fmt.Sprintf("string too short, expected at least %s, got %d", param, n)
		case "max", "lte":
			return fmt.Sprintf("string too long, expected at most %s, got %d", param, n)
		}
	case reflect.Slice, reflect.Array:
		switch fe.Tag() {
		case "min", "gte":
			return "expect array to have at least " + param + " items"
		case "max", "lte":
			return "expect array to have at most " + param + " items"
		}
	case reflect.Map:
		switch fe.Tag() {
		case "min", "gte":
			return "expect object to have at least " + param + " properties"
		case "max", "lte":
			return "expect object to have at most " + param + " properties"
		}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32:
		f := numberOf(val)
		p, _ := strconv.ParseFloat(param, 64)
		switch fe.Tag() {
		case "min", "gte", "gt":
			return "expected " + LuaNumber(f) + " to be greater than " + LuaNumber(p)
		case "max", "lte", "lt":
			return "expected " + LuaNumber(f) + " to be smaller than " + LuaNumber(p)
		}
	}
	return fmt.Sprintf("failed the %s=%s check", fe.Tag(), param)
}

func numberOf(v reflect.Value) float64 {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float()
	default:
		return float64(v.Int())
	}
}

// firstDuplicate returns the 1-based positions of the first repeated item.
func firstDuplicate(v reflect.Value) (int, int) {
	if v.Kind() != reflect.Slice {
		return 0, 0
	}
	seen := map[any]int{}
	for i := 0; i < v.Len(); i++ {
		item := v.Index(i).Interface()
		if j, ok := seen[item]; ok {
			return j + 1, i + 1
		}
		seen[item] = i
	}
	return 0, 0
}

// oneOfRequired words APISIX's oneOf over `required` alternatives given
// which alternatives are present.
func oneOfRequired(present ...bool) string {
	first := 0
	for i, p := range present {
		if !p {
			continue
		}
		if first != 0 {
			return fmt.Sprintf("value should match only one schema, but matches both schemas %d and %d", first, i+1)
		}
		first = i + 1
	}
	if first == 0 {
		return "value should match only one schema, but matches none"
	}
	return ""
}
