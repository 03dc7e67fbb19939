package migrate

import (
	"strings"
	"sync"
	"unicode"

	yamlv2 "go.yaml.in/yaml/v2"
)

// scalarCache remembers how yaml.v2 renders strings that are not plainly
// safe, so each distinct string is rendered once per run.
type scalarCache struct {
	mu sync.Mutex
	m  map[string]cachedScalar
}

type cachedScalar struct {
	text string
	ok   bool
}

// render is yaml.v2's rendering of s as a single-line block scalar; false
// when it takes more than one line.
func (c *scalarCache) render(s string) (string, bool) {
	if c != nil {
		c.mu.Lock()
		r, hit := c.m[s]
		c.mu.Unlock()
		if hit {
			return r.text, r.ok
		}
	}
	r := cachedScalar{}
	if y, err := yamlv2.Marshal(s); err == nil {
		t := strings.TrimSuffix(string(y), "\n")
		r = cachedScalar{text: t, ok: t != "" && !strings.Contains(t, "\n")}
	}
	if c != nil {
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]cachedScalar{}
		}
		c.m[s] = r
		c.mu.Unlock()
	}
	return r.text, r.ok
}

// isSafePlain reports whether yaml.v2 writes s as a plain scalar, as is:
// it starts with a letter, "/" or "_", has only ASCII letters, digits and
// -_./:@=+%, (no ":" at the end), and is none of YAML 1.1's booleans and
// nulls. Other strings may be plain too; render decides for them.
func isSafePlain(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '_') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-_./@=+%,", c) >= 0:
		case c == ':' && i < len(s)-1:
		default:
			return false
		}
	}
	if len(s) <= 5 {
		switch strings.ToLower(s) {
		case "y", "yes", "n", "no", "true", "false", "on", "off", "null":
			return false
		}
	}
	return true
}

// v2KeyLess is yaml.v2's order of string mapping keys (its keyList.Less):
// letters compare as runes and sort after other characters, runs of
// digits compare as numbers.
func v2KeyLess(a, b string) bool {
	ar, br := []rune(a), []rune(b)
	for i := 0; i < len(ar) && i < len(br); i++ {
		if ar[i] == br[i] {
			continue
		}
		al := unicode.IsLetter(ar[i])
		bl := unicode.IsLetter(br[i])
		if al && bl {
			return ar[i] < br[i]
		}
		if al || bl {
			return bl
		}
		var ai, bi int
		var an, bn int64
		if ar[i] == '0' || br[i] == '0' {
			for j := i - 1; j >= 0 && unicode.IsDigit(ar[j]); j-- {
				if ar[j] != '0' {
					an = 1
					bn = 1
					break
				}
			}
		}
		for ai = i; ai < len(ar) && unicode.IsDigit(ar[ai]); ai++ {
			an = an*10 + int64(ar[ai]-'0')
		}
		for bi = i; bi < len(br) && unicode.IsDigit(br[bi]); bi++ {
			bn = bn*10 + int64(br[bi]-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return ar[i] < br[i]
	}
	return len(ar) < len(br)
}
