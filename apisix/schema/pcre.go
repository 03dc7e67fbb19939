package schema

import (
	"regexp"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// pcreMatchTimeout bounds one backtracking match, so a hostile value cannot
// hold an admission: APISIX's patterns are short and anchored, and a match
// that takes longer than this is reported as not matching.
const pcreMatchTimeout = 100 * time.Millisecond

// compilePattern compiles an APISIX (PCRE) pattern: with Go's RE2 when it
// can, which is linear-time, and otherwise with a backtracking engine that
// knows lookaround (APISIX 3.18 has two such patterns: `^(?!tag=)...` and
// `...(?<!:)$`). ok is false when neither engine compiles the pattern.
func compilePattern(s string) (re jsonschema.Regexp, ok bool) {
	if r, err := regexp.Compile(s); err == nil {
		return r, true
	}
	r, err := regexp2.Compile(s, regexp2.None)
	if err != nil {
		return nil, false
	}
	r.MatchTimeout = pcreMatchTimeout
	return backtracking{r}, true
}

// backtracking adapts a regexp2 pattern to jsonschema.Regexp.
type backtracking struct{ re *regexp2.Regexp }

func (b backtracking) MatchString(s string) bool {
	ok, err := b.re.MatchString(s)
	return ok && err == nil
}

func (b backtracking) String() string { return b.re.String() }
