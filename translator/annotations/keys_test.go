package annotations

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// keyCase is one key with a valid value and the Config it must produce;
// extra holds further annotations as key, value pairs.
type keyCase struct {
	key, val string
	want     func(*Config)
	extra    []string
}

func kc(key, val string, want func(*Config), extra ...string) keyCase {
	return keyCase{key: key, val: val, want: want, extra: extra}
}

func ptr[T any](v T) *T { return &v }

func canaryOn(c *Config) { c.Canary.Enabled, c.Canary.WeightTotal = true, 100 }
func affinityOn(c *Config) {
	c.Affinity.Enabled, c.Affinity.CookieName, c.Affinity.Mode = true, "INGRESSCOOKIE", "balanced"
}
func corsOn(c *Config) {
	c.CORS = CORS{Enabled: true, AllowOrigins: []string{"*"}, AllowMethods: strings.Split(DefaultCORSAllowMethods, ","),
		AllowHeaders: strings.Split(DefaultCORSAllowHeaders, ","), MaxAge: 1728000}
}

func both(fs ...func(*Config)) func(*Config) {
	return func(c *Config) {
		for _, f := range fs {
			f(c)
		}
	}
}

func TestParseEveryKey(t *testing.T) {
	for _, tc := range keyCases() {
		t.Run(tc.key, func(t *testing.T) {
			ann := map[string]string{tc.key: tc.val}
			for i := 0; i+1 < len(tc.extra); i += 2 {
				ann[tc.extra[i]] = tc.extra[i+1]
			}
			cfg, errs, notices := Parse(ann)
			e, ok := Lookup(tc.key)
			require.True(t, ok)
			if e.Stance == Reject {
				require.Equal(t, field.ErrorList{field.Forbidden(FieldPath(tc.key), e.Note)}, errs)
				return
			}
			require.Empty(t, errs)
			want := &Config{}
			if tc.want != nil {
				tc.want(want)
			}
			require.Equal(t, want, cfg)
			if e.Stance != Translate && !e.noteWhenApplies { // those are pinned in TestParseNotices
				require.Contains(t, notices, Notice{Key: tc.key, Severity: SeverityWarning, Message: e.Note})
			}
		})
	}
}
