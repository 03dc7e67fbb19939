package migrate

import (
	"fmt"
	"sort"
	"strings"
)

// Form is what an annotation became with --to gateway-api.
type Form string

// Forms, from the most portable to not carried at all.
const (
	// FormCore: a Gateway API core feature (a match, a core filter,
	// backendRef weights).
	FormCore Form = "core"
	// FormExtended: a Gateway API extended feature (URLRewrite,
	// ResponseHeaderModifier, CORS, redirects with a scheme, path or a
	// 303/307/308 code).
	FormExtended Form = "extended"
	// FormImplementation: a Gateway API field whose meaning is left to the
	// implementation (a RegularExpression path or header match).
	FormImplementation Form = "implementation-specific"
	// FormPluginConfig: APISIX plugins in an ApisixPluginConfig that the
	// rule references through an ExtensionRef filter.
	FormPluginConfig Form = "plugin-config"
	// FormIngress: its Ingress is kept (rewritten for this controller), so
	// the annotation keeps working there.
	FormIngress Form = "kept-ingress"
	// FormNotCarried: what it does in APISIX is lost in the Gateway API
	// objects (GatewayAPI says why).
	FormNotCarried Form = "not-carried"
	// FormNone: the annotation changes nothing in APISIX (ignored, or the
	// same as ingress-nginx's default), so there is nothing to carry.
	FormNone Form = "none"
)

// rank orders forms for "weakest of".
func (f Form) rank() int {
	switch f {
	case FormCore:
		return 1
	case FormExtended:
		return 2
	case FormImplementation:
		return 3
	case FormPluginConfig:
		return 4
	case FormIngress:
		return 5
	case FormNotCarried:
		return 6
	}
	return 0
}

// Carried reports whether the annotation's effect is in the Gateway API
// objects.
func (f Form) Carried() bool {
	switch f {
	case FormCore, FormExtended, FormImplementation, FormPluginConfig:
		return true
	}
	return false
}

// allForms lists the forms in report order.
func allForms() []Form {
	return []Form{FormCore, FormExtended, FormImplementation, FormPluginConfig, FormIngress, FormNotCarried, FormNone}
}

// formList is the forms' counts in one phrase.
func formList(m map[Form]int) string {
	carried := 0
	var parts []string
	for _, f := range allForms() {
		if m[f] == 0 {
			continue
		}
		if f.Carried() {
			carried += m[f]
		}
		parts = append(parts, fmt.Sprintf("%d %s", m[f], f))
	}
	return fmt.Sprintf("%d annotations carried (%s)", carried, strings.Join(parts, ", "))
}

// carried is the form one part of the translation took, and how it reads.
type carried struct {
	form Form
	text string
}

func notCarried(why string) carried { return carried{FormNotCarried, "not carried: " + why} }

// combine is the weakest form of the parts, with their distinct texts.
func combine(parts []carried) (Form, string) {
	if len(parts) == 0 {
		return "", ""
	}
	form := parts[0].form
	seen := map[string]bool{}
	var texts []string
	for _, p := range parts {
		if p.form.rank() > form.rank() {
			form = p.form
		}
		if !seen[p.text] {
			seen[p.text] = true
			texts = append(texts, p.text)
		}
	}
	sort.Strings(texts)
	return form, strings.Join(texts, "; ")
}
