package translator

import (
	"fmt"
	"regexp"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The host-wide regex claims of conflicts.go.

// regexKeys are the annotations that make a host's paths regexes, by
// claimPos.a of a posAnnotation claim.
var regexKeys = [...]string{"use-regex", "rewrite-target"}

// resolveRegex decides the regex hosts: in order, an Ingress with use-regex
// or rewrite-target makes its hosts regex hosts unless one of them is not
// one yet and an older Ingress of it has a path that does not compile as a
// regex; then it loses (see crossState.regexLosers).
func (cs *crossState) resolveRegex(owned []*parsedIngress) map[string]bool {
	setterHosts := map[string]bool{}
	for _, p := range owned {
		if primaryRoutes(p) && usesRegex(p.cfg) {
			for _, r := range p.ing.Spec.Rules {
				setterHosts[r.Host] = true
			}
		}
	}
	regexHosts := map[string]bool{}
	if len(setterHosts) == 0 {
		return regexHosts
	}
	type badPath struct {
		p    *parsedIngress
		path string
		err  error
	}
	bad := map[string]badPath{} // the oldest path of each setter host that is not a regex
	compiled := map[string]error{}
	cs.regexSetters = map[string]*parsedIngress{}
	for _, p := range owned {
		if !primaryRoutes(p) {
			continue
		}
		if usesRegex(p.cfg) {
			var lost *badPath
			for _, r := range p.ing.Spec.Rules {
				if b, ok := bad[r.Host]; ok && cs.regexSetters[r.Host] == nil && b.p != p {
					lost = &b
					break
				}
			}
			if lost != nil {
				fp, val := regexField(p)
				ferr := field.Invalid(fp, val,
					fmt.Sprintf("makes every path of its hosts a regular expression, and path %q of the older %s does not compile as one (%v); change that path or remove this annotation", lost.path, lost.p.ref(), lost.err))
				wf, wv := ingressPathOf(lost.p.ing, lost.path)
				if cs.regexLosers == nil {
					cs.regexLosers = map[*parsedIngress]*Conflict{}
				}
				cs.regexLosers[p] = &Conflict{Winner: lost.p.ref(), WinnerField: wf, WinnerValue: wv, Loser: p.ref(), Error: ferr}
			} else {
				for _, r := range p.ing.Spec.Rules {
					if cs.regexSetters[r.Host] == nil {
						cs.regexSetters[r.Host] = p
					}
					regexHosts[r.Host] = true
				}
			}
		}
		for _, r := range p.ing.Spec.Rules {
			if r.HTTP == nil || !setterHosts[r.Host] {
				continue
			}
			if _, ok := bad[r.Host]; ok {
				continue
			}
			for _, hp := range r.HTTP.Paths {
				path := hp.Path
				if path == "" {
					path = "/"
				}
				err, done := compiled[path]
				if !done {
					_, err = regexp.Compile("(?i)^" + path)
					compiled[path] = err
				}
				if err != nil {
					bad[r.Host] = badPath{p, hp.Path, err}
					break
				}
			}
		}
	}
	return regexHosts
}

// ingressPathOf returns the field and value of the first path of ing
// written as path.
func ingressPathOf(ing *networkingv1.Ingress, path string) (string, string) {
	for i, r := range ing.Spec.Rules {
		if r.HTTP == nil {
			continue
		}
		for j, hp := range r.HTTP.Paths {
			if hp.Path == path {
				return (&claim{pos: claimPos{posIngressPath, i, j}}).field().String(), path
			}
		}
	}
	return "", path
}

// lostRegex reports whether p's use-regex or rewrite-target lost (its own
// paths are still read as regexes, so that its status has that one error).
func (t *translation) lostRegex(p *parsedIngress) bool {
	return t.cross != nil && t.cross.regexLosers[p] != nil
}

// regexPathError names, in the error of a path that does not compile as a
// regex, the older Ingress that made its host a regex host.
func (t *translation) regexPathError(e *emitter, host string, p *parsedIngress, ferr *field.Error) *field.Error {
	if t.cross == nil || ferr == nil {
		return ferr
	}
	setter := t.cross.regexSetters[host]
	if setter == nil || setter == p {
		return ferr
	}
	detail := ferr.Detail
	if _, after, ok := strings.Cut(detail, "does not compile: "); ok {
		detail = after
	}
	out := *ferr
	out.Detail = fmt.Sprintf("host %q has regular-expression paths because %s sets use-regex or rewrite-target, and this path does not compile as one (%s); change it or move it to another host", host, setter.ref(), detail)
	fp, val := regexField(setter)
	e.conflicts = append(e.conflicts, Conflict{Winner: setter.ref(), WinnerField: fp.String(), WinnerValue: val, Loser: p.ref(), Error: &out})
	return &out
}

// regexField is the annotation, and its value, by which an Ingress makes
// its hosts regex hosts.
func regexField(p *parsedIngress) (*field.Path, string) {
	if p.cfg.Rewrite.UseRegex != nil && *p.cfg.Rewrite.UseRegex {
		return (&claim{pos: claimPos{what: posAnnotation, a: 0}}).field(), "true"
	}
	return (&claim{pos: claimPos{what: posAnnotation, a: 1}}).field(), p.cfg.Rewrite.Target
}
