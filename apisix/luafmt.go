package apisix

import (
	"math"
	"strconv"
	"strings"
)

// LuaQuote quotes s the way Lua's string.format("%q") does, which is how
// APISIX's JSON schema validator quotes patterns and values in its messages:
// backslash, double quote and newline are escaped, "\r" becomes \r and NUL
// becomes \0 (\000 before a digit, as LuaJIT writes it); everything else is
// kept as is.
func LuaQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString("\\\n")
		case '\r':
			b.WriteString(`\r`)
		case 0:
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				b.WriteString(`\000`) // a digit after it must not extend the escape
			} else {
				b.WriteString(`\0`)
			}
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// LuaNumber formats a number as LuaJIT's tostring does ("%.14g"), so that
// 0 prints as 0, 0.5 as 0.5 and 1e-05 as 1e-05.
func LuaNumber(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	s := strconv.FormatFloat(f, 'g', 14, 64)
	if strings.ContainsAny(s, "e") {
		// Go prints e-05 like C, keep it; but trim a mantissa's trailing zeros.
		mant, exp, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		return mant + "e" + exp
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
