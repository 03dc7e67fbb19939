package translator

import (
	"regexp"
	"slices"
	"testing"
)

// TestCORSOrigins pins cors-allow-origin's APISIX form: a wildcard subdomain
// becomes a regex matching exactly one DNS label (APISIX compares
// allow_origins literally), and "*" wins over a list, as in ingress-nginx.
func TestCORSOrigins(t *testing.T) {
	for _, c := range []struct {
		in      []string
		origins string
		regex   []string
	}{
		{[]string{"https://a.com"}, "https://a.com", nil},
		{[]string{"https://a.com", "http://b.com:8080"}, "https://a.com,http://b.com:8080", nil},
		{[]string{"https://a.com", "*"}, "*", nil},
		{[]string{"https://*.example.com", "https://a.com"}, "https://*.example.com,https://a.com",
			[]string{`(?i)^https://[A-Za-z0-9-]+\.example\.com$`, `(?i)^https://a\.com$`}},
	} {
		origins, regex := corsOrigins(c.in)
		if origins != c.origins || !slices.Equal(regex, c.regex) {
			t.Errorf("corsOrigins(%q) = %q, %q; want %q, %q", c.in, origins, regex, c.origins, c.regex)
		}
	}
	// What the regexes accept (Go's syntax agrees with PCRE's here).
	_, rs := corsOrigins([]string{"https://*.example.com"})
	re := regexp.MustCompile(rs[0])
	for origin, want := range map[string]bool{
		"https://a.example.com": true, "https://A-1.Example.COM": true,
		"https://a.b.example.com": false, "https://example.com": false, "http://a.example.com": false,
		"https://a.example.com.evil.test": false, "https://aexample.com": false,
	} {
		if re.MatchString(origin) != want {
			t.Errorf("%s matches %q: %v, want %v", rs[0], origin, !want, want)
		}
	}
}
