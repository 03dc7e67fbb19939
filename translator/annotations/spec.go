package annotations

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// spec is how one key's value is validated, normalised and applied.
type spec struct {
	typ    ValueType
	values []string
	run    func(raw string, c *Config) (norm, msg string)
}

// nginx builds an entry for an nginx.ingress.kubernetes.io key.
func nginx(name string, s spec, e Entry) Entry { return withSpec(NginxPrefix+name, s, e) }

// apisix builds an entry for a canonical k8s.apisix.apache.org key.
func apisix(name string, s spec, e Entry) Entry { return withSpec(APISIXPrefix+name, s, e) }

func withSpec(key string, s spec, e Entry) Entry {
	e.Key, e.Type, e.run = key, s.typ, s.run
	if s.values != nil {
		e.Values = s.values
	}
	if e.Stance == "" {
		e.Stance = Translate
	}
	return e
}

const maxInt32 = math.MaxInt32

func boolSpec(set func(*Config, bool)) spec {
	return spec{typ: TypeBool, run: func(raw string, c *Config) (string, string) {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return "", `must be "true" or "false"`
		}
		if c != nil && set != nil {
			set(c, b)
		}
		return strconv.FormatBool(b), ""
	}}
}

func parseInt(raw string, lo, hi int) (int, string) {
	n, err := strconv.Atoi(raw)
	if err == nil && n >= lo && n <= hi {
		return n, ""
	}
	if hi == maxInt32 {
		return 0, fmt.Sprintf("must be a whole number of at least %d, e.g. \"%d\"", lo, max(lo, 10))
	}
	return 0, fmt.Sprintf("must be a whole number from %d to %d", lo, hi)
}

func intSpec(lo, hi int, set func(*Config, int)) spec {
	return numSpec(TypeInt, lo, hi, set)
}

func secondsSpec(lo int, set func(*Config, int)) spec {
	return numSpec(TypeSeconds, lo, maxInt32, set)
}

func numSpec(typ ValueType, lo, hi int, set func(*Config, int)) spec {
	return spec{typ: typ, run: func(raw string, c *Config) (string, string) {
		n, msg := parseInt(raw, lo, hi)
		if msg != "" {
			return "", msg
		}
		if c != nil && set != nil {
			set(c, n)
		}
		return strconv.Itoa(n), ""
	}}
}

// splitUnit splits raw into its leading ASCII digits (at least one) and an
// optional trailing unit, one byte of units; ok is false for anything else.
// It matches as the regular expression ^([0-9]+)([units]?)$ would.
func splitUnit(raw, units string) (digits, unit string, ok bool) {
	i := 0
	for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
		i++
	}
	switch rest := raw[i:]; {
	case i == 0:
		return "", "", false
	case rest == "":
		return raw, "", true
	case len(rest) == 1 && strings.IndexByte(units, rest[0]) >= 0:
		return raw[:i], rest, true
	}
	return "", "", false
}

// durationUnit is the number of seconds in a duration unit.
func durationUnit(u string) int {
	switch u {
	case "m":
		return 60
	case "h":
		return 3600
	}
	return 1
}

// sizeUnit is the number of bytes in a lower-case size unit.
func sizeUnit(u string) int64 {
	switch u {
	case "k":
		return 1 << 10
	case "m":
		return 1 << 20
	case "g":
		return 1 << 30
	}
	return 1
}

// durationSpec parses whole seconds with an optional unit (canonical keys).
func durationSpec(set func(*Config, int)) spec {
	return spec{typ: TypeDuration, run: func(raw string, c *Config) (string, string) {
		const msg = `must be a whole number of seconds with an optional unit s, m or h, e.g. "30s"`
		digits, u, ok := splitUnit(raw, "smh")
		if !ok {
			return "", msg
		}
		n, err := strconv.Atoi(digits)
		mult := durationUnit(u)
		if err != nil || n < 1 || n > maxInt32/mult {
			return "", msg
		}
		if c != nil && set != nil {
			set(c, n*mult)
		}
		return strconv.Itoa(n*mult) + "s", ""
	}}
}

// sizeSpec parses an nginx size into bytes.
func sizeSpec(set func(*Config, int64)) spec {
	return spec{typ: TypeSize, run: func(raw string, c *Config) (string, string) {
		const msg = `must be an nginx size: digits with an optional unit k, m or g, e.g. "8m" ("0" means unlimited)`
		digits, u, ok := splitUnit(raw, "bkmgBKMG")
		if !ok {
			return "", msg
		}
		n, err := strconv.ParseInt(digits, 10, 64)
		unit := strings.ToLower(u)
		mult := sizeUnit(unit)
		if err != nil || n > math.MaxInt64/mult {
			return "", msg
		}
		if c != nil && set != nil {
			set(c, n*mult)
		}
		return strconv.FormatInt(n, 10) + unit, ""
	}}
}

// enumSpec accepts one of values (case-insensitively when fold is set) and
// normalises it to the spelling in values.
func enumSpec(fold bool, values []string, set func(*Config, string)) spec {
	return spec{typ: TypeEnum, values: values, run: func(raw string, c *Config) (string, string) {
		for _, v := range values {
			if v == raw || (fold && strings.EqualFold(v, raw)) {
				if c != nil && set != nil {
					set(c, v)
				}
				return v, ""
			}
		}
		return "", "must be one of " + quoteList(values)
	}}
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// stringSpec validates a single value with check, which returns the
// normalised value or a message.
func stringSpec(typ ValueType, check func(string) (string, string), set func(*Config, string)) spec {
	return spec{typ: typ, run: func(raw string, c *Config) (string, string) {
		v, msg := check(raw)
		if msg != "" {
			return "", msg
		}
		if c != nil && set != nil {
			set(c, v)
		}
		return v, ""
	}}
}

// listSpec splits a value on sep, validates each entry with check and joins
// the normalised entries with sep.
func listSpec(typ ValueType, sep string, check func(string) (string, string), set func(*Config, []string)) spec {
	return spec{typ: typ, run: func(raw string, c *Config) (string, string) {
		var out []string
		parts := strings.Split(raw, sep)
		if sep == " " {
			parts = strings.Fields(raw)
		}
		for i, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			v, msg := check(p)
			if msg != "" {
				return "", fmt.Sprintf("entry %d %q: %s", i+1, p, msg)
			}
			out = append(out, v)
		}
		if len(out) == 0 {
			return "", "must list at least one entry"
		}
		if c != nil && set != nil {
			set(c, out)
		}
		return strings.Join(out, sep), ""
	}}
}

// rejectSpec is the spec of rejected keys: no value is ever accepted.
func rejectSpec(typ ValueType) spec {
	return spec{typ: typ, run: func(string, *Config) (string, string) { return "", "is not supported" }}
}

// ignoreSpec validates the value like ingress-nginx did and applies nothing.
func ignoreSpec(s spec) spec {
	inner := s.run
	s.run = func(raw string, _ *Config) (string, string) { return inner(raw, nil) }
	return s
}
