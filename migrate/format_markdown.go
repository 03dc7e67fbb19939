package migrate

import (
	"fmt"
	"io"
	"strings"
)

// writeMarkdown writes the report for a pull request: a summary, the
// annotations by key, the traps, then a section per Ingress.
func (rep *Report) writeMarkdown(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "# Migration from ingress-nginx (--to %s)\n\n", rep.Mode)
	fmt.Fprintf(b, "%s\n\n", rep.Totals.summary())
	b.WriteString("| Ingress | Source | Outcome | Output |\n|---|---|---|---|\n")
	for _, ir := range rep.Ingresses {
		fmt.Fprintf(b, "| %s/%s | %s | %s | %s |\n", ir.Namespace, ir.Name, md(ir.Source), ir.Outcome, md(ir.Output))
	}
	b.WriteString("\n## Annotations by key\n\n| Annotation | Outcome | Ingresses |\n|---|---|---|\n")
	for _, kc := range rep.keyCounts() {
		fmt.Fprintf(b, "| `%s` | %s | %d |\n", kc.key, kc.outcome, kc.n)
	}
	if rep.Totals.Forms != nil {
		b.WriteString("\n## Gateway API forms by key\n\n| Annotation | Form | Ingresses |\n|---|---|---|\n")
		for _, kf := range rep.formCounts() {
			fmt.Fprintf(b, "| `%s` | %s | %d |\n", kf.key, kf.form, kf.n)
		}
	}
	if len(rep.Traps) > 0 {
		b.WriteString("\n## Cluster-level traps\n\n")
		for _, t := range rep.Traps {
			fmt.Fprintf(b, "- **%s**: %s\n", t.Kind, md(t.Text))
		}
	}
	b.WriteString("\n## Ingresses\n")
	for _, ir := range rep.Ingresses {
		fmt.Fprintf(b, "\n### %s/%s: %s\n\n%s; output: %s\n", ir.Namespace, ir.Name, ir.Outcome, md(ir.Source), md(ir.Output))
		if len(ir.Annotations) > 0 {
			b.WriteString("\n| Annotation | Value | Outcome | Detail |\n|---|---|---|---|\n")
			for _, a := range ir.Annotations {
				fmt.Fprintf(b, "| `%s` | `%s` | %s | %s |\n", a.Key, md(oneLine(a.Value)), a.Outcome, md(a.detail()))
			}
		}
		if len(ir.Messages) > 0 {
			b.WriteString("\n")
			for _, m := range ir.Messages {
				fmt.Fprintf(b, "- %s: `%s` %s\n", m.Severity, orDash(m.Field), md(m.Text))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// md escapes a table cell.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
