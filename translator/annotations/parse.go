package annotations

import (
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// parser is the state of one Parse call.
type parser struct {
	ann     map[string]string
	cfg     *Config
	errs    field.ErrorList
	notices []Notice
	// applied maps each key whose value was applied to its normalised value.
	applied map[string]string
}

// Parse validates and normalises the nginx.ingress.kubernetes.io/* and
// k8s.apisix.apache.org/* annotations of one object; other keys are not
// looked at. It returns the typed Config, one field error per value that
// cannot be honoured (sorted by path), and notices sorted by key.
func Parse(annotations map[string]string) (*Config, field.ErrorList, []Notice) {
	keys := make([]string, 0, len(annotations))
	for k := range annotations {
		if strings.HasPrefix(k, NginxPrefix) || strings.HasPrefix(k, APISIXPrefix) {
			keys = append(keys, k)
		}
	}
	p := &parser{ann: annotations, cfg: &Config{}, applied: make(map[string]string, len(keys))}
	sort.Strings(keys)
	for _, k := range keys {
		p.parseKey(k, annotations[k])
	}
	p.finish()
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Field < p.errs[j].Field })
	sort.SliceStable(p.notices, func(i, j int) bool {
		x, y := p.notices[i], p.notices[j]
		return x.Key < y.Key || (x.Key == y.Key && x.Message < y.Message)
	})
	return p.cfg, p.errs, p.notices
}

func (p *parser) parseKey(key, raw string) {
	e, known := Lookup(key)
	switch {
	case strings.HasSuffix(key, "-snippet"):
		note := snippetNote
		if known {
			note = e.Note
		}
		p.errs = append(p.errs, field.Forbidden(FieldPath(key), note))
		return
	case hasControl(raw):
		p.errs = append(p.errs, field.Invalid(FieldPath(key), raw, "must not contain control characters such as CR or LF; write the value on one line"))
		return
	case !known:
		p.warn(key, "unknown annotation, ignored; see docs/annotations.md for the supported keys")
		return
	case e.Stance == Reject:
		p.errs = append(p.errs, field.Forbidden(FieldPath(key), e.Note))
		return
	}
	v := strings.TrimSpace(raw)
	if v == "" {
		p.warn(key, "empty value, ignored; remove the annotation or give it a value")
		return
	}
	winner := p.winner(e)
	var cfg *Config
	if winner == "" {
		cfg = p.cfg
	}
	norm, msg := e.run(v, cfg)
	if msg != "" {
		p.errs = append(p.errs, field.Invalid(FieldPath(key), raw, msg))
		return
	}
	if winner != "" {
		p.info(key, "ignored: "+winner+" is also set and wins")
		return
	}
	p.applied[key] = norm
	if (e.Stance == TranslateWithWarning && !e.noteWhenApplies) || e.Stance == IgnoreWithWarning {
		p.warn(key, e.Note)
	}
	if e.AliasOf != "" {
		p.info(key, "deprecated alias; use "+preferred(e))
	}
}

// winner returns the key that overrides e when both are set: the canonical
// key first, then the key e is an alias of.
func (p *parser) winner(e Entry) string {
	for _, k := range []string{e.Canonical, e.AliasOf} {
		if k != "" && strings.TrimSpace(p.ann[k]) != "" {
			return k
		}
	}
	return ""
}

// preferred is the key to use instead of an alias.
func preferred(e Entry) string {
	if e.Canonical != "" {
		return e.Canonical
	}
	return e.AliasOf
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

func (p *parser) warn(key, msg string) {
	p.notices = append(p.notices, Notice{Key: key, Severity: SeverityWarning, Message: msg})
}

func (p *parser) info(key, msg string) {
	p.notices = append(p.notices, Notice{Key: key, Severity: SeverityInfo, Message: msg})
}

func (p *parser) invalid(key, msg string) {
	p.errs = append(p.errs, field.Invalid(FieldPath(key), p.ann[key], msg))
}

func (p *parser) has(name string) bool {
	_, ok := p.applied[name]
	return ok
}
