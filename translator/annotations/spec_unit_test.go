package annotations

import (
	"regexp"
	"testing"
)

// TestSplitUnitMatchesRegexp checks splitUnit against the regular
// expressions it replaces.
func TestSplitUnitMatchesRegexp(t *testing.T) {
	for units, re := range map[string]*regexp.Regexp{
		"smh":      regexp.MustCompile(`^([0-9]+)([smh]?)$`),
		"bkmgBKMG": regexp.MustCompile(`^([0-9]+)([bkmgBKMG]?)$`),
	} {
		for _, s := range []string{"", "0", "30", "30s", "30m", "30h", "30x", "s", "1ss", "1 s", " 1", "1\n", "１", "12K", "8m", "8M",
			"8g", "8b", "8B", "-1", "+1", "1.5m", "007", "99999999999999999999", "1é", "1\xff", "m5"} {
			m := re.FindStringSubmatch(s)
			d, u, ok := splitUnit(s, units)
			if ok != (m != nil) || (ok && (d != m[1] || u != m[2])) {
				t.Errorf("splitUnit(%q, %q) = %q, %q, %v; regexp gives %q", s, units, d, u, ok, m)
			}
		}
	}
}
