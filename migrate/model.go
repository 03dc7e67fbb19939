package migrate

// Outcome is what happens to one annotation (or to one Ingress).
type Outcome string

// Outcomes, from best to worst.
const (
	// Translated: served with the same meaning.
	Translated Outcome = "translated"
	// Changed: translated, with a difference in behaviour (Reason says which).
	Changed Outcome = "changed"
	// Ignored: accepted but has no effect on APISIX (Reason says why).
	Ignored Outcome = "ignored"
	// Blocked: cannot be served; the Ingress is left as it is (Reason says
	// why, Instead names the APISIX way).
	Blocked Outcome = "blocked"
	// Skipped: the object is not ingress-nginx's (another ingress class).
	Skipped Outcome = "skipped"
)

// rank orders outcomes for "worst of".
func (o Outcome) rank() int {
	switch o {
	case Changed:
		return 1
	case Ignored:
		return 1
	case Blocked:
		return 3
	}
	return 0
}

// Report is the result of a migration, in the order of the input.
type Report struct {
	// Mode is "ingress", "crd" or "gateway-api".
	Mode      string          `json:"mode"`
	Ingresses []IngressReport `json:"ingresses"`
	Traps     []Trap          `json:"traps"`
	Totals    Totals          `json:"totals"`
}

// IngressReport is what happens to one Ingress.
type IngressReport struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Source is "file:line" (or "cluster").
	Source string `json:"source"`
	// Outcome is the worst outcome of its annotations and messages.
	Outcome Outcome `json:"outcome"`
	// Output says what was written: "rewritten", "unchanged" (blocked or
	// skipped), "ApisixRoute" or "kept as Ingress: <why>" (ModeCRD).
	Output      string             `json:"output"`
	Annotations []AnnotationReport `json:"annotations,omitempty"`
	// Messages are problems and differences found by translating the
	// Ingress that belong to no single annotation.
	Messages []Message `json:"messages,omitempty"`
}

// AnnotationReport is what happens to one annotation.
type AnnotationReport struct {
	Key     string  `json:"key"`
	Value   string  `json:"value"`
	Outcome Outcome `json:"outcome"`
	// Reason: the difference (changed), why (ignored, blocked) or what it
	// becomes in APISIX (translated).
	Reason string `json:"reason"`
	// Instead is, for a blocked annotation, the APISIX way to do it.
	Instead string `json:"instead,omitempty"`
	// Rewritten is the key=value written instead, when it changes.
	Rewritten string `json:"rewritten,omitempty"`
	// Form and GatewayAPI say, with --to gateway-api, which form the
	// annotation took in the Gateway API objects and what it became.
	Form       Form   `json:"form,omitempty"`
	GatewayAPI string `json:"gatewayAPI,omitempty"`
}

// Message severities.
const (
	// SeverityError blocks the Ingress.
	SeverityError = "error"
	// SeverityWarning is a difference in behaviour.
	SeverityWarning = "warning"
	// SeverityInfo changes nothing (e.g. a Service not in the input).
	SeverityInfo = "info"
)

// Message is a problem or a difference that belongs to no single annotation.
type Message struct {
	Severity string `json:"severity"`
	Field    string `json:"field,omitempty"`
	Text     string `json:"text"`
}

// Trap is a cluster-level effect: something that only shows when several
// Ingresses are looked at together.
type Trap struct {
	// Kind is "use-regex", "canary" or "affinity".
	Kind string `json:"kind"`
	Host string `json:"host,omitempty"`
	// Ingresses are the namespace/name of the Ingresses involved.
	Ingresses []string `json:"ingresses"`
	Text      string   `json:"text"`
}

// Totals count the report's entries.
type Totals struct {
	Documents   int             `json:"documents"`
	Ingresses   int             `json:"ingresses"`
	ByOutcome   map[Outcome]int `json:"ingressesByOutcome"`
	Annotations map[Outcome]int `json:"annotationsByOutcome"`
	// Rewritten counts the Ingresses written in the new form; PassedThrough
	// the documents written unchanged.
	Rewritten     int `json:"rewritten"`
	PassedThrough int `json:"passedThrough"`
	Traps         int `json:"traps"`
	// Forms counts, with --to gateway-api, the annotations by form.
	Forms map[Form]int `json:"annotationsByForm,omitempty"`
}
