package migrate

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Formats of the report.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
)

// Write writes the report in a format: text (a table per Ingress),
// markdown (for a pull request) or json.
func (rep *Report) Write(w io.Writer, format string) error {
	switch format {
	case FormatText, "":
		return rep.writeText(w)
	case FormatMarkdown, "md":
		return rep.writeMarkdown(w)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return fmt.Errorf("unknown format %q: use text, markdown or json", format)
}

// detail is an annotation's reason, with its instead and rewrite.
func (a AnnotationReport) detail() string {
	d := a.Reason
	if a.Instead != "" {
		d += "; instead: " + a.Instead
	}
	if a.Rewritten != "" {
		d += "; written as " + a.Rewritten
	}
	if a.Form != "" {
		d += "; Gateway API: " + a.GatewayAPI
	}
	return d
}

func (rep *Report) writeText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, ir := range rep.Ingresses {
		fmt.Fprintf(tw, "Ingress %s/%s (%s): %s; %s\n", ir.Namespace, ir.Name, ir.Source, strings.ToUpper(string(ir.Outcome)), ir.Output)
		for _, a := range ir.Annotations {
			fmt.Fprintf(tw, "  %s\t%s=%s\t%s\n", a.Outcome, a.Key, oneLine(a.Value), a.detail())
		}
		for _, m := range ir.Messages {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.Severity, orDash(m.Field), m.Text)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Traps) > 0 {
		fmt.Fprintln(w, "Cluster-level traps:")
		for _, t := range rep.Traps {
			fmt.Fprintf(w, "  [%s] %s\n", t.Kind, t.Text)
		}
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintln(w, rep.Totals.summary())
	return err
}

// summary is the totals in one paragraph.
func (t Totals) summary() string {
	s := fmt.Sprintf("Totals: %d documents, %d ingress-nginx Ingresses (%s); annotations: %s; %d Ingresses rewritten, %d documents passed through unchanged; %d traps",
		t.Documents, t.Ingresses, countList(t.ByOutcome), countList(t.Annotations), t.Rewritten, t.PassedThrough, t.Traps)
	if len(t.Forms) > 0 {
		s += "; Gateway API: " + formList(t.Forms)
	}
	return s
}

func countList(m map[Outcome]int) string {
	var parts []string
	for _, o := range []Outcome{Translated, Changed, Ignored, Blocked, Skipped} {
		if m[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[o], o))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine shortens a value for a table cell.
func oneLine(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	if len(v) > 60 {
		v = v[:57] + "..."
	}
	return v
}

// keyCounts counts the annotations by key and outcome, for the summary.
func (rep *Report) keyCounts() []keyCount {
	m := map[[2]string]int{}
	for _, ir := range rep.Ingresses {
		for _, a := range ir.Annotations {
			m[[2]string{a.Key, string(a.Outcome)}]++
		}
	}
	out := make([]keyCount, 0, len(m))
	for k, n := range m {
		out = append(out, keyCount{key: k[0], outcome: Outcome(k[1]), n: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].outcome.rank() != out[j].outcome.rank() {
			return out[i].outcome.rank() > out[j].outcome.rank()
		}
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].key < out[j].key
	})
	return out
}

type keyCount struct {
	key     string
	outcome Outcome
	n       int
}
